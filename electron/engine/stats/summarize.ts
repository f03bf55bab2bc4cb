import type { LatencyStats } from '../../contract/run';
import { meanAndVariance } from './moments';
import { tukeyOutliers } from './outliers';
import { percentile } from '../../../common/stats/percentile';
import { sortSamples } from '../../../common/stats/sorted-samples';
import { confidenceHalfWidth } from './student-t';

/**
 * The statistics of one point from its raw per-iteration latencies (ms). Needs two samples at least:
 * a confidence interval from one is undefined. Throughput is samples per second: batch / mean latency.
 */
export function summarize(samples: Float64Array, batch: number, converged: boolean): LatencyStats {
  const n = samples.length;
  if (n < 2) throw new RangeError(`summarize needs at least 2 samples, got ${n}`);
  const sorted = sortSamples(samples);
  const { mean, variance } = meanAndVariance(samples);
  const stdev = Math.sqrt(variance);
  const ciHalfWidthMs = confidenceHalfWidth(stdev, n);
  let totalTimeMs = 0;
  for (const x of samples) totalTimeMs += x;
  return {
    iterations: n,
    totalTimeMs,
    meanMs: mean,
    stdevMs: stdev,
    minMs: sorted[0] as number,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p95Ms: percentile(sorted, 95),
    p99Ms: percentile(sorted, 99),
    maxMs: sorted[n - 1] as number,
    ciHalfWidthMs,
    ciRelative: ciHalfWidthMs / mean,
    throughput: batch / (mean / 1000),
    converged,
    outliers: tukeyOutliers(sorted).count,
  };
}
