// The machine's run-to-run spread pooled from earlier repeats, and the interval that adds it to the trials' spread:
// known values, and seeded series of runs that drift (the interval must widen to cover) or do not (it must stay
// the plain t interval).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combinedInterval, pooledRunToRun, type RunMean, type RunToRun } from '../../../electron/engine/stats/run-to-run';
import { trialInterval } from '../../../electron/engine/stats/trial-interval';
import { rng } from './seeded-rng';

const close = (actual: number, expected: number, tol = 1e-6) => assert.ok(Math.abs(actual - expected) <= tol, `${actual} is not ${expected} ± ${tol}`);

test('pooled run-to-run: variance of log run means less the within-run error, pooled by degrees of freedom before clipping', () => {
  assert.equal(pooledRunToRun([]), null);
  assert.equal(pooledRunToRun([[{ meanMs: 1, seRelative: 0.01 }], [{ meanMs: 2, seRelative: 0.01 }]]), null, 'no point measured twice');
  // ln means 0 and 0.2: variance 0.02, nothing explained by the trials: sd √0.02.
  const drifted: RunMean[] = [{ meanMs: 1, seRelative: 0 }, { meanMs: Math.exp(0.2), seRelative: 0 }];
  const one = pooledRunToRun([drifted]);
  assert.ok(one);
  close(one.sdRelative, Math.sqrt(0.02), 1e-12);
  assert.deepEqual([one.degreesOfFreedom, one.repeats, one.points], [1, 2, 1]);
  // A point whose three equal runs had within-run errors of 10% contributes 2 · (0 − 0.01): pooled, (0.02 − 0.02) / 3 = 0.
  const steady: RunMean[] = [1, 1, 1].map((meanMs) => ({ meanMs, seRelative: 0.1 }));
  const pooled = pooledRunToRun([drifted, steady]);
  assert.ok(pooled);
  close(pooled.sdRelative, 0, 1e-9);
  assert.deepEqual([pooled.degreesOfFreedom, pooled.repeats, pooled.points], [3, 5, 2]);
  // Clipping each point first would have kept the first point's 0.02 / 3 and read sd 8.2%.
});

test('combined interval: t at the Welch–Satterthwaite degrees of freedom over both variances; a zero run part is the plain t interval', () => {
  // Trial means 10, 12, 14: s²/k = 4/3; run part (0.3 · 12)² = 12.96 with 10 df.
  // ν = 14.293333² / ((4/3)² / 2 + 12.96² / 10) = 11.552, t(11) = 2.200985, half-width 2.200985 · √14.293333 = 8.321.
  const c = combinedInterval([10, 12, 14], { sdRelative: 0.3, degreesOfFreedom: 10, repeats: 11, points: 1 });
  close(c.mean, 12);
  close(c.degreesOfFreedom, 11.552, 1e-3);
  close(c.halfWidth, 2.200985 * Math.sqrt(14.293333), 1e-5);
  // A small run part (sd 10%) raises ν to 7.0 and t(7) = 2.364624 · √2.773333 = 3.94 would read narrower than the
  // trials' own 4.968276: the interval stays at the trials'.
  close(combinedInterval([10, 12, 14], { sdRelative: 0.1, degreesOfFreedom: 10, repeats: 11, points: 1 }).halfWidth, 4.968276);
  const plain = trialInterval([10, 12, 14]);
  const none = combinedInterval([10, 12, 14], { sdRelative: 0, degreesOfFreedom: 4, repeats: 5, points: 2 });
  close(none.halfWidth, plain.halfWidth, 1e-12);
  assert.equal(none.degreesOfFreedom, 2);
  assert.throws(() => combinedInterval([10], { sdRelative: 0, degreesOfFreedom: 1, repeats: 2, points: 1 }), RangeError);
});

/** One run of a point: the machine's state for this run (log-normal, sd `drift`) times k trials with relative sd `trialSd`. */
function run(r: ReturnType<typeof rng>, trueMs: number, drift: number, trialSd: number, k: number): number[] {
  const state = Math.exp(drift * r.normal());
  return Array.from({ length: k }, () => trueMs * state * (1 + trialSd * r.normal()));
}

function asRunMean(means: number[]): RunMean {
  const i = trialInterval(means);
  const sd = Math.sqrt(means.reduce((s, v) => s + (v - i.mean) ** 2, 0) / (means.length - 1));
  return { meanMs: i.mean, seRelative: sd / Math.sqrt(means.length) / i.mean };
}

/** History of `points` points × `runs` runs on a machine, the estimate from it, and how new runs' intervals cover the true mean. */
function machine(seed: number, drift: number, trialSd: number) {
  const r = rng(seed);
  const history = Array.from({ length: 8 }, (_, p) => Array.from({ length: 5 }, () => asRunMean(run(r, 1 + p, drift, trialSd, 3))));
  const estimate = pooledRunToRun(history) as RunToRun;
  let coveredCombined = 0;
  let coveredTrials = 0;
  const ratios: number[] = [];
  const tries = 400;
  for (let i = 0; i < tries; i++) {
    const means = run(r, 2, drift, trialSd, 3);
    const alone = trialInterval(means);
    const both = combinedInterval(means, estimate);
    if (Math.abs(both.mean - 2) <= both.halfWidth) coveredCombined++;
    if (Math.abs(alone.mean - 2) <= alone.halfWidth) coveredTrials++;
    ratios.push(both.halfWidth / alone.halfWidth);
  }
  ratios.sort((a, b) => a - b);
  return { estimate, combined: coveredCombined / tries, trials: coveredTrials / tries, medianWidening: ratios[tries / 2] as number };
}

test('runs that drift 10% apart: the estimate finds the drift, and the interval widens to cover where trials alone do not', () => {
  const m = machine(7, 0.1, 0.03);
  assert.ok(m.estimate.sdRelative > 0.06 && m.estimate.sdRelative < 0.15, `estimated ${m.estimate.sdRelative}`);
  assert.deepEqual([m.estimate.degreesOfFreedom, m.estimate.repeats, m.estimate.points], [32, 40, 8]);
  assert.ok(m.combined >= 0.9, `combined interval covered the true mean ${m.combined}`);
  assert.ok(m.trials <= 0.6, `trials-only interval covered the true mean ${m.trials}`);
  assert.ok(m.medianWidening > 1.5, `widened ${m.medianWidening}×`);
});

test('independent runs (no drift): the estimate is about 0 and the interval stays the plain t interval', () => {
  const m = machine(11, 0, 0.05);
  assert.ok(m.estimate.sdRelative < 0.025, `estimated ${m.estimate.sdRelative}`);
  assert.ok(m.trials >= 0.9 && m.combined >= 0.9, `coverage ${m.trials} and ${m.combined}`);
  assert.ok(m.medianWidening < 1.15, `widened ${m.medianWidening}×`);
});
