import { quantileOfSorted } from '../../../common/stats/percentile';

/** Latency histogram of one point's raw samples. */
export interface Histogram {
  /** bins.length + 1 edges, ascending; bin i is [edges[i], edges[i+1]) and the last bin includes its right edge. */
  edges: number[];
  counts: number[];
  /** Samples above the last edge (when the range was clipped at a quantile): the tail, shown as one bar. */
  overflow: number;
  total: number;
}

const MIN_BINS = 5;
const MAX_BINS = 60;

/** Bin count by the Freedman–Diaconis rule (robust to the long right tail latencies have), clamped to 5…60. */
export function binCount(sorted: readonly number[]): number {
  const n = sorted.length;
  if (n < 2) return 1;
  const min = sorted[0] ?? 0;
  const max = sorted[n - 1] ?? 0;
  if (max === min) return 1;
  const iqr = quantileOfSorted(sorted, 0.75) - quantileOfSorted(sorted, 0.25);
  if (iqr <= 0) return Math.min(MAX_BINS, Math.max(MIN_BINS, Math.ceil(Math.sqrt(n))));
  const width = (2 * iqr) / Math.cbrt(n);
  return Math.min(MAX_BINS, Math.max(MIN_BINS, Math.ceil((max - min) / width)));
}

/**
 * Bins over [min, the `upperQuantile` of the samples]; samples beyond go to `overflow`. Latencies have long
 * tails (a 20 ms hiccup among 0.2 ms runs), so the default view clips at p99 to keep the body readable.
 */
export function histogram(samples: readonly number[], bins?: number, upperQuantile = 1): Histogram {
  const all = samples.filter((s) => Number.isFinite(s)).sort((a, b) => a - b);
  if (all.length === 0) return { edges: [], counts: [], overflow: 0, total: 0 };
  const cap = upperQuantile < 1 ? quantileOfSorted(all, upperQuantile) : Infinity;
  const sorted = all.filter((s) => s <= cap);
  const min = sorted[0] ?? 0;
  const max = sorted[sorted.length - 1] ?? 0;
  const k = Math.max(1, Math.floor(bins ?? binCount(sorted)));
  const width = max > min ? (max - min) / k : 1;
  const edges = Array.from({ length: k + 1 }, (_, i) => (i === k && max > min ? max : min + i * width));
  const counts = new Array<number>(k).fill(0);
  for (const s of sorted) {
    const i = Math.min(k - 1, Math.floor((s - min) / width));
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return { edges, counts, overflow: all.length - sorted.length, total: all.length };
}
