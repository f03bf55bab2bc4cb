import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitSetupAtLeastZero, recommendBatchSize } from '../../../electron/engine/recommend/batch-size';
import { linearCurve, syntheticRun } from './synthetic-run';

const BATCHES = [1, 2, 4, 8, 16, 32, 64];

// T(B) = 2 + 0.5·B ms, p99 = 1.2 × mean: p99 at 16 is 12 ms, at 32 it is 21.6 ms.
test('picks the highest-throughput batch whose p99 meets the SLO', () => {
  const rec = recommendBatchSize(syntheticRun(linearCurve(BATCHES, 2, 0.5)), 20);
  const g = rec.groups[0];
  assert.ok(g);
  assert.equal(g.batch, 16);
  assert.ok(Math.abs((g.throughput ?? 0) - 16 / 0.01) < 1e-6);
  assert.match(g.explanation, /Batch 16 .* batch 32 would break the SLO/);
  assert.equal(rec.best?.batch, 16);
  assert.match(rec.explanation, /batch 16/);
});

test('a tighter SLO picks a smaller batch', () => {
  const rec = recommendBatchSize(syntheticRun(linearCurve(BATCHES, 2, 0.5)), 5);
  assert.equal(rec.groups[0]?.batch, 4); // p99(4) = 4.8, p99(8) = 7.2
});

test('fit, knee and saturation of a known line', () => {
  const g = recommendBatchSize(syntheticRun(linearCurve(BATCHES, 2, 0.5)), 20).groups[0];
  assert.ok(g?.fit);
  assert.ok(Math.abs(g.fit.setupMs - 2) < 1e-9 && Math.abs(g.fit.marginalMs - 0.5) < 1e-9 && g.fit.r2 > 0.999999);
  assert.ok(Math.abs((g.asymptoticThroughput ?? 0) - 2000) < 1e-6);
  // 90% of 2000/s is 1800/s: batch 32 gives 1778/s, batch 64 gives 1882/s; the line reaches it at B = 9·2/0.5 = 36.
  assert.equal(g.kneeBatch, 64);
  assert.ok(Math.abs((g.kneeFittedBatch ?? 0) - 36) < 1e-9);
  // Batch-1 mean 2.5 ms; batch 8 is the first above 5 ms (6 ms).
  assert.equal(g.saturationBatch, 8);
  assert.equal(g.saturationReferenceBatch, 1);
});

test('knee not reached within the measured batches is said so', () => {
  const g = recommendBatchSize(syntheticRun(linearCurve([1, 2, 4, 8], 2, 0.5)), 100).groups[0];
  assert.equal(g?.kneeBatch, null);
  assert.ok(g?.notes.some((n) => /not reached/.test(n) && /batch 36/.test(n)));
  assert.match(g?.explanation ?? '', /largest batch measured/);
});

test('no marginal cost: a flat or falling T(B) gives no asymptote and says why', () => {
  const g = recommendBatchSize(syntheticRun([{ batch: 1, meanMs: 5 }, { batch: 2, meanMs: 5 }, { batch: 4, meanMs: 4.9 }]), 100).groups[0];
  assert.ok(g?.fit && g.fit.marginalMs <= 0);
  assert.equal(g.asymptoticThroughput, null);
  assert.equal(g.kneeBatch, null);
  assert.ok(g.notes.some((n) => /no marginal cost/.test(n)));
  assert.equal(g.saturationBatch, null);
});

test('failed points are skipped and unstable ones are flagged', () => {
  const points = linearCurve(BATCHES, 2, 0.5);
  points[4] = { ...points[4], batch: 16, meanMs: 10, verdict: 'unstable' };
  points[5] = { batch: 32, meanMs: 0, verdict: 'failed' };
  const g = recommendBatchSize(syntheticRun(points), 50).groups[0];
  assert.deepEqual(g?.points.map((p) => p.batch), [1, 2, 4, 8, 16, 64]);
  assert.deepEqual(g?.unstableBatches, [16]);
  assert.match(g?.explanation ?? '', /unstable.*16/);
});

test('the chosen batch being unstable is called out', () => {
  const points = linearCurve([1, 2, 4], 2, 0.5);
  points[2] = { batch: 4, meanMs: 4, verdict: 'unstable' };
  const g = recommendBatchSize(syntheticRun(points), 50).groups[0];
  assert.equal(g?.batch, 4);
  assert.match(g?.explanation ?? '', /re-measure/);
});

test('best group across precisions, and the closest group when nothing meets the SLO', () => {
  const run = syntheticRun([...linearCurve([1, 2, 4], 4, 1), ...linearCurve([1, 2, 4], 2, 0.4, { precision: 'int8' })]);
  const ok = recommendBatchSize(run, 10);
  assert.equal(ok.groups.length, 2);
  assert.equal(ok.best?.precision, 'int8');
  assert.equal(ok.best?.batch, 4);
  const none = recommendBatchSize(run, 1);
  assert.equal(none.best, null);
  assert.equal(none.groups.every((g) => g.batch === null), true);
  // int8 batch 1: mean 2.4, p99 2.88 ms — the smallest p99 anywhere.
  assert.equal(none.closest?.precision, 'int8');
  assert.equal(none.closest?.batch, 1);
  assert.ok(Math.abs((none.closest?.p99Ms ?? 0) - 2.88) < 1e-9);
  assert.match(none.explanation, /No batch meets the 1 ms SLO.*fp32|int8/);
  assert.match(none.groups[0]?.explanation ?? '', /No batch meets the 1 ms SLO; the lowest p99 is 6.00 ms at batch 1/);
});

test('filters by precision and provider', () => {
  const run = syntheticRun([...linearCurve([1, 2], 4, 1), ...linearCurve([1, 2], 2, 0.4, { precision: 'int8' })]);
  const rec = recommendBatchSize(run, 10, { precision: 'fp32' });
  assert.deepEqual(rec.groups.map((g) => g.precision), ['fp32']);
});

test('a T(B) fit that would start below zero is held at T_setup = 0, fitted through the origin, and says why', () => {
  // 0.2, 0.6, 1.4, 3.0 ms at 1, 2, 4, 8: the free fit is −0.2 + 0.4·B.
  const free = fitSetupAtLeastZero([{ x: 1, y: 0.2 }, { x: 2, y: 0.6 }, { x: 4, y: 1.4 }, { x: 8, y: 3.0 }]);
  assert.equal(free.a, 0);
  assert.ok(free.unconstrainedSetupMs !== null && free.unconstrainedSetupMs < 0);
  // Through the origin: b = Σxy / Σx² = (0.2 + 1.2 + 5.6 + 24) / (1 + 4 + 16 + 64).
  assert.ok(Math.abs(free.b - 31 / 85) < 1e-12);
  const group = recommendBatchSize(syntheticRun([1, 2, 4, 8].map((batch, i) => ({ batch, meanMs: [0.2, 0.6, 1.4, 3.0][i] as number }))), 100).groups[0];
  assert.ok(group);
  assert.equal(group.fit?.setupMs, 0);
  assert.equal(group.fit?.setupConstrained, true);
  assert.ok(group.notes.some((n) => /negative setup time .* held at 0/.test(n)), group.notes.join(' | '));
  // A positive intercept is left alone.
  const ok = fitSetupAtLeastZero([{ x: 1, y: 3 }, { x: 2, y: 5 }]);
  assert.deepEqual([ok.a, ok.b, ok.unconstrainedSetupMs], [1, 2, null]);
});
