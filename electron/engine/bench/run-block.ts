// Runs one block of points (trial-blocks.ts) as interleaved trials: round 1 measures every point once (a failure or
// a latency cap there stops its group's growth in later blocks), the next rounds alternate the order (A B, B A); after
// the minimum number of trials only points whose interval still misses the target get more. A trial measured
// under interference is run again once the machine is quiet (a bounded wait), and says so.
import type { FailedPoint, PlanPoint, PointResult, Precision, StoppingRule } from '../../contract/run';
import type { PreparedVariant } from './prepare-variants';
import { compareVariants } from './comparisons';
import { interferenceWarning } from './interference';
import { groupKey } from './plan';
import { waitForQuiet } from './quiet-wait';
import { failedPoint, profilePoint, type PointContext, type Trial } from './run-point';
import { trialRunner } from './trial-process';
import { pointFromTrials, trialSchedule, wantsMoreTrials, type TrialSchedule } from './trials';
import { logRepeat, repeatsFor, runToRunFor, type RepeatsLookup } from './run-to-run-log';

export type BlockArgs = {
  block: readonly PlanPoint[];
  contexts: ReadonlyMap<Precision, PointContext>;
  variants: ReadonlyMap<Precision, PreparedVariant>;
  /** Why a group stopped growing, by groupKey: shared across blocks, filled here. */
  stops: Map<string, string>;
  stopping: StoppingRule;
  maxLatencyMs: number | null;
  precisions: readonly Precision[];
  signal: AbortSignal;
};

/** Why a group's batch sweep stops after a failed point, or null to go on. */
export function failureStop(result: FailedPoint): string | null {
  if (result.failure === 'oom') return `batch ${result.batch} ran out of memory`;
  // A larger batch of the same session configuration would only take longer.
  if (result.failure === 'timeout') return `batch ${result.batch} went past its time budget`;
  return null;
}

/** Why a group's batch sweep stops after a point this slow, or null to go on. */
export function latencyStop(batch: number, p50Ms: number, maxLatencyMs: number | null): string | null {
  return maxLatencyMs !== null && p50Ms > maxLatencyMs ? `batch ${batch} took ${p50Ms.toFixed(1)} ms (p50), over --max-latency-ms ${maxLatencyMs}` : null;
}

/** Why the rest of a group's batch sweep is skipped after this point (measured or failed), or null. */
export function stopGrowingReason(result: PointResult, maxLatencyMs: number | null): string | null {
  const reason = result.verdict === 'failed' ? failureStop(result) : latencyStop(result.batch, result.stats.p50Ms, maxLatencyMs);
  return reason === null ? null : `${reason}; larger batches of this group skipped`;
}

/** A profiled pass slower than this many timed means says its figure is the profiler's, not the point's. */
export const PROFILE_SLOWDOWN_NOTE = 1.5;

/**
 * Why onnxruntime's profiled run time may sit far above the point's mean: the profiled pass is a separate session
 * whose runs record every node, and short runs pay that in full (an INT8 batch-1 MLP read 0.60 ms profiled against
 * 0.12 ms timed; the same profiled runs timed from JS took 0.71 ms, so the gap is the profiling, not the timing).
 */
export function profileNote(profile: { ortMeanMs: number; endToEndMeanMs: number } | null, meanMs: number): string | null {
  if (profile === null || profile.endToEndMeanMs <= PROFILE_SLOWDOWN_NOTE * meanMs) return null;
  const x = (profile.endToEndMeanMs / meanMs).toFixed(1);
  return `profiled run time: onnxruntime's profiler reads ${profile.ortMeanMs.toFixed(3)} ms a run, but its profiled pass ran ${x}× slower than the timed mean (${profile.endToEndMeanMs.toFixed(3)} ms against ${meanMs.toFixed(3)} ms): profiling every node slows short runs; the timed mean is the point's figure`;
}

type State = { point: PlanPoint; ctx: PointContext; trials: Trial[]; closed: boolean };

const isTrial = (x: Trial | FailedPoint): x is Trial => 'measured' in x;

