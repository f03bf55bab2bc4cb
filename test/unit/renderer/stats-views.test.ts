import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binCount, histogram } from '../../../renderer/src/view-models/histogram';
import { accuracyRows, int8ContextOf, int8Verdict, precisionSpeedups, speedupRows } from '../../../renderer/src/view-models/speedups';
import { failed, measured } from './make-points';
import type { PointResult } from '../../../electron/contract/run';

test('histogram counts every sample once, edges span min…max', () => {
  const samples = Array.from({ length: 200 }, (_, i) => 1 + ((i * 37) % 100) / 10);
  const h = histogram(samples);
  assert.equal(h.total, 200);
  assert.equal(h.counts.reduce((a, b) => a + b, 0), 200);
  assert.equal(h.edges.length, h.counts.length + 1);
  assert.equal(h.edges[0], Math.min(...samples));
  assert.equal(h.edges[h.edges.length - 1], Math.max(...samples));
  assert.ok(h.counts.length >= 5 && h.counts.length <= 60);
});

test('histogram with fixed bins puts boundary values where they belong', () => {
  const h = histogram([0, 1, 2, 3, 4], 2);
  assert.deepEqual(h.edges, [0, 2, 4]);
  assert.deepEqual(h.counts, [2, 3]);
  assert.deepEqual(histogram([5, 5, 5]).counts, [3]);
  assert.equal(histogram([]).total, 0);
  assert.equal(binCount([1]), 1);
});

test('speed-ups are throughput ratios to FP32 at the same provider and batch, with intervals, and no FP32 bar', () => {
  const bars = precisionSpeedups([measured(0, 'fp32', 1, 4), measured(1, 'fp16', 1, 2), measured(2, 'int8', 1, 1), measured(3, 'fp32', 8, 16), failed(4, 'int8', 8, 'no kernel'), measured(5, 'fp16', 32, 1)]);
  assert.deepEqual(bars.labels, ['cpu · batch 1', 'cpu · batch 8']);
  assert.deepEqual(bars.datasets.map((d) => d.precision), ['fp16', 'int8']);
  assert.deepEqual(bars.datasets.find((d) => d.precision === 'fp16')?.values, [2, null]);
  assert.deepEqual(bars.datasets.find((d) => d.precision === 'int8')?.values, [4, null]);
  // Both means within ±0.5% (make-points): the ratio 2 lies in [2·0.995/1.005, 2·1.005/0.995].
  const [low, high] = bars.datasets.find((d) => d.precision === 'fp16')?.intervals[0] ?? [0, 0];
  assert.ok(Math.abs(low - (2 * 0.995) / 1.005) < 1e-12 && Math.abs(high - (2 * 1.005) / 0.995) < 1e-12, `${low}–${high}`);
  assert.equal(bars.datasets.find((d) => d.precision === 'fp16')?.intervals[1], null);
});

test('accuracy rows: reference, measured conversion, failed variant', () => {
  const conversion = {
    target: 'fp16' as const, converterVersion: 1, int8: null, sourcePath: 'a', sourceSha256: 'x', outputPath: 'b', sourceBytes: 1000, outputBytes: 500, nodesTotal: 10, nodesConverted: 8, keptFp32: [], warnings: [], skipped: null, convertMs: 1,
    accuracy: { samples: 8, inputs: 'random' as const, outputs: [], maxAbsError: 0.01, relativeL2: 0.001, cosine: 0.9999, top1Agreement: 1 },
  };
  const rows = accuracyRows([
    { precision: 'fp32', conversion: null, error: null },
    { precision: 'fp16', conversion, error: null },
    { precision: 'int8', conversion: null, error: { code: 'bad-input', message: 'cannot quantize' } },
  ]);
  assert.deepEqual(rows.map((r) => r.status), ['reference', 'measured', 'failed']);
  assert.equal(rows[1]?.sizeRatio, 0.5);
  assert.equal(rows[1]?.nodesConverted, '8 of 10');
  assert.equal(rows[2]?.note, 'cannot quantize');
});

test('histogram clipped at a quantile puts the tail in overflow and still counts every sample', () => {
  const samples = [...Array.from({ length: 99 }, (_, i) => 1 + i / 100), 50];
  const h = histogram(samples, 10, 0.99);
  assert.equal(h.overflow, 1);
  assert.equal(h.total, 100);
  assert.equal(h.counts.reduce((a, b) => a + b, 0) + h.overflow, 100);
  assert.ok((h.edges[h.edges.length - 1] ?? Infinity) < 50);
});

