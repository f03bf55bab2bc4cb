// The uncertainty of a mean from consecutive windows of samples (the method of batch means), not from single
// iterations: on a real machine consecutive latencies are not independent (clock frequency, neighbours, caches, GC
// come and go over milliseconds to seconds), so t·s/√n over tens of thousands of iterations shrinks while the error
// does not. Window means average out the short-range dependence; their spread carries the slow one.
import { studentT975 } from './student-t';

/** Windows a point's samples are cut into, at most (fewer when there are fewer samples: one sample a window). */
export const WINDOW_COUNT = 20;
/** The last windows that must agree for a point to be valid (Triton perf_analyzer compares its last 3 windows). */
export const STABLE_WINDOWS = 3;
/**
 * How far apart the last windows' means may be, as a share of the mean (perf_analyzer's default is 10%; the
 * interval does the rest, so this only catches a level shift at the end that the interval could still average away).
 */
export const STABILITY_SHARE = 0.05;

export interface WindowStats {
  /** Windows used and iterations in each (the first n mod size samples, nearest the warm-up, are left out). */
  count: number;
  size: number;
  /** Mean of the window means (ms). */
  meanMs: number;
  /** Half-width of the 95% interval of the mean from the window means: t(count − 1) · sd / √count. */
  ciHalfWidthMs: number;
  ciRelative: number;
  /** (max − min) / mean over the last STABLE_WINDOWS window means. */
  lastSpreadRelative: number;
  /** Whether those last windows agree within STABILITY_SHARE. */
  stable: boolean;
  /** Lag-1 autocorrelation of the iterations: near 0 for independent samples. */
  lag1: number;
}

function lag1Autocorrelation(x: Float64Array, mean: number): number {
  let num = 0;
  let den = 0;
  for (let i = 0; i < x.length; i++) {
    const d = (x[i] as number) - mean;
    den += d * d;
    if (i > 0) num += d * ((x[i - 1] as number) - mean);
  }
  return den > 0 ? num / den : 0;
}

/** Window statistics of samples in the order they were taken; needs two samples at least. */
export function windowStats(samples: Float64Array, windows = WINDOW_COUNT): WindowStats {
  const n = samples.length;
  if (n < 2) throw new RangeError(`windowStats needs at least 2 samples, got ${n}`);
  const size = Math.max(1, Math.floor(n / windows));
  const count = Math.floor(n / size);
  const used = samples.subarray(n - count * size);
  const means = new Float64Array(count);
  for (let w = 0; w < count; w++) {
    let sum = 0;
    for (let i = w * size; i < (w + 1) * size; i++) sum += used[i] as number;
    means[w] = sum / size;
  }
  let meanMs = 0;
  for (const m of means) meanMs += m;
  meanMs /= count;
  let ss = 0;
  for (const m of means) ss += (m - meanMs) ** 2;
  const sd = Math.sqrt(ss / (count - 1));
  const ciHalfWidthMs = (studentT975(count - 1) * sd) / Math.sqrt(count);
  const last = means.subarray(Math.max(0, count - STABLE_WINDOWS));
  const lastSpreadRelative = (Math.max(...last) - Math.min(...last)) / meanMs;
  return {
    count,
    size,
    meanMs,
    ciHalfWidthMs,
    ciRelative: ciHalfWidthMs / meanMs,
    lastSpreadRelative,
    stable: count >= STABLE_WINDOWS && lastSpreadRelative <= STABILITY_SHARE,
    lag1: lag1Autocorrelation(used, meanMs),
  };
}
