// Intervals over independent trials and paired ratio intervals: known values, and coverage on seeded series.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pairedRatioInterval, trialInterval } from '../../../electron/engine/stats/trial-interval';
import { rng } from './seeded-rng';

const close = (actual: number, expected: number, tol = 1e-6) => assert.ok(Math.abs(actual - expected) <= tol, `${actual} is not ${expected} ± ${tol}`);

test('trial interval: t(k − 1) · sd / √k over the trial means', () => {
  // mean 12, sd 2; t(0.975, 2) = 4.302653: half-width 4.302653 · 2 / √3 = 4.968276.
  const i = trialInterval([10, 12, 14]);
  close(i.mean, 12);
  close(i.halfWidth, 4.968276);
  close(i.relative, 4.968276 / 12);
  assert.equal(i.trials, 3);
  // Five trials: mean 3, sd √2.5 = 1.581139, t(4) = 2.776445: 2.776445 · 1.581139 / √5 = 1.963243.
  close(trialInterval([1, 2, 3, 4, 5]).halfWidth, 1.963243);
  assert.equal(trialInterval([7]).halfWidth, Number.POSITIVE_INFINITY);
  assert.throws(() => trialInterval([]), RangeError);
});

test('paired ratio: geometric mean of a_i / b_i with a t interval on the log ratios', () => {
  const same = pairedRatioInterval([2, 4, 8], [1, 2, 4]);
  assert.deepEqual(same, { ratio: 2, low: 2, high: 2, pairs: 3 });
  // ln 2 and ln 3: mean ln √6, sd 0.286707, t(1) = 12.706205, half-width 2.575967 in logs.
  const r = pairedRatioInterval([2, 3], [1, 1]);
  close(r.ratio, Math.sqrt(6));
  close(r.low ?? NaN, Math.sqrt(6) * Math.exp(-2.575967), 1e-5);
  close(r.high ?? NaN, Math.sqrt(6) * Math.exp(2.575967), 1e-3);
  close((r.low ?? NaN) * (r.high ?? NaN), 6, 1e-6); // symmetric around the ratio on a log scale
  assert.deepEqual(pairedRatioInterval([3], [2]), { ratio: 1.5, low: null, high: null, pairs: 1 });
  assert.throws(() => pairedRatioInterval([1, 2], [1]), RangeError);
  assert.throws(() => pairedRatioInterval([1, 0], [1, 1]), RangeError);
});

test('coverage on seeded trials: the trial interval covers the true mean, the paired ratio the true ratio, ~95%', () => {
  const { normal } = rng(14);
  const sims = 2000;
  let meanCovered = 0;
  let ratioCovered = 0;
  for (let s = 0; s < sims; s++) {
    // Three trials whose means scatter 8% around 1 ms; a variant 2.5× faster, sharing each round's drift.
    const drift = [normal(), normal(), normal()].map((z) => Math.exp(0.08 * z));
    const a = drift.map((d) => d * Math.exp(0.03 * normal()));
    const b = drift.map((d) => (d / 2.5) * Math.exp(0.03 * normal()));
    const i = trialInterval(a);
    const trueMean = Math.exp(0.5 * (0.08 ** 2 + 0.03 ** 2)); // mean of a log-normal
    if (Math.abs(i.mean - trueMean) <= i.halfWidth) meanCovered++;
    const r = pairedRatioInterval(a, b);
    if ((r.low ?? Infinity) <= 2.5 && 2.5 <= (r.high ?? -Infinity)) ratioCovered++;
  }
  assert.ok(meanCovered / sims > 0.92 && meanCovered / sims < 0.98, `mean coverage ${meanCovered / sims}`);
  assert.ok(ratioCovered / sims > 0.93 && ratioCovered / sims < 0.97, `ratio coverage ${ratioCovered / sims}`);
});

test('pairing: a shared drift cancels in the ratio, so its interval is far narrower than the trials’ own', () => {
  const { normal } = rng(7);
  const drift = Array.from({ length: 4 }, () => Math.exp(0.2 * normal()));
  const a = drift.map((d) => d * Math.exp(0.01 * normal()));
  const b = drift.map((d) => (d / 2) * Math.exp(0.01 * normal()));
  const r = pairedRatioInterval(a, b);
  const ownWidth = trialInterval(a).relative;
  assert.ok(((r.high ?? Infinity) - (r.low ?? 0)) / 2 / r.ratio < ownWidth / 5, `ratio [${r.low}, ${r.high}] against ±${ownWidth}`);
});
