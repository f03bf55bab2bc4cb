// Window (batch-means) intervals on synthetic series: textbook-sized on independent samples, wider where samples
// are autocorrelated or drift, and covering the true mean where the per-iteration interval does not.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confidenceHalfWidth } from '../../../electron/engine/stats/student-t';
import { meanAndVariance } from '../../../electron/engine/stats/moments';
import { STABILITY_SHARE, windowStats } from '../../../electron/engine/stats/windows';
import { rng } from './seeded-rng';

/** Latencies around `mean` with noise `sd`, each correlated with the previous by `rho` (AR(1); rho 0: independent). */
function ar1(n: number, mean: number, sd: number, rho: number, seed: number): Float64Array {
  const { normal } = rng(seed);
  const out = new Float64Array(n);
  let e = normal() * sd;
  for (let i = 0; i < n; i++) {
    e = rho * e + Math.sqrt(1 - rho * rho) * sd * normal();
    out[i] = mean + e;
  }
  return out;
}

function iidHalfWidth(x: Float64Array): number {
  const { variance } = meanAndVariance(x);
  return confidenceHalfWidth(Math.sqrt(variance), x.length);
}

test('independent samples: the window interval matches the textbook one and covers the true mean ~95% of the time', () => {
  let covered = 0;
  const ratios: number[] = [];
  const runs = 400;
  for (let seed = 1; seed <= runs; seed++) {
    const x = ar1(4000, 1, 0.05, 0, seed);
    const w = windowStats(x);
    assert.equal(w.count, 20);
    assert.equal(w.size, 200);
    ratios.push(w.ciHalfWidthMs / iidHalfWidth(x));
    if (Math.abs(w.meanMs - 1) <= w.ciHalfWidthMs) covered++;
  }
  ratios.sort((a, b) => a - b);
  const median = ratios[runs / 2] as number;
  // t(19)/t(3999) = 1.066 times E[sd of 20 means]/sd: the median ratio sits near 1.05.
  assert.ok(median > 0.95 && median < 1.15, `median ratio ${median}`);
  assert.ok(covered / runs > 0.92 && covered / runs < 0.98, `coverage ${covered / runs}`);
});

test('autocorrelated samples (AR(1), rho 0.9): the interval widens ~sqrt((1+rho)/(1-rho)) = 4.4x and still covers', () => {
  let covered = 0;
  let coveredIid = 0;
  const ratios: number[] = [];
  const runs = 300;
  for (let seed = 1; seed <= runs; seed++) {
    const x = ar1(20_000, 1, 0.05, 0.9, seed);
    const w = windowStats(x);
    ratios.push(w.ciHalfWidthMs / iidHalfWidth(x));
    if (Math.abs(w.meanMs - 1) <= w.ciHalfWidthMs) covered++;
    const { mean } = meanAndVariance(x);
    if (Math.abs(mean - 1) <= iidHalfWidth(x)) coveredIid++;
    assert.ok(w.lag1 > 0.8, `lag1 ${w.lag1}`);
  }
  ratios.sort((a, b) => a - b);
  const median = ratios[runs / 2] as number;
  assert.ok(median > 3.5 && median < 5.5, `median ratio ${median}`);
  assert.ok(covered / runs > 0.9, `window coverage ${covered / runs}`);
  assert.ok(coveredIid / runs < 0.6, `per-iteration coverage ${coveredIid / runs} should be poor`);
});

test('a drifting machine (latency creeping up 20% over the point) widens the interval far past the textbook one', () => {
  const { normal } = rng(7);
  const n = 10_000;
  const x = Float64Array.from({ length: n }, (_, i) => 1 + 0.2 * (i / n) + 0.02 * normal());
  const w = windowStats(x);
  assert.ok(w.ciHalfWidthMs > 8 * iidHalfWidth(x), `${w.ciHalfWidthMs} vs ${iidHalfWidth(x)}`);
  assert.ok(w.ciRelative > 0.02, `ci ${w.ciRelative}`);
});

test('a level shift in the last windows: they disagree, so the point is not stable; steady windows are', () => {
  const steady = ar1(6000, 1, 0.02, 0, 3);
  assert.equal(windowStats(steady).stable, true);
  const shifted = Float64Array.from(steady, (v, i) => (i >= 5400 ? v * 1.12 : v));
  const w = windowStats(shifted);
  assert.ok(w.lastSpreadRelative > STABILITY_SHARE, `${w.lastSpreadRelative}`);
  assert.equal(w.stable, false);
});

test('few samples: one per window, the interval is the textbook one; two samples at least', () => {
  const x = Float64Array.of(10, 12, 11, 13, 9);
  const w = windowStats(x);
  assert.equal(w.count, 5);
  assert.equal(w.size, 1);
  assert.ok(Math.abs(w.ciHalfWidthMs - iidHalfWidth(x)) < 1e-12);
  assert.throws(() => windowStats(Float64Array.of(1)), RangeError);
});
