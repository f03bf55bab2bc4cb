import type { LatencyStats } from '../../contract/run';
import { summarize } from '../stats/summarize';
import type { WindowStats } from '../stats/windows';

// Apart from measure-point.ts so that trials.ts (which the CLI's results table reads) loads no onnxruntime.

/** The point's latency statistics, with the interval of the mean taken from its windows (stats/windows.ts). */
export function statsWithWindows(samplesMs: Float64Array, batch: number, converged: boolean, windows: WindowStats): LatencyStats {
  const stats = summarize(samplesMs, batch, converged);
  return {
    ...stats,
    ciHalfWidthMs: windows.ciRelative * stats.meanMs,
    ciRelative: windows.ciRelative,
    windows: {
      count: windows.count,
      size: windows.size,
      lastSpreadRelative: windows.lastSpreadRelative,
      stable: windows.stable,
      lag1: windows.lag1,
      perIterationCiRelative: stats.ciRelative,
    },
  };
}
