import { sortSamples, type SortedSamples } from './sorted-samples';

/**
 * The p-th percentile (p in [0, 100]) with linear interpolation between the two nearest ranks:
 * numpy's default method ('linear', Hyndman & Fan type 7). Position h = (n - 1)·p/100.
 */
export function percentile(sorted: SortedSamples, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('percentile of no samples');
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile: p must be in [0, 100], got ${p}`);
  const h = ((n - 1) * p) / 100;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (h - lo) * (b - a);
}

/** The median of values in any order (a sorted copy is made). */
export function median(values: readonly number[]): number {
  return percentile(sortSamples(Float64Array.from(values)), 50);
}
