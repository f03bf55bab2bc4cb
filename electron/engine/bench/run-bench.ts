import type { EngineEvent } from '../../contract/events';
import type { ProviderId } from '../../contract/hardware';
import type { BenchOptions, PointResult, Precision, RunStatus } from '../../contract/run';
import { badInput } from '../errors';
import { detectHardware } from '../hardware/detect-hardware';
import { assertInputsFit, resolveInputShapes } from '../model/input-synthesis';
import { prepareForBench } from '../model/prepare-model';
import { availableProviders } from './available-providers';
import { buildPlan, DEVICE_PROVIDERS, sameGroup } from './plan';
import { prepareVariants, releaseVariants, type PreparedVariant } from './prepare-variants';
import { failedPoint, runPoint, type PointContext } from './run-point';
import { runScenarios, sweepsBatches } from './run-scenarios';
import { DEFAULT_SESSION_SETTINGS } from './session-settings';
import { enterPhase } from '../phase';
import { buildGenerationPlan, generationSetup } from '../generate/generation-plan';
import { runGenerationPoint } from '../generate/generation-point';
import { addGenerationAccuracy, decoderConvertDims, generationContexts } from '../generate/generation-run';

export type RunBenchArgs = {
  runId: string;
  options: BenchOptions;
  /** Plan points before this index are skipped (a resumed run already has them). */
  resumeFrom: number;
  /** What earlier workers measured of this run (see the startRun contract). */
  carried?: PointResult[];
  emit: (event: EngineEvent) => void;
  signal: AbortSignal;
};

/** Why the rest of a group's batch sweep is skipped after this point, or null to go on. */
function stopGrowingReason(result: PointResult, maxLatencyMs: number | null): string | null {
  if (result.verdict === 'failed') {
    if (result.failure === 'oom') return `batch ${result.batch} ran out of memory`;
    // A larger batch of the same session configuration would only take longer.
    if (result.failure === 'timeout') return `batch ${result.batch} went past its time budget`;
    return null;
  }
  if (maxLatencyMs !== null && result.stats.p50Ms > maxLatencyMs)
    return `batch ${result.batch} took ${result.stats.p50Ms.toFixed(1)} ms (p50), over --max-latency-ms ${maxLatencyMs}`;
  return null;
}

/** --device names GPUs that exist (where nvidia-smi counts them) for a provider that takes a device. */
function checkDevices(devices: number[] | undefined, providers: ProviderId[], nvidiaGpus: number): void {
  if (!devices?.length) return;
  if (!providers.some((p) => DEVICE_PROVIDERS.has(p)))
    throw badInput(`--device ${devices.join(',')}: only ${[...DEVICE_PROVIDERS].join(', ')} points run on a chosen GPU, and none of ${providers.join(', ') || 'no provider'} is one`);
  const missing = devices.filter((d) => nvidiaGpus > 0 && d >= nvidiaGpus);
  if (missing.length > 0) throw badInput(`--device ${missing.join(',')}: nvidia-smi lists ${nvidiaGpus} GPU(s) here, numbered 0 to ${nvidiaGpus - 1}`);
}

