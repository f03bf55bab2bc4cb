import type * as ort from 'onnxruntime-node';
import type { LatencyStats, StoppingRule } from '../../contract/run';
import { EngineError } from '../errors';
import { RunningMoments } from '../stats/moments';
import { confidenceHalfWidth } from '../stats/student-t';
import { windowStats } from '../stats/windows';
import type { Interference } from '../../contract/run';
import { interferenceWarning, measureInterference, snapshot } from './interference';
import { clockResolutionMs } from './measure-clock';
import { preallocatedFetches } from './measure-fetches';
import { statsWithWindows } from './point-stats';
import { criterionText, earlyMedianMs, measurementWarnings, type StopReason } from './measure-text';
import { settled, warmupCapMs } from './warmup-settle';

export { statsWithWindows };

/** How often (at most) the stopping rule is evaluated and progress reported, in ms. */
export const CHECK_INTERVAL_MS = 50;
/** Samples kept per point at most, whatever maxIterations says (16 MB of Float64). */
export const MAX_SAMPLES_KEPT = 2_000_000;

export interface MeasureProgress {
  phase: 'warmup' | 'timing';
  iterations: number;
  elapsedMs: number;
  ciRelative: number | null;
}

export interface MeasurePointArgs {
  session: ort.InferenceSession;
  feeds: Record<string, ort.Tensor>;
  /** Outputs to fetch; tensors given here are used by onnxruntime as pre-allocated outputs. */
  fetches?: ort.InferenceSession.FetchesType;
  /** Pre-allocate every output, shaped like the first run's outputs (ignored when `fetches` is given). */
  preallocateOutputs?: boolean;
  batch: number;
  stopping: StoppingRule;
  signal?: AbortSignal;
  onProgress?: (p: MeasureProgress) => void;
}

export interface PointMeasurement {
  /** Every timed iteration's latency in ms, in the order taken. */
  samplesMs: Float64Array;
  stats: LatencyStats;
  verdict: 'valid' | 'unstable';
  criterion: string;
  warnings: string[];
  firstInferenceMs: number;
  clockResolutionMs: number;
  /** Other processes' and the hypervisor's share of the CPUs during the timed window. */
  interference: Interference;
}

const NS_PER_MS = 1e6;

function throwIfAborted(signal: AbortSignal | undefined, where: string): void {
  if (signal?.aborted === true) throw new EngineError('cancelled', `Measurement cancelled during ${where}.`);
}

/**
 * Measures one point: a first run timed on its own, warm-up (by count and by time, both minimums), then timed
 * iterations until the 95% interval of the mean, taken from consecutive windows of iterations, is under the target
 * and the last windows agree (with minimum count and time), or the time or iteration budget runs out (then
 * 'unstable'). Only `await session.run(...)` sits between the two clock reads of an iteration; bookkeeping, checks,
 * progress and abort handling happen after the second read.
 */
