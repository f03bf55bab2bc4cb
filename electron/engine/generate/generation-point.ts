// One generation point in a fresh session: the same session settings, telemetry, memory sampling, stopping rule and
// failure handling as every batch point, with generations in place of single runs.
import type * as ort from 'onnxruntime-node';
import type { PlanPoint, PointResult } from '../../contract/run';
import { nvidiaGpuMemoryUsedBytes } from '../hardware/gpu';
import { startRssSampler } from '../bench/measure-memory';
import { measuredPointResult, threadsUsedBy } from '../bench/point-result';
import { createSession, GPU_PROVIDERS, pointFailure, type PointContext } from '../bench/run-point';
import { startPointTelemetry, type PointTelemetrySession } from '../telemetry/point-telemetry';
import { cacheBytesPerToken, type DecoderIo } from './convention';
import { generate } from './decode-loop';
import { generationStats } from './generation-stats';
import { measureGeneration } from './measure-generation';
import { batchPrompts } from './prompts';

export interface GenerationContext extends PointContext {
  io: DecoderIo;
  /** The user's prompts (--prompt-file), or null for synthetic ones. */
  filePrompts: number[][] | null;
  /** Synthetic ids are drawn from [0, vocab). */
  vocab: number;
}

export async function runGenerationPoint(ctx: GenerationContext, point: PlanPoint): Promise<PointResult> {
  const startedAt = new Date().toISOString();
  const shape = point.generation;
  if (!shape) throw new Error(`point ${point.index} is not a generation point`);
  const inputShapes = { [ctx.io.inputIds]: [point.batch, shape.promptTokens], ...(ctx.io.attentionMask ? { [ctx.io.attentionMask]: [point.batch, shape.promptTokens + shape.genTokens - 1] } : {}) };
  let session: ort.InferenceSession | undefined;
  const rss = startRssSampler();
  let telemetry: PointTelemetrySession | undefined;
  try {
    const prompts = batchPrompts({ file: ctx.filePrompts, seed: ctx.options.seed, batch: point.batch, promptTokens: shape.promptTokens, vocab: ctx.vocab });
    ctx.emit({ type: 'progress', runId: ctx.runId, index: point.index, phase: 'session', iterations: 0, elapsedMs: 0, ciRelative: null });
    telemetry = await startPointTelemetry(point.provider, point.device);
    const created = await createSession(ctx, point);
    session = created.session;
    const open = session;
    ctx.emit({ type: 'progress', runId: ctx.runId, index: point.index, phase: 'warmup', iterations: 0, elapsedMs: 0, ciRelative: null });
    const measured = await measureGeneration({
      generateOnce: () => generate({ session: open, io: ctx.io, prompts, genTokens: shape.genTokens }),
      batch: point.batch,
      runsPerGeneration: shape.genTokens,
      stopping: ctx.options.stopping,
      signal: ctx.signal,
      onProgress: (p) => {
        if (p.phase === 'timing') telemetry?.timing(p.elapsedMs);
        ctx.emit({ type: 'progress', runId: ctx.runId, index: point.index, ...p });
      },
    });
    const tokens = measured.stats.iterations * point.batch * shape.genTokens;
    const pointTelemetry = telemetry.finish(measured.stats.totalTimeMs, tokens);
    const gpuMemoryBytes = GPU_PROVIDERS.has(point.provider) ? await nvidiaGpuMemoryUsedBytes(point.device) : null;
    const stats = generationStats({
      convention: ctx.io.convention,
      batch: point.batch,
      promptTokens: shape.promptTokens,
      genTokens: shape.genTokens,
      ttftMs: measured.runs.map((r) => r.ttftMs),
      itlMs: measured.runs.flatMap((r) => r.itlMs),
      cacheBytesPerToken: cacheBytesPerToken(ctx.io),
    });
    const facts = { inputShapes, startedAt, sessionCreateMs: created.ms, peakRssBytes: rss.stop(), gpuMemoryBytes, ortProfile: null, ...threadsUsedBy(point), telemetry: pointTelemetry };
    return { ...measuredPointResult(point, measured, facts), generationStats: stats } as PointResult;
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    return pointFailure(error, point, startedAt, inputShapes);
  } finally {
    telemetry?.cancel();
    rss.stop();
    await session?.release().catch(() => undefined);
  }
}