/** Runs the whole sweep inside the engine worker, streaming events; returns how it ended. */
export async function runBench({ runId, options, resumeFrom, carried = [], emit, signal }: RunBenchArgs): Promise<RunStatus> {
  const prepared = await prepareForBench(options.modelPath);
  let variants = new Map<Precision, PreparedVariant>();
  try {
    const { info } = prepared;
    // A decoder is measured by generation (engine/generate): its inputs are token ids and its own cache.
    const generation = generationSetup(info, options);
    if (generation && !sweepsBatches(options)) throw badInput(`--scenario ${options.scenario}: generation runs (decoders, --prompt/--gen) measure the batch sweep only`);
    // Inputs that cannot be synthesised even at the smallest batch are bad input, refused before the run starts.
    if (!generation) assertInputsFit(info, resolveInputShapes(info, Math.min(...options.batches), { dims: options.dims, shapes: options.shapes }));
    enterPhase('work', 'probing the execution providers');
    const hardware = await detectHardware({ probeProviders: true });
    const providers = availableProviders(hardware, options.providers);
    checkDevices(options.devices, providers, hardware.gpus.filter((g) => g.source === 'nvidia-smi').length);
    // The server and concurrency scenarios replace the batch sweep: their plan is empty and each provider ×
    // precision ends with one scenario-finished event instead of points.
    const plan = generation ? buildGenerationPlan(options, generation.options, providers) : sweepsBatches(options) ? buildPlan(options, providers, prepared.batchable) : [];
    enterPhase('work', 'making the precision variants');
    variants = await prepareVariants(prepared, options.precisions, options.referenceData, generation ? decoderConvertDims(generation.io) : undefined);
    const runOptions = generation ? { ...options, generation: generation.options } : options;
    const contexts = new Map<Precision, PointContext>();
    for (const [precision, variant] of variants) {
      if (variant.prepared) contexts.set(precision, { runId, info: variant.prepared.info, sessionSource: variant.prepared.sessionSource, options: runOptions, settings: DEFAULT_SESSION_SETTINGS, emit, signal });
    }
    const generating = generation ? generationContexts(contexts, generation, info.path) : null;
    if (generation && generating) await addGenerationAccuracy(variants, generating, generation, prepared, options.seed);
    const variantInfos = [...variants.values()].map((v) => v.info);
    emit({ type: 'run-started', runId, startedAt: new Date().toISOString(), plan, variants: variantInfos, model: info, hardware, session: DEFAULT_SESSION_SETTINGS, options: runOptions });

    if (!sweepsBatches(options)) {
      await runScenarios({ runId, options, providers, contexts, variants, batchable: prepared.batchable, emit, signal }).catch((error: unknown) => {
        if (!signal.aborted) throw error;
      });
    }
    let stopReason: { reason: string; group: (typeof plan)[number] } | null = null;
    for (const point of plan) {
      if (point.index < resumeFrom) {
        const earlier = carried.find((p) => p.index === point.index);
        const reason = earlier ? stopGrowingReason(earlier, options.maxLatencyMs) : null;
        if (reason) stopReason = { reason: `${reason}; larger batches of this group skipped`, group: point };
        continue;
      }
      if (signal.aborted) break;
      emit({ type: 'point-started', runId, point });
      if (stopReason && sameGroup(stopReason.group, point)) {
        const skipped = failedPoint(point, new Date().toISOString(), 'skipped', { code: 'internal', message: stopReason.reason });
        emit({ type: 'point-failed', runId, point: skipped });
        continue;
      }
      const ctx = contexts.get(point.precision);
      if (!ctx) {
        const error = variants.get(point.precision)?.info.error ?? { code: 'internal' as const, message: `no ${point.precision} model` };
        emit({ type: 'point-failed', runId, point: failedPoint(point, new Date().toISOString(), 'error', { ...error, message: `could not make the ${point.precision} model: ${error.message}` }) });
        continue;
      }
      const generationCtx = generating?.get(point.precision);
      if (typeof generationCtx === 'string') {
        emit({ type: 'point-failed', runId, point: failedPoint(point, new Date().toISOString(), 'error', { code: 'bad-input', message: generationCtx }) });
        continue;
      }
      let result: PointResult;
      try {
        result = generationCtx && point.generation ? await runGenerationPoint(generationCtx, point) : await runPoint(ctx, point);
      } catch (error) {
        if (signal.aborted) break;
        throw error;
      }
      emit(result.verdict === 'failed' ? { type: 'point-failed', runId, point: result } : { type: 'point-finished', runId, point: result });
      const reason = stopGrowingReason(result, options.maxLatencyMs);
      if (reason) stopReason = { reason: `${reason}; larger batches of this group skipped`, group: point };
    }
    const finishedAt = new Date().toISOString();
    if (signal.aborted) {
      emit({ type: 'run-cancelled', runId, finishedAt });
      return 'cancelled';
    }
    emit({ type: 'run-finished', runId, finishedAt });
    return 'complete';
  } finally {
    await releaseVariants(variants, prepared);
    await prepared.cleanup();
  }
}
