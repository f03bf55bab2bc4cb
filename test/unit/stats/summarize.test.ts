import { test } from 'node:test';
import assert from 'node:assert/strict';
import { latencyStatsSchema } from '../../../electron/contract/run';
import { tukeyOutliers } from '../../../electron/engine/stats/outliers';
import { sortSamples } from '../../../common/stats/sorted-samples';
import { summarize } from '../../../electron/engine/stats/summarize';

const close = (actual: number, expected: number, tol = 1e-9): void =>
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${actual} != ${expected}`);

// Eleven latencies near 1.25 ms and one 5 ms spike; expected numbers from numpy/scipy.
const spiky = Float64Array.from([1.2, 1.3, 1.25, 1.22, 1.31, 1.27, 1.24, 1.26, 1.29, 1.21, 5.0, 1.28]);

test('tukeyOutliers uses the 3×IQR far-out fences', () => {
  const o = tukeyOutliers(sortSamples(spiky));
  close(o.lowerFence, 1.0625);
  close(o.upperFence, 1.465);
  assert.deepEqual([o.low, o.high, o.count], [0, 1, 1]);
  // With the inner 1.5×IQR fence, 1.2 is still inside (fence 1.14875) and only the spike is out.
  assert.equal(tukeyOutliers(sortSamples(spiky), 1.5).count, 1);
  const both = tukeyOutliers(sortSamples(Float64Array.from([0.01, 10, 10.1, 10.2, 10.3, 10.1, 10.2, 99])));
  assert.deepEqual([both.low, both.high], [1, 1]);
  assert.equal(tukeyOutliers(sortSamples(Float64Array.from([2, 2, 2, 2]))).count, 0);
});

test('summarize: every field of LatencyStats from known samples', () => {
  const s = summarize(spiky, 8, true);
  assert.equal(s.iterations, 12);
  close(s.totalTimeMs, 18.83);
  close(s.meanMs, 1.5691666666666668);
  close(s.stdevMs, 1.0810050738534809);
  close(s.minMs, 1.2);
  close(s.p50Ms, 1.265);
  close(s.p90Ms, 1.309);
  close(s.p95Ms, 2.9705);
  close(s.p99Ms, 4.5941);
  close(s.maxMs, 5);
  close(s.ciHalfWidthMs, 0.6868378557771211, 1e-6);
  close(s.ciRelative, 0.6868378557771211 / 1.5691666666666668, 1e-6);
  close(s.throughput, 8 / (1.5691666666666668 / 1000));
  assert.equal(s.converged, true);
  assert.equal(s.outliers, 1);
  assert.doesNotThrow(() => latencyStatsSchema.parse(s));
});

test('summarize: percentiles are ordered and throughput is batch per mean second', () => {
  const xs = new Float64Array(1000);
  let seed = 7;
  for (let i = 0; i < xs.length; i++) {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    xs[i] = 2 + (seed / 2147483648) ** 4 * 3;
  }
  const s = summarize(xs, 64, false);
  const ordered = [s.minMs, s.p50Ms, s.p90Ms, s.p95Ms, s.p99Ms, s.maxMs];
  for (let i = 1; i < ordered.length; i++) assert.ok((ordered[i - 1] as number) <= (ordered[i] as number), ordered.join(' '));
  close(s.throughput, 64 / (s.meanMs / 1000), 1e-12);
  assert.equal(s.converged, false);
});

test('summarize refuses fewer than two samples', () => {
  assert.throws(() => summarize(Float64Array.from([1]), 1, true), RangeError);
});
