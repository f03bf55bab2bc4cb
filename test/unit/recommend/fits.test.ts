import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fitLinear, fitUsl, uslThroughput } from '../../../electron/engine/stats/fits';

/** Deterministic noise in [-amp, amp] (a fixed LCG), so the tests are repeatable. */
function noise(seed: number, amp: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s / 2 ** 32 - 0.5) * 2 * amp;
  };
}

test('fitLinear recovers an exact line with R² = 1', () => {
  const fit = fitLinear([1, 2, 4, 8, 16].map((x) => ({ x, y: 0.5 + 0.25 * x })));
  assert.ok(Math.abs(fit.a - 0.5) < 1e-12);
  assert.ok(Math.abs(fit.b - 0.25) < 1e-12);
  assert.ok(Math.abs(fit.r2 - 1) < 1e-12);
});

test('fitLinear R² matches a hand-computed case', () => {
  // x = 0,1,2; y = 0,2,1: b = 0.5, a = 0.5, residuals -0.5, 1, -0.5 → SSres = 1.5, SStot = 2, R² = 0.25.
  const fit = fitLinear([{ x: 0, y: 0 }, { x: 1, y: 2 }, { x: 2, y: 1 }]);
  assert.ok(Math.abs(fit.b - 0.5) < 1e-12);
  assert.ok(Math.abs(fit.a - 0.5) < 1e-12);
  assert.ok(Math.abs(fit.r2 - 0.25) < 1e-12);
});

test('fitLinear refuses a single x', () => {
  assert.throws(() => fitLinear([{ x: 1, y: 1 }]), RangeError);
  assert.throws(() => fitLinear([{ x: 1, y: 1 }, { x: 1, y: 2 }]), RangeError);
});

for (const [alpha, beta, lambda] of [[0.05, 0.002, 1000], [0.1, 0.001, 37], [0.03, 0.0008, 200]] as const) {
  test(`fitUsl recovers α=${alpha}, β=${beta} within 5% from noisy data (±0.5%)`, () => {
    const rand = noise(42, 0.005);
    const points = [1, 2, 4, 6, 8, 12, 16, 24, 32, 48, 64].map((n) => ({ n, throughput: uslThroughput(n, alpha, beta, lambda) * (1 + rand()) }));
    const fit = fitUsl(points);
    assert.ok(Math.abs(fit.alpha - alpha) / alpha < 0.05, `alpha ${fit.alpha}`);
    assert.ok(Math.abs(fit.beta - beta) / beta < 0.05, `beta ${fit.beta}`);
    assert.ok(Math.abs(fit.lambda - lambda) / lambda < 0.05, `lambda ${fit.lambda}`);
    const expectedPeak = Math.sqrt((1 - alpha) / beta);
    assert.ok(fit.peakN !== null && Math.abs(fit.peakN - expectedPeak) / expectedPeak < 0.05, `peak ${fit.peakN}`);
    assert.ok(fit.r2 > 0.99);
  });
}

test('fitUsl is exact on noise-free data', () => {
  const points = [1, 2, 3, 5, 8, 13].map((n) => ({ n, throughput: uslThroughput(n, 0.01, 0.01, 5000) }));
  const fit = fitUsl(points);
  assert.ok(Math.abs(fit.alpha - 0.01) < 1e-6 && Math.abs(fit.beta - 0.01) < 1e-6 && Math.abs(fit.lambda - 5000) < 1e-3);
});

test('fitUsl on linear scaling gives α = β = 0 and no peak', () => {
  const fit = fitUsl([1, 2, 4, 8].map((n) => ({ n, throughput: 100 * n })));
  assert.ok(fit.alpha < 1e-6 && fit.beta < 1e-8, `${fit.alpha} ${fit.beta}`);
  assert.ok(fit.peakN === null || fit.peakN > 1000);
});

test('fitUsl needs three distinct N', () => {
  assert.throws(() => fitUsl([{ n: 1, throughput: 1 }, { n: 2, throughput: 2 }]), RangeError);
});
