import * as ort from 'onnxruntime-node';
import type { EngineEvent } from '../../contract/events';
import type { ModelInfo } from '../../contract/model';
import type { BenchOptions, FailedPoint, MeasuredPoint, PlanPoint, SessionSettings, StoppingRule } from '../../contract/run';
import type { PointTelemetry } from '../../contract/telemetry';
import { EngineError } from '../errors';
import { nvidiaGpuMemoryUsedBytes } from '../hardware/gpu';
import { resolveInputShapes, synthesizeInputs } from '../model/input-synthesis';
import { unsupportedOpFromOrtError } from '../model/ort-errors';
import { classifyOrtFailure, firstLine } from './classify-failure';
import { failedPoint } from './failed-point';
import { threadsUsedBy } from './point-result';
import { startRssSampler } from './measure-memory';
import { startPointTelemetry, type PointTelemetrySession } from '../telemetry/point-telemetry';
import { measurePoint, type PointMeasurement } from './measure-point';
import { ortProfilePass } from './session-profile';
import { sessionOptionsFor } from './session-settings';
import { intraOpThreadsFrom, SessionThreadWatch } from './session-threads';

export type PointContext = {
  runId: string;
  info: ModelInfo;
  sessionSource: string | Uint8Array;
  options: BenchOptions;
  settings: SessionSettings;
  emit: (event: EngineEvent) => void;
  signal: AbortSignal;
};

export { failedPoint } from './failed-point';

/** One trial of a point: a fresh session measured under its share of the point's stopping rule. */
export interface Trial {
  measured: PointMeasurement;
  inputShapes: Record<string, number[]>;
  startedAt: string;
  sessionCreateMs: number;
  peakRssBytes: number;
  gpuMemoryBytes: number | null;
  telemetry: PointTelemetry;
  threadsUsed: MeasuredPoint['threadsUsed'];
  threadsSource?: MeasuredPoint['threadsSource'];
  /** Round of the interleaved schedule it ran in (trials of different points in one round ran next to each other). */
  round: number;
  /** It replaced a trial measured under interference. */
  remeasured: boolean;
  /** The process it ran in (the engine worker's, or one of its own: trial-process.ts). */
  pid: number;
  /** What was fresh: a session in this process, or a whole process (trial-process.ts). */
  isolation: 'session' | 'process';
}