test('the INT8 sentence under the speed-up chart: median and range, the weights used, and when INT8 does not pay', () => {
  const slower = precisionSpeedups([measured(0, 'fp32', 1, 10), measured(1, 'int8', 1, 12.5), measured(2, 'fp32', 8, 10), measured(3, 'int8', 8, 100 / 9), measured(4, 'fp32', 32, 10), measured(5, 'int8', 32, 25 / 3)]);
  const avx2 = { weightEncoding: 'u8' as const, kernel: 'avx2' };
  assert.equal(int8Verdict(slower, avx2), "INT8 does not pay on this CPU: 0.90× FP32 (median over 3 configurations, 0.80–1.20×), with uint8 (zero point 128) weights for this CPU's INT8 path (avx2). FP32 is faster here.");
  const faster = precisionSpeedups([measured(0, 'fp32', 1, 10), measured(1, 'int8', 1, 10 / 3)]);
  assert.equal(int8Verdict(faster, null), 'INT8: 3.00× FP32 (median over 1 configuration, 3.00–3.00×).');
  assert.equal(int8Verdict(precisionSpeedups([measured(0, 'fp32', 1, 10)]), avx2), null);
  const int8 = { weightEncoding: 'u8' as const, choice: 'auto' as const, madeOn: { kernel: 'avx2' as const, signedWeightsSaturate: true, weightEncoding: 'u8' as const, summary: '' } };
  const conversion = {
    target: 'int8' as const, converterVersion: 2, int8, sourcePath: 'a', sourceSha256: 'x', outputPath: 'b', sourceBytes: 1000, outputBytes: 300, nodesTotal: 4, nodesConverted: 2, keptFp32: [], warnings: [], skipped: null, convertMs: 1, accuracy: null,
  };
  const variants = [{ precision: 'int8' as const, conversion, error: null }];
  assert.deepEqual(int8ContextOf(variants), avx2);
  assert.equal(accuracyRows(variants)[0]?.note, 'accuracy check skipped; uint8 (zero point 128) weights for avx2');
});

test('speed-up rows: each point\'s measured comparison (precision, threads, provider) with its paired interval; older points from their own intervals', () => {
  const withThreads = (p: PointResult, threads: number): PointResult => ({ ...p, threads });
  const fp32 = withThreads(measured(0, 'fp32', 4, 8), 1);
  const two = { ...withThreads(measured(1, 'fp32', 4, 5), 2), comparison: { baselineIndex: 0, baselinePrecision: 'fp32' as const, axis: 'threads' as const, speedup: 1.6, low: 1.5, high: 1.7, pairs: 3 } };
  const int8 = { ...withThreads(measured(2, 'int8', 4, 2), 1), comparison: { baselineIndex: 0, baselinePrecision: 'fp32' as const, axis: 'precision' as const, speedup: 4, low: 3.8, high: 4.2, pairs: 3 } };
  const cuda = { ...withThreads(measured(3, 'fp32', 4, 1, 'cuda'), 1), comparison: { baselineIndex: 0, baselinePrecision: 'fp32' as const, axis: 'provider' as const, speedup: 8, low: null, high: null, pairs: 1 } };
  const rows = speedupRows([fp32, two, int8, cuda]);
  assert.deepEqual(
    rows.map((r) => [r.compared, r.ratio, r.interval, r.basis]),
    [
      ['2 over 1 threads', '1.60×', '1.50–1.70×', '3 paired trials'],
      ['INT8 over FP32', '4.00×', '3.80–4.20×', '3 paired trials'],
      ['cuda over cpu', '8.00×', 'none (1 paired trial)', '1 paired trial'],
    ],
  );
  // The chart takes the paired interval where the point carries one against its FP32 point.
  assert.deepEqual(precisionSpeedups([fp32, int8]).datasets[0]?.intervals, [[3.8, 4.2]]);
  // A record without comparisons: FP16/INT8 over FP32 from the two points' intervals.
  const old = speedupRows([measured(0, 'fp32', 1, 4), measured(1, 'int8', 1, 1)]);
  assert.equal(old.length, 1);
  assert.deepEqual([old[0]?.compared, old[0]?.ratio, old[0]?.basis], ['INT8 over FP32', '4.00×', 'verdicts valid / valid']);
});
