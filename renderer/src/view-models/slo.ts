import type { MeasuredPoint, PointResult } from '../../../electron/contract/run';
import { isMeasured } from './series';

/** The measured point with the highest throughput whose p99 meets the SLO (valid points only); null if none. */
export function bestUnderSlo(points: readonly PointResult[], sloMs: number): MeasuredPoint | null {
  let best: MeasuredPoint | null = null;
  for (const p of points) {
    if (!isMeasured(p) || p.verdict !== 'valid' || p.stats.p99Ms > sloMs) continue;
    if (!best || p.stats.throughput > best.stats.throughput) best = p;
  }
  return best;
}
