// Intervals from independent trials. Consecutive iterations, and even consecutive windows of one session, share
// what makes a repeat differ (the session's memory placement and thread pool, the machine's state over seconds), so
// their spread underestimates how far a repeat lands. Trials that each start a fresh session, spread out in time,
// carry that variance: the interval of a point is taken over its trial means, one number per trial.
import { studentT975 } from './student-t';

export interface TrialInterval {
  /** Mean of the trial means (each trial counts once, however many iterations it ran). */
  mean: number;
  /** Half-width of the 95% interval: t(k − 1) · sd(trial means) / √k; Infinity below 2 trials. */
  halfWidth: number;
  relative: number;
  trials: number;
}

function meanAndSd(values: readonly number[]): { mean: number; sd: number } {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const ss = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { mean, sd: n > 1 ? Math.sqrt(ss / (n - 1)) : Number.NaN };
}

/** Student-t 95% interval of the mean of independent trial means. */
export function trialInterval(means: readonly number[]): TrialInterval {
  if (means.length === 0) throw new RangeError('trialInterval needs at least one trial mean');
  const { mean, sd } = meanAndSd(means);
  const halfWidth = means.length < 2 ? Number.POSITIVE_INFINITY : (studentT975(means.length - 1) * sd) / Math.sqrt(means.length);
  return { mean, halfWidth, relative: halfWidth / mean, trials: means.length };
}

export interface RatioInterval {
  /** Geometric mean of the paired ratios a_i / b_i. */
  ratio: number;
  /** 95% bounds; null below 2 pairs. */
  low: number | null;
  high: number | null;
  pairs: number;
}

/**
 * 95% interval of the ratio a / b from paired trials (a_i and b_i measured next to each other, so slow drifts of
 * the machine cancel in each pair): a Student-t interval on the log ratios ln(a_i / b_i), k − 1 degrees of freedom,
 * mapped back with exp. The interval is on the geometric mean ratio and is never negative or undefined, unlike a
 * ratio of two separate intervals; with independent pairs it is exact for log-normal trial means.
 */
export function pairedRatioInterval(a: readonly number[], b: readonly number[]): RatioInterval {
  if (a.length !== b.length) throw new RangeError(`pairedRatioInterval needs pairs: ${a.length} values against ${b.length}`);
  if (a.length === 0) throw new RangeError('pairedRatioInterval needs at least one pair');
  if ([...a, ...b].some((v) => !(v > 0))) throw new RangeError('pairedRatioInterval needs positive values');
  const logs = a.map((v, i) => Math.log(v / (b[i] as number)));
  const { mean, sd } = meanAndSd(logs);
  if (logs.length < 2) return { ratio: Math.exp(mean), low: null, high: null, pairs: 1 };
  const half = (studentT975(logs.length - 1) * sd) / Math.sqrt(logs.length);
  return { ratio: Math.exp(mean), low: Math.exp(mean - half), high: Math.exp(mean + half), pairs: logs.length };
}