export async function createSession(ctx: PointContext, point: PlanPoint): Promise<{ session: ort.InferenceSession; ms: number }> {
  const options = sessionOptionsFor(point.provider, point.threads, ctx.settings, point.device);
  const t0 = process.hrtime.bigint();
  const session =
    typeof ctx.sessionSource === 'string'
      ? await ort.InferenceSession.create(ctx.sessionSource, options)
      : await ort.InferenceSession.create(ctx.sessionSource, options);
  return { session, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

export const GPU_PROVIDERS = new Set(['cuda', 'tensorrt', 'webgpu']);

function feedsFor(ctx: PointContext, point: PlanPoint): { inputShapes: Record<string, number[]>; feeds: Record<string, ort.Tensor> } {
  const inputShapes = resolveInputShapes(ctx.info, point.batch, { dims: ctx.options.dims, shapes: ctx.options.shapes });
  return { inputShapes, feeds: synthesizeInputs(ctx.info, inputShapes, ctx.options.intRanges, ctx.options.seed) };
}

/** Any failure of a measurement as a failed point, never a thrown error. */
export function pointFailure(error: unknown, point: PlanPoint, startedAt: string, inputShapes: Record<string, number[]>): FailedPoint {
  // Inputs refused before allocation (too large for memory) end the batch sweep like a real OOM would.
  if (error instanceof EngineError) return failedPoint(point, startedAt, /memory|GiB/.test(error.message) ? 'oom' : 'error', error.toInfo(), inputShapes);
  const ortMessage = firstLine(error instanceof Error ? error.message : String(error));
  const op = unsupportedOpFromOrtError(ortMessage);
  const message = op ? `${point.provider} has no kernel for op ${op.domain ? `${op.domain}:` : ''}${op.op} (onnxruntime: ${ortMessage})` : ortMessage;
  return failedPoint(point, startedAt, op ? 'unsupported' : classifyOrtFailure(ortMessage), { code: 'internal', message }, inputShapes);
}

/** Any failure of a trial as a failed point (a cancellation is rethrown). */
function failureOf(ctx: PointContext, point: PlanPoint, startedAt: string, inputShapes: Record<string, number[]>, error: unknown): FailedPoint {
  if (ctx.signal.aborted) throw error;
  return pointFailure(error, point, startedAt, inputShapes);
}

/**
 * Measures one trial of a plan point in a fresh session (announced with point-started, so the host's deadlines
 * hold each trial); any failure becomes a failed point.
 */
export async function runTrial(ctx: PointContext, point: PlanPoint, stopping: StoppingRule, trial: { number: number; of: number; round: number; remeasured: boolean }): Promise<Trial | FailedPoint> {
  ctx.emit({ type: 'point-started', runId: ctx.runId, point, trial: { number: trial.number, of: trial.of } });
  const startedAt = new Date().toISOString();
  let inputShapes: Record<string, number[]> = {};
  let session: ort.InferenceSession | undefined;
  const rss = startRssSampler();
  let telemetry: PointTelemetrySession | undefined;
  let threads: SessionThreadWatch | undefined;
  let result: Trial | FailedPoint;
  try {
    const prepared = feedsFor(ctx, point);
    inputShapes = prepared.inputShapes;
    ctx.emit({ type: 'progress', runId: ctx.runId, index: point.index, phase: 'session', iterations: 0, elapsedMs: 0, ciRelative: null });
    // Started before the session so that a GPU tool's first readings are in by the time the timing starts.
    telemetry = await startPointTelemetry(point.provider, point.device);
    threads = new SessionThreadWatch();
    const created = await createSession(ctx, point);
    session = created.session;
    threads.seen();
    // Tells the host's watchdog that session creation is over (the first inference and warm-up come next).
    ctx.emit({ type: 'progress', runId: ctx.runId, index: point.index, phase: 'warmup', iterations: 0, elapsedMs: 0, ciRelative: null });
    const measured = await measurePoint({
      session,
      feeds: prepared.feeds,
      preallocateOutputs: ctx.settings.preallocatedOutputs,
      batch: point.batch,
      stopping,
      signal: ctx.signal,
      onProgress: (p) => {
        if (p.phase === 'timing') telemetry?.timing(p.elapsedMs);
        ctx.emit({ type: 'progress', runId: ctx.runId, index: point.index, ...p });
      },
    });
    threads.seen();
    const pointTelemetry = telemetry.finish(measured.stats.totalTimeMs, measured.stats.iterations * point.batch);
    const gpuMemoryBytes = GPU_PROVIDERS.has(point.provider) ? await nvidiaGpuMemoryUsedBytes(point.device) : null;
    result = {
      measured,
      inputShapes,
      startedAt,
      sessionCreateMs: created.ms,
      peakRssBytes: rss.stop(),
      gpuMemoryBytes,
      telemetry: pointTelemetry,
      ...threadsUsedBy(point),
      round: trial.round,
      remeasured: trial.remeasured,
      pid: process.pid,
      isolation: 'session',
    };
  } catch (error) {
    result = failureOf(ctx, point, startedAt, inputShapes, error);
  } finally {
    telemetry?.cancel();
    rss.stop();
    await session?.release().catch(() => undefined);
  }
  // Counted once the session is released: its pool threads are the ones that went with it.
  if ('measured' in result && threads !== undefined) {
    Object.assign(result, threadsUsedBy(point, intraOpThreadsFrom(await threads.poolThreads(), point.provider, ctx.settings)));
  }
  return result;
}

/** onnxruntime's profiled run time for a measured point, in a session of its own (null where it fails). */
export async function profilePoint(ctx: PointContext, point: PlanPoint): Promise<MeasuredPoint['ortProfile']> {
  if (!ctx.options.profileOrt) return null;
  ctx.emit({ type: 'progress', runId: ctx.runId, index: point.index, phase: 'profile', iterations: 0, elapsedMs: 0, ciRelative: null });
  const profileOptions = sessionOptionsFor(point.provider, point.threads, ctx.settings, point.device);
  return ortProfilePass(ctx.sessionSource, profileOptions, feedsFor(ctx, point).feeds).catch(() => null);
}
