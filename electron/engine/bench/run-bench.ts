import type { EngineEvent } from '../../contract/events';
import type { ProviderId } from '../../contract/hardware';
import type { BenchOptions, PointResult, Precision, RunStatus } from '../../contract/run';
import { badInput } from '../errors';
import { detectHardware } from '../hardware/detect-hardware';
import { assertInputsFit, resolveInputShapes } from '../model/input-synthesis';
import { prepareForBench } from '../model/prepare-model';
import { availableProviders } from './available-providers';
import { buildPlan, DEVICE_PROVIDERS, groupKey } from './plan';
import { prepareVariants, releaseVariants, type PreparedVariant } from './prepare-variants';
import { runBlock, stopGrowingReason } from './run-block';
import type { PointContext } from './run-point';
import { trialBlocks } from './trial-blocks';
import { benchReferenceCheck } from './reference-check';
import { runScenarios, sweepsBatches } from './run-scenarios';
import { DEFAULT_SESSION_SETTINGS } from './session-settings';
import { enterPhase } from '../phase';
import { buildGenerationPlan, generationSetup } from '../generate/generation-plan';
import { runGenerationBlock } from '../generate/generation-block';
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
    // A resumed run has its check already (the first worker ran it).
    const check = resumeFrom === 0 && !generation ? await benchReferenceCheck(prepared, variants, options, providers) : undefined;
    emit({ type: 'run-started', runId, startedAt: new Date().toISOString(), plan, variants: variantInfos, model: info, hardware, session: DEFAULT_SESSION_SETTINGS, options: runOptions, ...(check ? { check } : {}) });

    if (!sweepsBatches(options)) {
      await runScenarios({ runId, options, providers, contexts, variants, batchable: prepared.batchable, emit, signal }).catch((error: unknown) => {
        if (!signal.aborted) throw error;
      });
    }
    const stops = new Map<string, string>();
    for (const earlier of carried) {
      const reason = stopGrowingReason(earlier, options.maxLatencyMs);
      if (reason) stops.set(groupKey(earlier), reason);
    }
    const recorded = new Set(carried.map((p) => p.index));
    const emitPoint = (point: PointResult) => emit(point.verdict === 'failed' ? { type: 'point-failed', runId, point } : { type: 'point-finished', runId, point });
    for (const whole of trialBlocks(plan)) {
      // A resumed worker measures what no earlier worker reported: the rest of the plan, and the points of the
      // block the last one died in that it had not reported yet.
      const block = whole.filter((p) => p.index >= resumeFrom && !recorded.has(p.index));
      if (signal.aborted) break;
      if (block.length === 0) continue;
      try {
        if (generating) await runGenerationBlock({ block, contexts, generating, variants, stops, maxLatencyMs: options.maxLatencyMs, signal }, emitPoint);
        else await runBlock({ block, contexts, variants, stops, stopping: options.stopping, maxLatencyMs: options.maxLatencyMs, precisions: options.precisions, signal }, emitPoint);
      } catch (error) {
        if (signal.aborted) break;
        throw error;
      }
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
