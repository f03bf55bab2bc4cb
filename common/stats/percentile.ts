import { sortSamples, type SortedSamples } from './sorted-samples';

/**
 * The q-quantile (q in [0, 1]) of values already in ascending order, with linear interpolation between the two
 * nearest ranks: numpy's default method ('linear', Hyndman & Fan type 7). Position h = (n - 1)·q.
 * The one quantile of the project: latency percentiles, histogram ranges and calibration ranges all use it.
 */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('quantile of no samples');
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile: q must be in [0, 1], got ${q}`);
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (h - lo) * (b - a);
}

/** The p-th percentile (p in [0, 100]) of sorted samples: quantileOfSorted at p/100. */
export function percentile(sorted: SortedSamples, p: number): number {
  if (sorted.length === 0) throw new RangeError('percentile of no samples');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must be in [0, 100], got ${p}`);
  return quantileOfSorted(sorted, p / 100);
}

/** The median of values in any order (a sorted copy is made). */
export function median(values: readonly number[]): number {
  return percentile(sortSamples(Float64Array.from(values)), 50);
}
