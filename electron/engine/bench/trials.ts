// A point measured as independent trials. Repeats of a point in fresh processes differ far more (14–44% on a shared
// 2-core VM) than any interval taken inside one session admits, so a point's interval is taken over k trial means,
// each trial a fresh process with a fresh onnxruntime session (trial-process.ts; a fresh session in the engine worker
// where no process can be started), the trials of neighbouring points interleaved in time.
import type { Interference, MeasuredPoint, PlanPoint, StoppingRule } from '../../contract/run';
import { DEFAULT_TRIALS } from '../../../common/defaults';
import { trialInterval, type TrialInterval } from '../stats/trial-interval';
import { combinedInterval, type RunToRun } from '../stats/run-to-run';
import { windowStats } from '../stats/windows';
import { statsWithWindows } from './point-stats';
import { percentText } from './measure-text';
import { plural } from '../../contract/run-to-run-text';
import { studentT975 } from '../stats/student-t';
import { measuredPointResult } from './point-result';
import type { Trial } from './run-point';

export { DEFAULT_TRIALS };
/** With the default, trials are added up to twice the minimum while the interval misses the target. */
export const DEFAULT_MAX_TRIALS_FACTOR = 2;

export interface TrialSchedule {
  /** Trials every point gets (unless it fails). */
  min: number;
  /** Trials a point may get while its interval misses the target. */
  max: number;
  /** The stopping rule of one trial: the point's time budget shared by its trials at most. */
  rule: StoppingRule;
}

export function trialSchedule(stopping: StoppingRule): TrialSchedule {
  const min = stopping.trials ?? DEFAULT_TRIALS;
  const max = Math.max(min, stopping.maxTrials ?? (min === 1 ? 1 : DEFAULT_MAX_TRIALS_FACTOR * min));
  if (max === 1) return { min, max, rule: stopping };
  const maxTimeMs = stopping.maxTimeMs / max;
  return {
    min,
    max,
    rule: {
      ...stopping,
      maxTimeMs,
      minTimeMs: Math.min(stopping.minTimeMs, maxTimeMs),
      maxIterations: Math.max(2, Math.floor(stopping.maxIterations / max)),
    },
  };
}

/**
 * What the machine's repeat log says of its run-to-run spread: 'off' when not used (--no-repeat-log), an estimate,
 * or null when no point has been measured in two runs yet.
 */
export type RunToRunUse = RunToRun | null | 'off';

/** The interval of a point's trials so far, with the machine's run-to-run part when there is one. */
export function intervalOf(trials: readonly Trial[], runToRun: RunToRunUse = 'off'): TrialInterval {
  const means = trials.map((t) => t.measured.stats.meanMs);
  const alone = trialInterval(means);
  if (runToRun === 'off' || runToRun === null || means.length < 2) return alone;
  const { halfWidth, relative } = combinedInterval(means, runToRun);
  return { ...alone, halfWidth, relative };
}

/** More trials can still bring the point within the target: it misses it, and the run-to-run part alone does not. */
export function wantsMoreTrials(trials: readonly Trial[], runToRun: RunToRunUse, target: number): boolean {
  if (intervalOf(trials, runToRun).relative <= target) return false;
  return runToRun === 'off' || runToRun === null || studentT975(runToRun.degreesOfFreedom) * runToRun.sdRelative < target;
}

/** The run-to-run part in words, for the criterion. */
function runToRunText(runToRun: RunToRunUse): string {
  if (runToRun === 'off') return '';
  if (runToRun === null) return '; run-to-run drift on this machine: not yet measured — no earlier repeats';
  return `; run-to-run drift on this machine sd ${percentText(runToRun.sdRelative)}% (from ${runToRun.repeats} runs of ${plural(runToRun.points, 'point')}, this one's included) added`;
}

/** Other processes' and steal shares averaged over the trials (weighted by their timed time); flagged if any trial was. */
function combinedInterference(trials: readonly Trial[]): Interference {
  const available = trials.map((t) => ({ i: t.measured.interference, w: t.measured.stats.totalTimeMs }));
  const known = available.filter((x): x is { i: Extract<Interference, { available: true }>; w: number } => x.i.available);
  if (known.length === 0) return trials[0]?.measured.interference ?? { available: false, reason: 'not available' };
  const weight = known.reduce((s, x) => s + x.w, 0) || 1;
  const avg = (pick: (i: Extract<Interference, { available: true }>) => number) => known.reduce((s, x) => s + pick(x.i) * x.w, 0) / weight;
  return {
    available: true,
    otherCpuShare: avg((i) => i.otherCpuShare),
    ownCpuShare: avg((i) => i.ownCpuShare),
    stealShare: avg((i) => i.stealShare),
    loadPerCpu: Math.max(...known.map((x) => x.i.loadPerCpu)),
    flagged: known.some((x) => x.i.flagged),
  };
}