/** A trial; measured again (once) after waiting for a quiet machine when others took the CPUs while it ran. */
async function quietTrial(s: State, schedule: TrialSchedule, round: number, signal: AbortSignal): Promise<Trial | FailedPoint> {
  const info = { number: s.trials.length + 1, of: schedule.min, round };
  const runTrial = trialRunner(schedule.max);
  const first = await runTrial(s.ctx, s.point, schedule.rule, { ...info, remeasured: false });
  if (!isTrial(first) || interferenceWarning(first.measured.interference) === null) return first;
  const seen = first.measured.interference.available ? first.measured.interference.otherCpuShare : 0;
  const wait = await waitForQuiet(undefined, signal);
  const waited = `${(wait.waitedMs / 1000).toFixed(1)} s`;
  if (!wait.quiet) {
    first.measured.warnings.push(`interference: waited ${waited} for a quiet machine (others still took ${(100 * (wait.lastOtherShare ?? seen)).toFixed(0)}% of the CPUs); trial ${info.number} kept as measured`);
    return first;
  }
  const again = await runTrial(s.ctx, s.point, schedule.rule, { ...info, remeasured: true });
  if (!isTrial(again)) return first;
  again.measured.warnings.push(`re-measured: trial ${info.number} first ran while others took ${(100 * seen).toFixed(0)}% of the CPUs; measured again after ${waited} of waiting for a quiet machine`);
  return again;
}

/** Measures a block; emits each point (finished or failed) as its fate is known, measured points at the end. */
export async function runBlock(args: BlockArgs, emit: (result: PointResult) => void): Promise<void> {
  const { block, contexts, variants, stops, signal } = args;
  const states: State[] = [];
  for (const point of block) {
    const ctx = contexts.get(point.precision);
    if (!ctx) {
      const error = variants.get(point.precision)?.info.error ?? { code: 'internal' as const, message: `no ${point.precision} model` };
      emit(failedPoint(point, new Date().toISOString(), 'error', { ...error, message: `could not make the ${point.precision} model: ${error.message}` }));
      continue;
    }
    states.push({ point, ctx, trials: [], closed: false });
  }
  const schedule = trialSchedule(args.stopping);
  const target = schedule.rule.targetRelativeCi;
  const first = states[0];
  // Read once per block (earlier blocks of this run are in it); each point adds its own run mean as it goes.
  const log: RepeatsLookup = first && schedule.max > 1 ? await repeatsFor(first.ctx) : { repeats: 'off', problem: null };
  const runToRun = (s: State) => runToRunFor(log, s.ctx, s.point, s.trials);
  for (let round = 1; round <= schedule.max; round++) {
    const open = states.filter((s) => !s.closed && (round <= schedule.min || wantsMoreTrials(s.trials, runToRun(s), target)));
    if (open.length === 0) break;
    for (const s of round % 2 === 1 ? open : [...open].reverse()) {
      if (signal.aborted) return;
      const stop = round === 1 ? stops.get(groupKey(s.point)) : undefined;
      if (stop !== undefined) {
        s.closed = true;
        s.ctx.emit({ type: 'point-started', runId: s.ctx.runId, point: s.point });
        emit(failedPoint(s.point, new Date().toISOString(), 'skipped', { code: 'internal', message: stop }));
        continue;
      }
      const trial = await quietTrial(s, schedule, round, signal);
      if (!isTrial(trial)) {
        s.closed = true;
        emit(trial);
        const reason = stopGrowingReason(trial, args.maxLatencyMs);
        if (reason) stops.set(groupKey(s.point), reason);
        continue;
      }
      s.trials.push(trial);
      if (round === 1) {
        const reason = latencyStop(s.point.batch, trial.measured.stats.p50Ms, args.maxLatencyMs);
        if (reason) stops.set(groupKey(s.point), `${reason}; larger batches of this group skipped`);
      }
    }
  }
  // A point closed after a trial failed was reported as failed; the rest report their trials.
  const kept = states.filter((s) => !s.closed && s.trials.length > 0);
  const comparisons = compareVariants(
    kept.map((s) => ({ point: s.point, trials: s.trials.map((t) => ({ round: t.round, meanMs: t.measured.stats.meanMs })) })),
    args.precisions,
  );
  for (const s of kept.sort((a, b) => a.point.index - b.point.index)) {
    if (signal.aborted) return;
    const result = pointFromTrials(s.point, s.trials, schedule, target, runToRun(s));
    result.ortProfile = await profilePoint(s.ctx, s.point);
    const slowed = profileNote(result.ortProfile, result.stats.meanMs);
    if (slowed) result.warnings.push(slowed);
    const logged = await logRepeat(s.ctx, result, s.trials);
    for (const problem of [log.problem, logged]) if (problem) result.warnings.push(problem);
    const comparison = comparisons.get(s.point.index);
    emit((comparison ? { ...result, comparison } : result) as PointResult);
  }
}