export async function measurePoint(args: MeasurePointArgs): Promise<PointMeasurement> {
  const { session, feeds, batch, stopping, signal, onProgress } = args;
  const resolutionMs = clockResolutionMs();
  throwIfAborted(signal, 'the first inference');

  const firstStart = process.hrtime.bigint();
  const firstOutputs = await (args.fetches === undefined ? session.run(feeds) : session.run(feeds, args.fetches));
  const firstInferenceMs = Number(process.hrtime.bigint() - firstStart) / NS_PER_MS;
  const fetches = args.fetches ?? (args.preallocateOutputs === true ? (preallocatedFetches(firstOutputs) ?? undefined) : undefined);

  // Warm-up: at least warmupIterations runs and at least warmupMs, then on while runs still get faster (capped).
  const warmStart = process.hrtime.bigint();
  let nextReportNs = warmStart + BigInt(CHECK_INTERVAL_MS * NS_PER_MS);
  let warm = 0;
  const warmDurations: number[] = [];
  const capMs = warmupCapMs(stopping.warmupMs, stopping.maxTimeMs);
  let nextSettleCheckNs = warmStart;
  for (;;) {
    const at = process.hrtime.bigint();
    const elapsedMs = Number(at - warmStart) / NS_PER_MS;
    if (warm >= stopping.warmupIterations && elapsedMs >= stopping.warmupMs) {
      if (elapsedMs >= capMs) break;
      // Looked at every CHECK_INTERVAL_MS: a median over thousands of short runs is not free.
      if (at >= nextSettleCheckNs) {
        if (settled(warmDurations)) break;
        nextSettleCheckNs = at + BigInt(CHECK_INTERVAL_MS * NS_PER_MS);
      }
    }
    throwIfAborted(signal, 'warm-up');
    const w0 = process.hrtime.bigint();
    await (fetches === undefined ? session.run(feeds) : session.run(feeds, fetches));
    warm++;
    const now = process.hrtime.bigint();
    warmDurations.push(Number(now - w0) / NS_PER_MS);
    if (onProgress !== undefined && now >= nextReportNs) {
      onProgress({ phase: 'warmup', iterations: warm, elapsedMs: Number(now - warmStart) / NS_PER_MS, ciRelative: null });
      nextReportNs = now + BigInt(CHECK_INTERVAL_MS * NS_PER_MS);
    }
  }

  const capacity = Math.max(2, Math.min(stopping.maxIterations, MAX_SAMPLES_KEPT));
  const samples = new Float64Array(capacity);
  const moments = new RunningMoments();
  const minIterations = Math.max(2, stopping.minIterations);
  const checkEveryNs = BigInt(CHECK_INTERVAL_MS * NS_PER_MS);
  let n = 0;
  let stop: StopReason | null = null;
  throwIfAborted(signal, 'warm-up');
  const before = snapshot();
  const timedStart = process.hrtime.bigint();
  const deadlineNs = timedStart + BigInt(Math.round(stopping.maxTimeMs * NS_PER_MS));
  let nextCheckNs = timedStart + checkEveryNs;
  let t1 = timedStart;
  while (stop === null) {
    const t0 = process.hrtime.bigint();
    await (fetches === undefined ? session.run(feeds) : session.run(feeds, fetches));
    t1 = process.hrtime.bigint();
    // ---- outside the timed region from here on; kept to O(1) work without allocation but one BigInt ----
    const ms = Number(t1 - t0) / NS_PER_MS;
    samples[n++] = ms;
    moments.push(ms);
    if (signal !== undefined && signal.aborted) throwIfAborted(signal, `timing, after ${n} iterations`);
    if (n >= capacity) stop = 'max-iterations';
    else if (t1 >= deadlineNs && n >= 2) stop = 'max-time'; // two samples at least: one gives no interval
    if (t1 >= nextCheckNs) {
      nextCheckNs = t1 + checkEveryNs;
      const elapsedMs = Number(t1 - timedStart) / NS_PER_MS;
      const ciRelative = n >= 2 ? confidenceHalfWidth(moments.stdev, n) / moments.mean : null;
      // The per-iteration interval is the cheap first test; the window interval (O(n)) decides.
      if (stop === null && ciRelative !== null && ciRelative <= stopping.targetRelativeCi && n >= minIterations && elapsedMs >= stopping.minTimeMs) {
        const windows = windowStats(samples.subarray(0, n));
        if (windows.ciRelative <= stopping.targetRelativeCi && windows.stable) stop = 'converged';
      }
      onProgress?.({ phase: 'timing', iterations: n, elapsedMs, ciRelative });
    }
  }

  const interference = measureInterference(before);
  const elapsedMs = Number(t1 - timedStart) / NS_PER_MS;
  const samplesMs = samples.slice(0, n);
  const windows = windowStats(samplesMs);
  // A budget that ran out just as the last sample met every condition still counts as converged.
  const met = windows.ciRelative <= stopping.targetRelativeCi && windows.stable && n >= minIterations && elapsedMs >= stopping.minTimeMs;
  if (met) stop = 'converged';
  const stats = statsWithWindows(samplesMs, batch, met, windows);
  const criterion = criterionText({
    stop,
    ciRelative: stats.ciRelative,
    target: stopping.targetRelativeCi,
    iterations: n,
    elapsedMs,
    minIterations,
    minTimeMs: stopping.minTimeMs,
    windows,
  });
  const warnings = measurementWarnings({ stats, firstInferenceMs, clockResolutionMs: resolutionMs, warmupRuns: warm, earlyMedianMs: earlyMedianMs(samplesMs) });
  const disturbed = interferenceWarning(interference);
  if (disturbed !== null) warnings.push(disturbed);
  const verdictNote = disturbed === null ? '' : `; measured under interference (others took ${(100 * (interference.available ? interference.otherCpuShare : 0)).toFixed(0)}% of the CPUs)`;
  return { samplesMs, stats, verdict: met ? 'valid' : 'unstable', criterion: criterion + verdictNote, warnings, firstInferenceMs, clockResolutionMs: resolutionMs, interference };
}
