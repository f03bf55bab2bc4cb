import type { LatencyStats } from '../../contract/run';
import { percentile } from '../../../common/stats/percentile';
import { sortSamples } from '../../../common/stats/sorted-samples';
import { STABILITY_SHARE, STABLE_WINDOWS, type WindowStats } from '../stats/windows';

/** A latency spread above this share of the mean says the machine was busy with something else. */
export const NOISY_STDEV_SHARE = 0.1;
/** A first inference slower than this many medians says one-off setup cost was paid there. */
export const SLOW_FIRST_RUN_FACTOR = 10;
/** ...and if the first timed runs are still this much slower than the median, warm-up did not absorb it. */
export const SLOW_START_FACTOR = 1.1;
/** The median latency should be at least this many clock ticks for the clock's rounding to be negligible. */
export const CLOCK_TICKS_PER_MEDIAN = 100;
/** Outliers (Tukey far out, 3×IQR) are worth a warning from this share of the samples on. */
export const OUTLIER_WARN_SHARE = 0.01;

/** 0.0234 -> "2.3", 0.0099 -> "0.99", 0.008 -> "0.8", 0.01 -> "1", 0.00042 -> "0.042", 0.153 -> "15". */
export function percentText(fraction: number): string {
  const v = fraction * 100;
  if (!Number.isFinite(v)) return String(v);
  if (v >= 10) return v.toFixed(0);
  if (v >= 1) return v.toFixed(1).replace(/\.0$/, '');
  return v.toPrecision(2).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '');
}

function msText(ms: number): string {
  if (ms >= 100) return `${ms.toFixed(0)} ms`;
  if (ms >= 1) return `${ms.toFixed(2)} ms`;
  if (ms >= 0.001) return `${(ms * 1000).toFixed(1)} µs`;
  return `${(ms * 1e6).toFixed(0)} ns`;
}

/** Median of the first min(20, n/10) samples (2 at least), in the order taken: how the timed phase started. */
export function earlyMedianMs(samples: Float64Array): number {
  const k = Math.max(2, Math.min(20, Math.floor(samples.length / 10)));
  return percentile(sortSamples(samples.subarray(0, k)), 50);
}

export type StopReason = 'converged' | 'max-time' | 'max-iterations';

export interface CriterionInput {
  stop: StopReason;
  /** The windows the interval came from; absent, the interval is a per-iteration one. */
  windows?: Pick<WindowStats, 'count' | 'size' | 'lastSpreadRelative' | 'stable'>;
  ciRelative: number;
  target: number;
  iterations: number;
  elapsedMs: number;
  minIterations: number;
  minTimeMs: number;
}

/** How the interval was taken: "(20 windows of 600 iterations, the last 3 within 1.2%)". */
function windowsText(w: NonNullable<CriterionInput['windows']>): string {
  return ` (${w.count} windows of ${w.size} iteration${w.size === 1 ? '' : 's'}, the last ${Math.min(STABLE_WINDOWS, w.count)} within ${percentText(w.lastSpreadRelative)}%)`;
}

/**
 * The sentence that decided the verdict, e.g. "95% CI half-width 0.8% (20 windows of 21 iterations, the last 3
 * within 1.2%) ≤ 1% after 412 iterations".
 */
export function criterionText(c: CriterionInput): string {
  const ci = `95% CI half-width ${percentText(c.ciRelative)}%${c.windows ? windowsText(c.windows) : ''}`;
  const target = `${percentText(c.target)}%`;
  if (c.stop === 'converged') return `${ci} ≤ ${target} after ${c.iterations} iterations`;
  const after = c.stop === 'max-time' ? `after ${(c.elapsedMs / 1000).toFixed(1)} s` : `after ${c.iterations} iterations (the iteration limit)`;
  if (c.windows && !c.windows.stable && c.ciRelative <= c.target) {
    return `the last windows disagree: their means span ${percentText(c.windows.lastSpreadRelative)}% (at most ${percentText(STABILITY_SHARE)}%), ${ci} ${after} (target ${target})`;
  }
  if (c.ciRelative <= c.target) {
    const short = c.iterations < c.minIterations ? `${c.iterations} of ${c.minIterations} minimum iterations` : `${(c.elapsedMs / 1000).toFixed(1)} s of ${(c.minTimeMs / 1000).toFixed(1)} s minimum time`;
    return `${ci} of the mean ${after}, but only ${short} (target ${target})`;
  }
  return `${ci} of the mean ${after} (target ${target})`;
}

export interface WarningInput {
  stats: LatencyStats;
  firstInferenceMs: number;
  clockResolutionMs: number;
  /** Warm-up runs actually made. */
  warmupRuns: number;
  /** Median of the first few timed samples (see earlyMedianMs). */
  earlyMedianMs: number;
}

/** hyperfine-style warnings: what in the samples says the number may not be what it seems. */
export function measurementWarnings(w: WarningInput): string[] {
  const { stats } = w;
  const warnings: string[] = [];
  const share = stats.outliers / stats.iterations;
  if (stats.outliers > 0 && share >= OUTLIER_WARN_SHARE) {
    warnings.push(
      `${stats.outliers} outliers (${percentText(share)}% of ${stats.iterations} samples) beyond 3×IQR of the quartiles: something else may have run on the machine`,
    );
  }
  // A slow first inference alone is the norm (allocation, weight pre-packing) and is recorded as firstInferenceMs;
  // it is worth a warning when the timed runs that followed the warm-up were still slow.
  if (w.firstInferenceMs > SLOW_FIRST_RUN_FACTOR * stats.p50Ms && w.earlyMedianMs > SLOW_START_FACTOR * stats.p50Ms) {
    const factor = w.firstInferenceMs / stats.p50Ms;
    warnings.push(
      `slow first run: the first inference took ${msText(w.firstInferenceMs)}, ${factor.toFixed(0)}× the median, and the first timed runs were still ${percentText(w.earlyMedianMs / stats.p50Ms - 1)}% slower; ${w.warmupRuns} warm-up run${w.warmupRuns === 1 ? '' : 's'} may be too few`,
    );
  }
  if (stats.p50Ms < CLOCK_TICKS_PER_MEDIAN * w.clockResolutionMs) {
    warnings.push(
      `coarse clock: its resolution (${msText(w.clockResolutionMs)}) is over 1% of the median latency (${msText(stats.p50Ms)}); single samples are rounded`,
    );
  }
  const cv = stats.stdevMs / stats.meanMs;
  if (cv > NOISY_STDEV_SHARE) {
    warnings.push(`noisy machine: the standard deviation is ${percentText(cv)}% of the mean; close other programs and run again`);
  }
  return warnings;
}
