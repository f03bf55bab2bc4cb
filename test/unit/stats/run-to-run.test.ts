// The machine's run-to-run spread pooled from earlier repeats, and the interval that adds it to the trials' spread:
// known values, and seeded series of runs that drift (the interval must widen to cover) or do not (it must stay
// the plain t interval).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { combinedInterval, moderatedRunToRun, pooledRunToRun, PRIOR_DEGREES_OF_FREEDOM, type RunMean, type RunToRun } from '../../../electron/engine/stats/run-to-run';
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

test('moderated: the pool of other points weighs at most PRIOR_DEGREES_OF_FREEDOM against the point\'s own repeats', () => {
  const at = (...logs: number[]): RunMean[] => logs.map((l) => ({ meanMs: Math.exp(l), seRelative: 0 }));
  assert.equal(moderatedRunToRun([], at(0)), null, 'no repeats anywhere');
  // Own runs only: the point's own variance (ln means 0, 0.2: 0.02) with its own df.
  const own = moderatedRunToRun([], at(0, 0.2));
  assert.ok(own);
  close(own.sdRelative, Math.sqrt(0.02), 1e-12);
  assert.deepEqual([own.degreesOfFreedom, own.repeats, own.points], [1, 2, 1]);
  // Others within their cap: the same as pooling everything.
  const few = [at(0, 0.1)];
  assert.deepEqual(moderatedRunToRun(few, at(0, 0.2)), pooledRunToRun([...few, at(0, 0.2)]));
  // Others with 10 df of variance 0.005 (sd 7.1%) and a point never repeated: the pool, at 4 df.
  const steady = Array.from({ length: 5 }, () => at(0, 0.1, 0.05));
  close(pooledRunToRun(steady)?.sdRelative ?? NaN, Math.sqrt(0.0025), 1e-12);
  const fresh = moderatedRunToRun(steady, at(0));
  assert.ok(fresh);
  close(fresh.sdRelative, 0.05, 1e-12);
  assert.deepEqual([fresh.degreesOfFreedom, fresh.repeats, fresh.points], [PRIOR_DEGREES_OF_FREEDOM, 15, 5]);
  // A point that moves 0.4 between runs (variance 0.04 over 3 df) beside them: (4·0.0025 + 3·0.04)/7, not the pool's
  // (10·0.0025 + 3·0.04)/13.
  const drifting = at(0, 0.4, 0, 0.4);
  const v = drifting.map((r) => Math.log(r.meanMs));
  const m = v.reduce((a, b) => a + b, 0) / 4;
  const ownVar = v.reduce((a, b) => a + (b - m) ** 2, 0) / 3;
  const mod = moderatedRunToRun(steady, drifting);
  assert.ok(mod);
  close(mod.sdRelative, Math.sqrt((4 * 0.0025 + 3 * ownVar) / 7), 1e-12);
  assert.equal(mod.degreesOfFreedom, 7);
  assert.ok(mod.sdRelative > (pooledRunToRun([...steady, drifting])?.sdRelative ?? Infinity), 'wider than the machine-wide pool');
});

test('a point that drifts more than the machine\'s others: moderated toward its own runs, its interval covers where the pool\'s does not', () => {
  const r = rng(23);
  // Seven points whose runs move 1% apart, and one memory-bound point whose runs move 12%, each 3 trials at 2%.
  const stable = Array.from({ length: 7 }, (_, p) => Array.from({ length: 6 }, () => asRunMean(run(r, 1 + p, 0.01, 0.02, 3))));
  let pooledCovered = 0;
  let moderatedCovered = 0;
  let stableModerated = 0;
  const tries = 300;
  for (let i = 0; i < tries; i++) {
    const history = Array.from({ length: 5 }, () => asRunMean(run(r, 2, 0.12, 0.02, 3)));
    const means = run(r, 2, 0.12, 0.02, 3);
    const current = asRunMean(means);
    const pooled = pooledRunToRun([...stable, [...history, current]]) as RunToRun;
    const moderated = moderatedRunToRun(stable, [...history, current]) as RunToRun;
    if (Math.abs(combinedInterval(means, pooled).mean - 2) <= combinedInterval(means, pooled).halfWidth) pooledCovered++;
    if (Math.abs(combinedInterval(means, moderated).mean - 2) <= combinedInterval(means, moderated).halfWidth) moderatedCovered++;
    // A stable point of the same machine, its own runs beside the drifting one's: still covered.
    const stableMeans = run(r, 3, 0.01, 0.02, 3);
    const others = [...stable.filter((_, p) => p !== 2), [...history, current]];
    const s = combinedInterval(stableMeans, moderatedRunToRun(others, [...(stable[2] ?? []), asRunMean(stableMeans)]) as RunToRun);
    if (Math.abs(s.mean - 3) <= s.halfWidth) stableModerated++;
  }
  assert.ok(moderatedCovered / tries >= 0.9, `moderated covered the drifting point's true mean ${moderatedCovered / tries}`);
  assert.ok(pooledCovered / tries < 0.85, `the machine-wide pool covered it ${pooledCovered / tries}`);
  assert.ok(stableModerated / tries >= 0.9, `a stable point stays covered ${stableModerated / tries}`);
});
