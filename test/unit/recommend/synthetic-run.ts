// Run records with latencies chosen by the test, so recommendations have answers known in advance.
import type { ProviderId } from '../../../electron/contract/hardware';
import type { PlanPoint, PointResult, Precision, RunRecord } from '../../../electron/contract/run';
import { sampleRun } from '../../fixtures/sample-run';

export type SyntheticPoint = {
  batch: number;
  meanMs: number;
  p99Ms?: number;
  verdict?: 'valid' | 'unstable' | 'failed';
  precision?: Precision;
  provider?: ProviderId;
};

export function syntheticPoint(index: number, s: SyntheticPoint): PointResult {
  const common: Omit<PlanPoint, never> & { criterion: string; warnings: string[]; inputShapes: Record<string, number[]>; startedAt: string } = {
    index, provider: s.provider ?? 'cpu', precision: s.precision ?? 'fp32', batch: s.batch, threads: null, criterion: 'test', warnings: [],
    inputShapes: { x: [s.batch, 64] }, startedAt: '2026-11-22T00:00:01.000Z',
  };
  if (s.verdict === 'failed') return { ...common, verdict: 'failed', failure: 'oom', error: { code: 'internal', message: 'out of memory' } };
  const p99 = s.p99Ms ?? s.meanMs * 1.2;
  const verdict: 'valid' | 'unstable' = s.verdict ?? 'valid';
  return {
    ...common,
    verdict,
    stats: {
      iterations: 100, totalTimeMs: 100 * s.meanMs, meanMs: s.meanMs, stdevMs: 0.01, minMs: s.meanMs * 0.9, p50Ms: s.meanMs, p90Ms: p99, p95Ms: p99,
      p99Ms: p99, maxMs: p99, ciHalfWidthMs: 0.001, ciRelative: 0.001, throughput: s.batch / (s.meanMs / 1000), converged: s.verdict !== 'unstable', outliers: 0,
    },
    samplesMs: [s.meanMs, s.meanMs], sessionCreateMs: 1, firstInferenceMs: s.meanMs, peakRssBytes: 1, gpuMemoryBytes: null, ortProfile: null, threadsUsed: 2, clockResolutionMs: 0.0001,
  };
}

/** A run whose points are `points`; T(B) = setup + B·marginal when given as a curve. */
export function syntheticRun(points: SyntheticPoint[], id = 'synthetic'): RunRecord {
  const base = sampleRun([1]);
  return { ...base, id, points: points.map((p, i) => syntheticPoint(i, p)) };
}

/** Points on the line mean = setup + B·marginal, p99 = 1.2 × mean. */
export function linearCurve(batches: number[], setupMs: number, marginalMs: number, extra: Partial<SyntheticPoint> = {}): SyntheticPoint[] {
  return batches.map((batch) => ({ batch, meanMs: setupMs + batch * marginalMs, ...extra }));
}
