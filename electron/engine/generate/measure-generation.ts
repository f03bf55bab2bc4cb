// The stopping rule of every point applied to generations: a sample is one whole generation (TTFT + Σ ITL), and the
// point stops when the 95% interval of their mean (from windows of generations) meets the target and the last
// windows agree, with the minimum count and time, or when the time or count budget runs out (then 'unstable').
import type { StoppingRule } from '../../contract/run';
import { interferenceWarning, measureInterference, snapshot } from '../bench/interference';
import { clockResolutionMs } from '../bench/measure-clock';
import type { MeasureProgress, PointMeasurement } from '../bench/measure-point';
import { statsWithWindows } from '../bench/measure-point';
import { criterionText, earlyMedianMs, measurementWarnings, type StopReason } from '../bench/measure-text';
import { EngineError } from '../errors';
import { windowStats } from '../stats/windows';
import type { GenerationRun } from './decode-loop';

export interface MeasureGenerationArgs {
  generateOnce: () => Promise<GenerationRun>;
  batch: number;
  /** Model runs per generation (N: the prefill and N − 1 steps), so that the warm-up count means runs, as elsewhere. */
  runsPerGeneration: number;
  stopping: StoppingRule;
  signal?: AbortSignal;
  onProgress?: (p: MeasureProgress) => void;
}

export interface GenerationMeasurement extends PointMeasurement {
  /** The timed generations, in order. */
  runs: GenerationRun[];
}

const totalMs = (run: GenerationRun): number => run.ttftMs + run.itlMs.reduce((a, b) => a + b, 0);

function throwIfAborted(signal: AbortSignal | undefined, where: string): void {
  if (signal?.aborted === true) throw new EngineError('cancelled', `Measurement cancelled during ${where}.`);
}

export async function measureGeneration(args: MeasureGenerationArgs): Promise<GenerationMeasurement> {
  const { generateOnce, batch, stopping, signal, onProgress } = args;
  const resolutionMs = clockResolutionMs();
  throwIfAborted(signal, 'the first generation');
  const firstInferenceMs = totalMs(await generateOnce());
  // Warm-up: the first generation counts; then more until warmupIterations runs and warmupMs have passed.
  let warmRuns = args.runsPerGeneration;
  let warmMs = firstInferenceMs;
  let warmGenerations = 1;
  while (warmRuns < stopping.warmupIterations || warmMs < stopping.warmupMs) {
    throwIfAborted(signal, 'warm-up');
    warmMs += totalMs(await generateOnce());
    warmRuns += args.runsPerGeneration;
    warmGenerations++;
    onProgress?.({ phase: 'warmup', iterations: warmGenerations, elapsedMs: warmMs, ciRelative: null });
  }
  const minIterations = Math.max(2, stopping.minIterations);
  const runs: GenerationRun[] = [];
  const samples: number[] = [];
  let stop: StopReason | null = null;
  let elapsedMs = 0;
  const before = snapshot();
  while (stop === null) {
    throwIfAborted(signal, `timing, after ${runs.length} generations`);
    const run = await generateOnce();
    runs.push(run);
    samples.push(totalMs(run));
    elapsedMs += totalMs(run);
    const n = samples.length;
    const windows = n >= 2 ? windowStats(Float64Array.from(samples)) : null;
    if (windows && windows.ciRelative <= stopping.targetRelativeCi && windows.stable && n >= minIterations && elapsedMs >= stopping.minTimeMs) stop = 'converged';
    else if (n >= stopping.maxIterations && n >= 2) stop = 'max-iterations';
    else if (elapsedMs >= stopping.maxTimeMs && n >= 2) stop = 'max-time';
    onProgress?.({ phase: 'timing', iterations: n, elapsedMs, ciRelative: windows?.ciRelative ?? null });
  }
  const interference = measureInterference(before);
  const samplesMs = Float64Array.from(samples);
  const windows = windowStats(samplesMs);
  const met = stop === 'converged';
  const stats = statsWithWindows(samplesMs, batch, met, windows);
  const criterion = criterionText({ stop, ciRelative: stats.ciRelative, target: stopping.targetRelativeCi, iterations: samples.length, elapsedMs, minIterations, minTimeMs: stopping.minTimeMs, windows });
  const warnings = measurementWarnings({ stats, firstInferenceMs, clockResolutionMs: resolutionMs, warmupRuns: warmGenerations, earlyMedianMs: earlyMedianMs(samplesMs) });
  const disturbed = interferenceWarning(interference);
  if (disturbed !== null) warnings.push(disturbed);
  const note = disturbed === null ? '' : `; measured under interference (others took ${(100 * (interference.available ? interference.otherCpuShare : 0)).toFixed(0)}% of the CPUs)`;
  return { samplesMs, stats, verdict: met ? 'valid' : 'unstable', criterion: `${criterion.replace(/\biteration(s?)\b/g, 'generation$1')}${note}`, warnings, firstInferenceMs, clockResolutionMs: resolutionMs, interference, runs };
}
