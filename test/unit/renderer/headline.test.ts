import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PointResult, PrecisionVariantInfo } from '../../../electron/contract/run';
import { remeasureParams, runHeadline, speedupInterval } from '../../../common/headline';
import { failed, measured } from './make-points';

const unstable = (p: PointResult): PointResult => (p.verdict === 'failed' ? p : { ...p, verdict: 'unstable' });
const int8Variant: PrecisionVariantInfo = {
  precision: 'int8',
  error: null,
  conversion: {
    target: 'int8', converterVersion: 1, int8: null, sourcePath: 'a', sourceSha256: 'x', outputPath: 'b', sourceBytes: 1000, outputBytes: 260, nodesTotal: 4, nodesConverted: 2, keptFp32: [], warnings: [], skipped: null, convertMs: 1,
    accuracy: { samples: 8, inputs: 'random', outputs: [], maxAbsError: 0.01, relativeL2: 0.002, cosine: 0.99991, top1Agreement: 0.875 },
  },
};

test('without an SLO the answer is the highest-throughput valid point, with its speed-up interval and accuracy', () => {
  // batch 4: FP32 2 ms (2000/s), INT8 1 ms (4000/s); batch 8 INT8 is faster still but unstable.
  const points = [measured(0, 'fp32', 4, 2), measured(1, 'int8', 4, 1), unstable(measured(2, 'int8', 8, 1.5)), failed(3, 'fp32', 16, 'oom')];
  const h = runHeadline({ points, variants: [int8Variant], sloMs: null, running: false });
  assert.equal(h.point?.index, 1);
  assert.equal(h.configuration, 'INT8 · cpu, batch 4');
  assert.equal(h.speedup?.ratio, 2);
  assert.ok(h.speedup && h.speedup.low < 2 && h.speedup.high > 2);
  assert.equal(h.remeasure, false);
  assert.match(h.text, /^Best throughput: INT8 · cpu, batch 4 — 4\.00 k samples\/s, p99 1\.50 ms, 2\.00× FP32 \(95% interval 1\.98–2\.02×\), cosine 0\.99991, top-1 87\.5% against FP32\. Verdict: valid: its mean is known within ±0\.5% \(1 other point of 3 is unstable\)\.$/);
});

test('under an SLO only points whose p99 meets it count; an unstable answer asks to be re-measured', () => {
  const points = [unstable(measured(0, 'fp32', 1, 1)), measured(1, 'fp32', 8, 10)];
  const h = runHeadline({ points, variants: [], sloMs: 5, running: false });
  assert.equal(h.point?.index, 0, 'batch 8 (p99 15 ms) misses the SLO; the unstable batch 1 is all that meets it');
  assert.equal(h.remeasure, true);
  assert.match(h.text, /^Best under p99 ≤ 5\.00 ms: FP32 · cpu, batch 1 — .*Verdict: unstable: re-measure on a quiet machine\.$/);
});

test('no point meets the SLO: "yet" only while the run goes', () => {
  const points = [measured(0, 'fp32', 1, 10)];
  assert.equal(runHeadline({ points, variants: [], sloMs: 5, running: true }).text, 'No measured point meets p99 ≤ 5.00 ms yet; the lowest p99 was 15.0 ms.');
  assert.equal(runHeadline({ points, variants: [], sloMs: 5, running: false }).text, 'No measured point meets p99 ≤ 5.00 ms; the lowest p99 was 15.0 ms.');
  assert.equal(runHeadline({ points: [failed(0, 'fp32', 1, 'x')], variants: [], sloMs: null, running: false }).text, 'No point was measured: see the failed points below.');
});

test('the speed-up interval takes both means\' intervals at their extremes', () => {
  const fast = { ...measured(0, 'int8', 1, 1), verdict: 'valid' } as Extract<PointResult, { verdict: 'valid' }>;
  const base = { ...measured(1, 'fp32', 1, 3), verdict: 'valid' } as Extract<PointResult, { verdict: 'valid' }>;
  fast.stats = { ...fast.stats, ciRelative: 0.1 };
  base.stats = { ...base.stats, ciRelative: 0.2 };
  const s = speedupInterval(fast, base);
  assert.ok(Math.abs(s.ratio - 3) < 1e-12);
  assert.ok(Math.abs(s.low - (3 * 0.8) / 1.1) < 1e-12 && Math.abs(s.high - (3 * 1.2) / 0.9) < 1e-12);
});

test('re-measuring runs the answer\'s configuration and its FP32 baseline with the run\'s other settings', () => {
  const point = measured(1, 'int8', 4, 1);
  if (point.verdict === 'failed') throw new Error('measured');
  const options = { modelPath: '/m.onnx', batches: [1, 2, 4, 8], providers: ['cpu' as const], threads: [null], precisions: ['fp32' as const, 'int8' as const], dims: { seq: 8 }, shapes: {}, intRanges: {}, maxLatencyMs: 50, stopping: { warmupIterations: 1, warmupMs: 0, minIterations: 5, minTimeMs: 10, maxTimeMs: 100, targetRelativeCi: 0.05, maxIterations: 1000 }, seed: 3, profileOrt: false };
  const p = remeasureParams(options, point);
  assert.equal(p.model, '/m.onnx');
  assert.deepEqual([p.options.batches, p.options.precisions, p.options.providers, p.options.threads, p.options.maxLatencyMs, p.options.seed, p.options.dims], [[4], ['fp32', 'int8'], ['cpu'], [null], null, 3, { seq: 8 }]);
  assert.ok(!('modelPath' in p.options));
});
