// The run-to-run part of a point's uncertainty. Trials of one run share the machine's state over minutes (other
// tenants, load, clocks), so their spread cannot see how far a run measured later lands. Earlier runs of the same
// points on this machine can: the variance of a point's run means, less what each run's own trial spread explains,
// is the between-run variance. It is pooled over the machine's other points (on log means, so relative), moderated
// toward the point's own repeats (a point's own spread takes over as its runs accumulate: points of one machine do
// not drift alike), and added to a new point's trial variance, as in a one-way random-effects model.
import { studentT975 } from './student-t';

/** One earlier run of one point: its mean and the standard error of that mean from its trials, relative to it. */
export interface RunMean {
  meanMs: number;
  /** sd(trial means) / √k / mean: the within-run error of this run's mean. */
  seRelative: number;
}

/** A run's mean of a point from its trial means (two at least), and that mean's within-run error. */
export function runMeanOf(trialMeans: readonly number[]): RunMean {
  const mean = trialMeans.reduce((s, v) => s + v, 0) / trialMeans.length;
  const sd = Math.sqrt(trialMeans.reduce((s, v) => s + (v - mean) ** 2, 0) / (trialMeans.length - 1));
  return { meanMs: mean, seRelative: sd / Math.sqrt(trialMeans.length) / mean };
}

export interface RunToRun {
  /** Between-run standard deviation, relative to the mean (on log means); 0 when the trial spreads explain it all. */
  sdRelative: number;
  /** Degrees of freedom of that estimate: Σ (runs − 1) over the points with two runs or more. */
  degreesOfFreedom: number;
  /** Runs that entered (of points with two runs or more) and how many points they were. */
  repeats: number;
  points: number;
}

/** One point's between-run variance (unclipped) and its degrees of freedom; null with fewer than two runs. */
function pointVariance(runs: readonly RunMean[]): { variance: number; df: number } | null {
  const n = runs.length;
  if (n < 2) return null;
  const logs = runs.map((r) => Math.log(r.meanMs));
  const mean = logs.reduce((s, v) => s + v, 0) / n;
  const variance = logs.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1);
  const within = runs.reduce((s, r) => s + r.seRelative ** 2, 0) / n;
  return { variance: variance - within, df: n - 1 };
}

/** Σ df·variance and Σ df over the points with two runs or more, with how many runs and points entered. */
function pool(series: readonly (readonly RunMean[])[]): { sum: number; df: number; repeats: number; points: number } {
  let sum = 0;
  let df = 0;
  let repeats = 0;
  let points = 0;
  for (const runs of series) {
    const v = pointVariance(runs);
    if (v === null) continue;
    sum += v.df * v.variance;
    df += v.df;
    repeats += runs.length;
    points++;
  }
  return { sum, df, repeats, points };
}

/**
 * The pooled between-run variance of a machine's repeated points: per point with n ≥ 2 runs, the sample variance of
 * ln(run mean) minus the mean squared within-run error of those means (what the trial spread alone predicts),
 * pooled with weights n − 1 and only then clipped at 0 (clipping each point first would bias it upward). Null
 * without any point measured in two runs.
 */
export function pooledRunToRun(series: readonly (readonly RunMean[])[]): RunToRun | null {
  const { sum, df, repeats, points } = pool(series);
  if (df === 0) return null;
  return { sdRelative: Math.sqrt(Math.max(0, sum / df)), degreesOfFreedom: df, repeats, points };
}

/**
 * The most degrees of freedom the machine's other points count for in one point's estimate. On a 2-vCPU VM the
 * memory-bound MLP at batch 128 moved 11.5% between runs while batch 1 and ResNet-50 moved 2–3%, and the pool of
 * all of them said 1.2%: a point's own repeats must be able to outweigh the pool (here as much at its fifth run,
 * more from its sixth).
 */
export const PRIOR_DEGREES_OF_FREEDOM = 4;

/**
 * One point's run-to-run spread: the pool of the machine's other points as a prior worth at most
 * PRIOR_DEGREES_OF_FREEDOM, combined with the point's own between-run variance by degrees of freedom (the moderated
 * variance of Smyth 2004, limma: (d₀s₀² + d·s²)/(d₀ + d) with d₀ + d degrees of freedom), clipped at 0. Without
 * other points it is the point's own; without own repeats, the pool at its capped weight. Null with neither.
 */
export function moderatedRunToRun(others: readonly (readonly RunMean[])[], own: readonly RunMean[]): RunToRun | null {
  const prior = pool(others);
  const mine = pointVariance(own);
  const priorDf = Math.min(prior.df, PRIOR_DEGREES_OF_FREEDOM);
  const priorVariance = prior.df === 0 ? 0 : prior.sum / prior.df;
  const ownDf = mine?.df ?? 0;
  const df = priorDf + ownDf;
  if (df === 0) return null;
  const variance = (priorDf * priorVariance + ownDf * (mine?.variance ?? 0)) / df;
  return {
    sdRelative: Math.sqrt(Math.max(0, variance)),
    degreesOfFreedom: df,
    repeats: prior.repeats + (mine ? own.length : 0),
    points: prior.points + (mine ? 1 : 0),
  };
}

export interface CombinedInterval {
  mean: number;
  /** t_ν · √(s²/k + (sdRelative · mean)²), at least t_(k−1) · s/√k. */
  halfWidth: number;
  relative: number;
  /** Welch–Satterthwaite degrees of freedom of the two variance parts. */
  degreesOfFreedom: number;
}

/**
 * The 95% interval of a point's mean from its k trial means and the machine's run-to-run spread: the two variances
 * add (trial part s²/k with k − 1 degrees of freedom, run part with its pooled ones), and t is taken at the
 * Welch–Satterthwaite degrees of freedom; never narrower than the trials' own t interval. With a run part of 0 it is
 * the plain t interval over the trial means.
 */
export function combinedInterval(trialMeans: readonly number[], runToRun: RunToRun): CombinedInterval {
  const k = trialMeans.length;
  if (k < 2) throw new RangeError('combinedInterval needs at least two trial means');
  const mean = trialMeans.reduce((s, v) => s + v, 0) / k;
  const trialVar = trialMeans.reduce((s, v) => s + (v - mean) ** 2, 0) / (k - 1) / k;
  const runVar = (runToRun.sdRelative * mean) ** 2;
  const total = trialVar + runVar;
  const denominator = trialVar ** 2 / (k - 1) + (runVar > 0 ? runVar ** 2 / runToRun.degreesOfFreedom : 0);
  const df = denominator > 0 ? total ** 2 / denominator : k - 1;
  // More df can lower t below the trials' own t(k − 1) by more than the run part adds: an interval with a source of
  // error added is never taken narrower than the one without it.
  const halfWidth = Math.max(studentT975(df) * Math.sqrt(total), studentT975(k - 1) * Math.sqrt(trialVar));
  return { mean, halfWidth, relative: halfWidth / mean, degreesOfFreedom: df };
}
