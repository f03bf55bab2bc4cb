// The repeat log as a block of points uses it: this machine's logged repeats read before the block, each point's
// run-to-run part taken from them and its own trials, and each point added to the log afterwards (points of two
// trials or more: one trial has no within-run spread to set apart from the run-to-run one).
import type { MeasuredPoint, PlanPoint } from '../../contract/run';
import type { PointContext, Trial } from './run-point';
import { appendRepeat, machineFingerprint, pointKey, readRepeats, repeatLogPath, runToRunWith, type PointIdentity, type Repeats } from './repeat-log';
import { intervalOf, type RunToRunUse } from './trials';
import { runMeanOf, type RunMean } from '../stats/run-to-run';

/** The machine's earlier repeats ('off' when the run opted out: --no-repeat-log), and why the log could not be read. */
export type RepeatsLookup = { repeats: Repeats | 'off'; problem: string | null };

export async function repeatsFor(ctx: PointContext): Promise<RepeatsLookup> {
  if (ctx.options.repeatLog === false) return { repeats: 'off', problem: null };
  return readRepeats(repeatLogPath(), machineFingerprint());
}

function identityOf(ctx: PointContext, point: PlanPoint, trials: readonly Trial[]): PointIdentity {
  return {
    modelSha256: ctx.info.sha256 || `${ctx.info.path} ${ctx.info.fileBytes}`,
    point,
    inputShapes: trials[0]?.inputShapes ?? {},
    settings: ctx.settings,
    isolation: trials.every((t) => t.isolation === 'process') ? 'process' : 'session',
  };
}

/** This run's mean of the point and its within-run error (two trials at least). */
function runMean(trials: readonly Trial[]): RunMean {
  return runMeanOf(trials.map((t) => t.measured.stats.meanMs));
}

/** The run-to-run part for a point with these trials so far: earlier repeats plus this run's mean of the point. */
export function runToRunFor(lookup: RepeatsLookup, ctx: PointContext, point: PlanPoint, trials: readonly Trial[]): RunToRunUse {
  if (lookup.repeats === 'off' || trials.length < 2) return 'off';
  return runToRunWith(lookup.repeats, pointKey(identityOf(ctx, point, trials)), ctx.runId, runMean(trials));
}

/** Adds a measured point to the log; returns why it could not, or null (nothing to add is not a problem). */
export async function logRepeat(ctx: PointContext, result: MeasuredPoint, trials: readonly Trial[]): Promise<string | null> {
  if (ctx.options.repeatLog === false || trials.length < 2) return null;
  const { meanMs, seRelative } = runMean(trials);
  return appendRepeat(repeatLogPath(), machineFingerprint(), {
    identity: identityOf(ctx, result, trials),
    runId: ctx.runId,
    meanMs,
    seRelative,
    trials: trials.length,
    trialsCiRelative: intervalOf(trials).relative,
  });
}
