// The repeat log as a block of points uses it: what it says of this machine's run-to-run spread before the block is
// reported, and each of the block's points added to it afterwards (points of two trials or more: one trial has no
// within-run spread to set apart from the run-to-run one).
import type { MeasuredPoint } from '../../contract/run';
import type { PointContext, Trial } from './run-point';
import { appendRepeat, machineFingerprint, readRunToRun, repeatLogPath } from './repeat-log';
import { intervalOf, type RunToRunUse } from './trials';

export type RunToRunLookup = { use: RunToRunUse; problem: string | null };

/** 'off' when the run opted out (--no-repeat-log); otherwise the log's estimate, excluding this run's own points. */
export async function runToRunFor(ctx: PointContext): Promise<RunToRunLookup> {
  if (ctx.options.repeatLog === false) return { use: 'off', problem: null };
  const read = await readRunToRun(repeatLogPath(), machineFingerprint(), ctx.runId);
  return { use: read.estimate, problem: read.problem };
}

/** Adds a measured point to the log; returns why it could not, or null (nothing to add is not a problem). */
export async function logRepeat(ctx: PointContext, result: MeasuredPoint, trials: readonly Trial[]): Promise<string | null> {
  if (ctx.options.repeatLog === false || trials.length < 2) return null;
  const means = trials.map((t) => t.measured.stats.meanMs);
  const mean = means.reduce((s, v) => s + v, 0) / means.length;
  const sd = Math.sqrt(means.reduce((s, v) => s + (v - mean) ** 2, 0) / (means.length - 1));
  return appendRepeat(repeatLogPath(), machineFingerprint(), {
    identity: {
      modelSha256: ctx.info.sha256 || `${ctx.info.path} ${ctx.info.fileBytes}`,
      point: result,
      inputShapes: result.inputShapes,
      settings: ctx.settings,
      isolation: trials.every((t) => t.isolation === 'process') ? 'process' : 'session',
    },
    runId: ctx.runId,
    meanMs: mean,
    seRelative: sd / Math.sqrt(means.length) / mean,
    trials: means.length,
    trialsCiRelative: intervalOf(trials).relative,
  });
}