/** Each kind of warning once, by its headline without figures ("noisy machine", "# outliers"), marked with the first trial that gave it. */
function trialWarnings(trials: readonly Trial[]): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  trials.forEach((t, i) => {
    for (const w of t.measured.warnings) {
      const headline = (w.split(':')[0] ?? w).replace(/[\d.]+%?/g, '#');
      if (seen.has(headline)) continue;
      seen.add(headline);
      out.push(trials.length > 1 && !/trial \d/.test(w) ? `${w} (trial ${i + 1})` : w);
    }
  });
  return out;
}

function criterionOf(interval: TrialInterval, trials: readonly Trial[], schedule: TrialSchedule, target: number, runToRun: RunToRunUse): string {
  const within = trials.map((t) => t.measured.stats.ciRelative);
  const how =
    `${trials.length} trials, fresh ${trials.every((t) => t.isolation === 'process') ? 'process' : 'session'} each; t over the trial means; ` +
    `within one trial ±${percentText(Math.min(...within))}–${percentText(Math.max(...within))}%${runToRunText(runToRun)}`;
  const ci = `95% CI half-width ${percentText(interval.relative)}% (${how})`;
  if (interval.relative <= target && trials.length >= schedule.min) return `${ci} ≤ ${percentText(target)}%`;
  const why = trials.length < schedule.min ? `only ${trials.length} of ${schedule.min} trials` : `after ${trials.length} trials (at most ${schedule.max}, --max-trials)`;
  return `${ci} ${why} (target ${percentText(target)}%)`;
}

/** The point's result from its trials (two at least; one trial is the trial's own measurement, see pointFromTrials). */
function combine(point: PlanPoint, trials: readonly Trial[], schedule: TrialSchedule, target: number, runToRun: RunToRunUse): MeasuredPoint {
  const samplesMs = new Float64Array(trials.reduce((n, t) => n + t.measured.samplesMs.length, 0));
  let at = 0;
  for (const t of trials) {
    samplesMs.set(t.measured.samplesMs, at);
    at += t.measured.samplesMs.length;
  }
  const interval = intervalOf(trials, runToRun);
  const valid = trials.length >= schedule.min && interval.relative <= target;
  // All iterations pooled give the percentiles; their window interval stays beside the trial one as a diagnostic.
  const pooled = statsWithWindows(samplesMs, point.batch, valid, windowStats(samplesMs));
  const first = trials[0] as Trial;
  const interference = combinedInterference(trials);
  const flagged = interference.available && interference.flagged;
  const remeasured = trials.filter((t) => t.remeasured).length;
  const gpu = trials.map((t) => t.gpuMemoryBytes).filter((b): b is number => b !== null);
  return {
    ...point,
    verdict: valid ? 'valid' : 'unstable',
    criterion: criterionOf(interval, trials, schedule, target, runToRun) + (flagged ? '; a trial was measured under interference' : ''),
    warnings: trialWarnings(trials),
    inputShapes: first.inputShapes,
    startedAt: first.startedAt,
    stats: {
      ...pooled,
      meanMs: interval.mean,
      ciHalfWidthMs: interval.halfWidth,
      ciRelative: interval.relative,
      throughput: point.batch / (interval.mean / 1000),
      trials: {
        meansMs: trials.map((t) => t.measured.stats.meanMs),
        windowCiRelative: trials.map((t) => t.measured.stats.ciRelative),
        isolation: trials.every((t) => t.isolation === 'process') ? 'process' : 'session',
        remeasured,
        ...(runToRun === 'off' ? {} : { runToRun: runToRun === null ? null : { ...runToRun, trialsCiRelative: intervalOf(trials).relative } }),
      },
    },
    samplesMs: Array.from(samplesMs),
    sessionCreateMs: first.sessionCreateMs,
    firstInferenceMs: first.measured.firstInferenceMs,
    peakRssBytes: Math.max(...trials.map((t) => t.peakRssBytes)),
    gpuMemoryBytes: gpu.length > 0 ? Math.max(...gpu) : null,
    ortProfile: null,
    threadsUsed: first.threadsUsed,
    threadsSource: first.threadsSource,
    clockResolutionMs: first.measured.clockResolutionMs,
    interference,
    // One trial's telemetry stands for the point: energy per inference is a rate, the same in any trial.
    telemetry: (trials[trials.length - 1] as Trial).telemetry,
  };
}

/** A measured point from its trials: with one trial, that session's own measurement (its window interval). */
export function pointFromTrials(point: PlanPoint, trials: readonly Trial[], schedule: TrialSchedule, target: number, runToRun: RunToRunUse = 'off'): MeasuredPoint {
  if (trials.length === 0) throw new RangeError(`point ${point.index} has no trial to report`);
  if (trials.length > 1) return combine(point, trials, schedule, target, runToRun);
  const t = trials[0] as Trial;
  const facts = { inputShapes: t.inputShapes, startedAt: t.startedAt, sessionCreateMs: t.sessionCreateMs, peakRssBytes: t.peakRssBytes, gpuMemoryBytes: t.gpuMemoryBytes, ortProfile: null, threadsUsed: t.threadsUsed, threadsSource: t.threadsSource, telemetry: t.telemetry };
  return measuredPointResult(point, t.measured, facts);
}
