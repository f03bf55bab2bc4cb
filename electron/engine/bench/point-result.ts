// A point measured in one session: the plan point, its measurement and the facts around it. Pure (no onnxruntime),
// so the trial combination (trials.ts) and the generation points build their results with it.
import type { MeasuredPoint, PlanPoint } from '../../contract/run';
import type { PointMeasurement } from './measure-point';

export type PointFacts = Pick<MeasuredPoint, 'inputShapes' | 'startedAt' | 'sessionCreateMs' | 'peakRssBytes' | 'gpuMemoryBytes' | 'ortProfile' | 'telemetry' | 'threadsUsed' | 'threadsSource'>;

/**
 * The intra-op threads a point's session used: counted where they could be (bench/session-threads.ts), else the
 * ones asked for. Null where onnxruntime chose and nothing was counted: its documented default (one per physical
 * core) is not what it starts everywhere — on a 2-vCPU VM whose /proc/cpuinfo lists two cores a default session
 * started no pool thread, as many threads as intraOpNumThreads 1 — so no count is claimed.
 */
export function threadsUsedBy(point: PlanPoint, counted: number | null = null): Pick<MeasuredPoint, 'threadsUsed' | 'threadsSource'> {
  if (counted !== null) return { threadsUsed: counted, threadsSource: 'counted' };
  return { threadsUsed: point.threads, threadsSource: point.threads === null ? null : 'requested' };
}

export function measuredPointResult(point: PlanPoint, measured: Pick<PointMeasurement, 'verdict' | 'criterion' | 'warnings' | 'stats' | 'samplesMs' | 'firstInferenceMs' | 'clockResolutionMs' | 'interference'>, facts: PointFacts): MeasuredPoint {
  return {
    ...point,
    ...facts,
    verdict: measured.verdict,
    criterion: measured.criterion,
    warnings: measured.warnings,
    stats: measured.stats,
    samplesMs: Array.from(measured.samplesMs),
    firstInferenceMs: measured.firstInferenceMs,
    clockResolutionMs: measured.clockResolutionMs,
    interference: measured.interference,
  };
}
