import * as ort from 'onnxruntime-node';
import type { EngineEvent } from '../../contract/events';
import type { ModelInfo } from '../../contract/model';
import type { BenchOptions, PlanPoint, PointResult, SessionSettings } from '../../contract/run';
import { EngineError } from '../errors';
import { nvidiaGpuMemoryUsedBytes } from '../hardware/gpu';
import { resolveInputShapes, synthesizeInputs } from '../model/input-synthesis';
import { unsupportedOpFromOrtError } from '../model/ort-errors';
import { classifyOrtFailure, firstLine } from './classify-failure';
import { failedPoint } from './failed-point';
import { startRssSampler } from './measure-memory';
import { startPointTelemetry, type PointTelemetrySession } from '../telemetry/point-telemetry';
import { measurePoint } from './measure-point';
import { ortProfilePass } from './session-profile';
import { resolveDefaultIntraOpThreads, sessionOptionsFor } from './session-settings';

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

async function createSession(ctx: PointContext, point: PlanPoint): Promise<{ session: ort.InferenceSession; ms: number }> {
  const options = sessionOptionsFor(point.provider, point.threads, ctx.settings, point.device);
  const t0 = process.hrtime.bigint();
  const session =
    typeof ctx.sessionSource === 'string'
      ? await ort.InferenceSession.create(ctx.sessionSource, options)
      : await ort.InferenceSession.create(ctx.sessionSource, options);
  return { session, ms: Number(process.hrtime.bigint() - t0) / 1e6 };
}

const GPU_PROVIDERS = new Set(['cuda', 'tensorrt', 'webgpu']);

/** Measures one plan point in a fresh session; any failure becomes a failed point, never a thrown error. */
export async function runPoint(ctx: PointContext, point: PlanPoint): Promise<PointResult> {
  const startedAt = new Date().toISOString();
  let inputShapes: Record<string, number[]> = {};
  let session: ort.InferenceSession | undefined;
  const rss = startRssSampler();
  let telemetry: PointTelemetrySession | undefined;
  try {
    inputShapes = resolveInputShapes(ctx.info, point.batch, { dims: ctx.options.dims, shapes: ctx.options.shapes });
    const feeds = synthesizeInputs(ctx.info, inputShapes, ctx.options.intRanges, ctx.options.seed);
    ctx.emit({ type: 'progress', runId: ctx.runId, index: point.index, phase: 'session', iterations: 0, elapsedMs: 0, ciRelative: null });
    // Started before the session so that a GPU tool's first readings are in by the time the timing starts.
    telemetry = await startPointTelemetry(point.provider, point.device);
    const created = await createSession(ctx, point);
    session = created.session;
    // Tells the host's watchdog that session creation is over (the first inference and warm-up come next).
    ctx.emit({ type: 'progress', runId: ctx.runId, index: point.index, phase: 'warmup', iterations: 0, elapsedMs: 0, ciRelative: null });
    const measured = await measurePoint({
      session,
      feeds,
      preallocateOutputs: ctx.settings.preallocatedOutputs,
      batch: point.batch,
      stopping: ctx.options.stopping,
      signal: ctx.signal,
      onProgress: (p) => {
        if (p.phase === 'timing') telemetry?.timing(p.elapsedMs);
        ctx.emit({ type: 'progress', runId: ctx.runId, index: point.index, ...p });
      },
    });
    const pointTelemetry = telemetry.finish(measured.stats.totalTimeMs, measured.stats.iterations * point.batch);
    const gpuMemoryBytes = GPU_PROVIDERS.has(point.provider) ? await nvidiaGpuMemoryUsedBytes(point.device) : null;
    const peakRssBytes = rss.stop();
    // One session's thread pool at a time: the profiled pass gets its own session.
    await session.release();
    session = undefined;
    let ortProfile = null;
    if (ctx.options.profileOrt) {
      ctx.emit({ type: 'progress', runId: ctx.runId, index: point.index, phase: 'profile', iterations: 0, elapsedMs: 0, ciRelative: null });
      const profileOptions = sessionOptionsFor(point.provider, point.threads, ctx.settings, point.device);
      ortProfile = await ortProfilePass(ctx.sessionSource, profileOptions, feeds).catch(() => null);
    }
    const result = {
      ...point,
      verdict: measured.verdict,
      criterion: measured.criterion,
      warnings: measured.warnings,
      inputShapes,
      startedAt,
      stats: measured.stats,
      samplesMs: Array.from(measured.samplesMs),
      sessionCreateMs: created.ms,
      firstInferenceMs: measured.firstInferenceMs,
      peakRssBytes,
      gpuMemoryBytes,
      ortProfile,
      threadsUsed: point.threads ?? (point.provider === 'cpu' ? resolveDefaultIntraOpThreads() : null),
      clockResolutionMs: measured.clockResolutionMs,
      interference: measured.interference,
      telemetry: pointTelemetry,
    };
    return result as PointResult;
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    // Inputs refused before allocation (too large for memory) end the batch sweep like a real OOM would.
    if (error instanceof EngineError) return failedPoint(point, startedAt, /memory|GiB/.test(error.message) ? 'oom' : 'error', error.toInfo(), inputShapes);
    const ortMessage = firstLine(error instanceof Error ? error.message : String(error));
    const op = unsupportedOpFromOrtError(ortMessage);
    const message = op ? `${point.provider} has no kernel for op ${op.domain ? `${op.domain}:` : ''}${op.op} (onnxruntime: ${ortMessage})` : ortMessage;
    return failedPoint(point, startedAt, op ? 'unsupported' : classifyOrtFailure(ortMessage), { code: 'internal', message }, inputShapes);
  } finally {
    telemetry?.cancel();
    rss.stop();
    await session?.release().catch(() => undefined);
  }
}
