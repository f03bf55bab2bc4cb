import { percentile } from '../../../common/stats/percentile';
import type { SortedSamples } from '../../../common/stats/sorted-samples';

/**
 * Tukey's "far out" fence: 3×IQR beyond the quartiles. Latency distributions are right-skewed, so the usual
 * 1.5×IQR inner fence flags part of every healthy tail; 3×IQR flags only samples something else disturbed.
 */
export const TUKEY_FAR_OUT_K = 3;

export interface Outliers {
  low: number;
  high: number;
  count: number;
  lowerFence: number;
  upperFence: number;
}

/** Samples below Q1 - k·IQR or above Q3 + k·IQR (quartiles by numpy's linear method). */
export function tukeyOutliers(sorted: SortedSamples, k: number = TUKEY_FAR_OUT_K): Outliers {
  if (sorted.length === 0) return { low: 0, high: 0, count: 0, lowerFence: Number.NaN, upperFence: Number.NaN };
  const q1 = percentile(sorted, 25);
  const q3 = percentile(sorted, 75);
  const iqr = q3 - q1;
  const lowerFence = q1 - k * iqr;
  const upperFence = q3 + k * iqr;
  let low = 0;
  while (low < sorted.length && (sorted[low] as number) < lowerFence) low++;
  let high = 0;
  while (high < sorted.length - low && (sorted[sorted.length - 1 - high] as number) > upperFence) high++;
  return { low, high, count: low + high, lowerFence, upperFence };
}
