import { test } from 'node:test';
import assert from 'node:assert/strict';
import { criterionText, earlyMedianMs, measurementWarnings, percentText } from '../../../electron/engine/bench/measure-text';
import type { LatencyStats } from '../../../electron/contract/run';

test('percentText keeps two significant digits at most and drops a trailing .0', () => {
  assert.equal(percentText(0.0234), '2.3');
  assert.equal(percentText(0.008), '0.8');
  assert.equal(percentText(0.01), '1');
  assert.equal(percentText(0.153), '15');
  assert.equal(percentText(0.00042), '0.042');
  assert.equal(percentText(0.0099), '0.99');
  assert.equal(percentText(0.1), '10');
  assert.equal(percentText(0.0105), '1.1');
});

const base = { target: 0.01, minIterations: 10, minTimeMs: 500 };

test('criterionText: the sentence that decided the verdict', () => {
  assert.equal(criterionText({ ...base, stop: 'converged', ciRelative: 0.008, iterations: 412, elapsedMs: 900 }), '95% CI half-width 0.8% ≤ 1% after 412 iterations');
  assert.equal(
    criterionText({ ...base, stop: 'max-time', ciRelative: 0.023, iterations: 5000, elapsedMs: 10_003 }),
    '95% CI half-width 2.3% of the mean after 10.0 s (target 1%)',
  );
  assert.equal(
    criterionText({ ...base, stop: 'max-iterations', ciRelative: 0.05, iterations: 100, elapsedMs: 300 }),
    '95% CI half-width 5% of the mean after 100 iterations (the iteration limit) (target 1%)',
  );
  // Under target but short of a minimum: say which.
  assert.equal(
    criterionText({ ...base, stop: 'max-iterations', ciRelative: 0.005, iterations: 8, elapsedMs: 700 }),
    '95% CI half-width 0.5% of the mean after 8 iterations (the iteration limit), but only 8 of 10 minimum iterations (target 1%)',
  );
});

function stats(patch: Partial<LatencyStats>): LatencyStats {
  return {
    iterations: 1000,
    totalTimeMs: 1000,
    meanMs: 1,
    stdevMs: 0.02,
    minMs: 0.95,
    p50Ms: 1,
    p90Ms: 1.02,
    p95Ms: 1.03,
    p99Ms: 1.05,
    maxMs: 1.1,
    ciHalfWidthMs: 0.001,
    ciRelative: 0.001,
    throughput: 1000,
    converged: true,
    outliers: 0,
    ...patch,
  };
}

test('measurementWarnings: none for a clean point', () => {
  assert.deepEqual(measurementWarnings({ stats: stats({}), firstInferenceMs: 3, clockResolutionMs: 0.00003, warmupRuns: 5, earlyMedianMs: 1 }), []);
});

test('measurementWarnings: outliers, slow first run, coarse clock, noisy machine', () => {
  const w = measurementWarnings({ stats: stats({ outliers: 25, stdevMs: 0.3, p50Ms: 0.05 }), firstInferenceMs: 40, clockResolutionMs: 0.001, warmupRuns: 1, earlyMedianMs: 0.08 });
  assert.equal(w.length, 4);
  assert.match(w[0] as string, /^25 outliers \(2\.5% of 1000 samples\)/);
  assert.equal(w[1], 'slow first run: the first inference took 40.00 ms, 800× the median, and the first timed runs were still 60% slower; 1 warm-up run may be too few');
  assert.match(w[2] as string, /^coarse clock: its resolution \(1\.0 µs\)/);
  assert.match(w[3] as string, /^noisy machine: the standard deviation is 30% of the mean/);
});

test('measurementWarnings: a few outliers under 1% of the samples are not worth a warning', () => {
  assert.deepEqual(measurementWarnings({ stats: stats({ outliers: 9 }), firstInferenceMs: 3, clockResolutionMs: 0.00003, warmupRuns: 5, earlyMedianMs: 1 }), []);
});

test('measurementWarnings: a slow first inference that warm-up absorbed is not worth a warning', () => {
  assert.deepEqual(measurementWarnings({ stats: stats({}), firstInferenceMs: 50, clockResolutionMs: 0.00003, warmupRuns: 5, earlyMedianMs: 1.05 }), []);
});

test('earlyMedianMs: the median of the first min(20, n/10) samples, 2 at least', () => {
  const xs = Float64Array.from({ length: 100 }, (_, i) => (i < 10 ? 10 + i : 1));
  assert.equal(earlyMedianMs(xs), 14.5); // first 10: 10..19
  assert.equal(earlyMedianMs(Float64Array.from([5, 3, 1, 1, 1])), 4); // first 2
  assert.equal(earlyMedianMs(Float64Array.from({ length: 1000 }, (_, i) => i)), 9.5); // first 20
});
