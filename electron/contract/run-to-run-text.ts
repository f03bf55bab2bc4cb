// The machine's run-to-run part of a point's interval in words, for every place that shows the interval (the CLI's
// table, the app's results and the HTML report), so that they read the same.
import type { PointResult } from './run';

type RunToRun = NonNullable<NonNullable<Extract<PointResult, { verdict: 'valid' | 'unstable' }>['stats']['trials']>['runToRun']>;

/** The point's run-to-run part: undefined when not used (--no-repeat-log, one trial, older records), null when none was measured yet. */
export function runToRunOf(point: PointResult): RunToRun | null | undefined {
  return point.verdict === 'failed' ? undefined : point.stats.trials?.runToRun;
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** A table cell: the between-run sd ("3.2%"), "none yet", or empty when not used. */
export function runToRunCell(point: PointResult): string {
  const r = runToRunOf(point);
  if (r === undefined) return '';
  return r === null ? 'none yet' : `${(100 * r.sdRelative).toFixed(1)}%`;
}

/** One sentence under a run's table (the best-informed estimate) on how its intervals include the machine's run-to-run drift, or null when none does. */
export function runToRunSentence(run: { points: readonly PointResult[] }): string | null {
  const used = run.points.map(runToRunOf).filter((r) => r !== undefined);
  if (used.length === 0) return null;
  // The best-informed estimate of the run (later blocks learn from earlier ones).
  const known = used.filter((r): r is RunToRun => r !== null).sort((a, b) => b.degreesOfFreedom - a.degreesOfFreedom)[0];
  if (!known)
    return 'Run-to-run drift on this machine: not yet measured — no earlier repeats in the repeat log, so the intervals are the trials\' alone (a later run of any point learns it).';
  return (
    `Run-to-run drift on this machine: sd ${(100 * known.sdRelative).toFixed(1)}% between runs, from ${known.repeats} runs of ${plural(known.points, 'point')} ` +
    `(the repeat log); each interval adds it to the trials' spread (t at the Welch–Satterthwaite degrees of freedom). --no-repeat-log leaves it out.`
  );
}
