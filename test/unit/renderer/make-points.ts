import type { FailedPoint, PointResult, Precision } from '../../../electron/contract/run';
import type { ProviderId } from '../../../electron/contract/hardware';

/** A measured point whose numbers follow from its arguments: throughput = batch / mean latency. */
export function measured(index: number, precision: Precision, batch: number, meanMs: number, provider: ProviderId = 'cpu', samplesMs: number[] = [meanMs]): PointResult {
  return {
    index, provider, precision, batch, threads: null, verdict: 'valid', criterion: 'ci under 1%', warnings: [], inputShapes: { x: [batch, 4] }, startedAt: '2026-01-01T00:00:00.000Z',
    stats: { iterations: samplesMs.length, totalTimeMs: meanMs * samplesMs.length, meanMs, stdevMs: 0, minMs: meanMs, p50Ms: meanMs, p90Ms: meanMs * 1.1, p95Ms: meanMs * 1.2, p99Ms: meanMs * 1.5, maxMs: meanMs * 2, ciHalfWidthMs: 0, ciRelative: 0.005, throughput: (batch * 1000) / meanMs, converged: true, outliers: 0 },
    samplesMs, sessionCreateMs: 5, firstInferenceMs: 2, peakRssBytes: 1e8, gpuMemoryBytes: null, ortProfile: null, threadsUsed: 2, clockResolutionMs: 1e-6,
  };
}

export function failed(index: number, precision: Precision, batch: number, message: string): FailedPoint {
  return {
    index, provider: 'cpu', precision, batch, threads: null, verdict: 'failed', criterion: 'the point failed', warnings: [], inputShapes: {}, startedAt: '2026-01-01T00:00:00.000Z',
    failure: 'oom', error: { code: 'bad-input', message },
  };
}
