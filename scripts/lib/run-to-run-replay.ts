// The repeatability bench's side-by-side of run-to-run estimators on the same runs: each run's points are given the
// interval each estimator would have given them from the bench's earlier runs (in the order they ran), so pooling
// every point of the machine and moderating toward a point's own repeats are compared on identical data, not on two
// benches minutes apart on a machine that drifts. Replayed from the trial means the run files keep; unlike the
// engine, a run's own earlier points are not in its history (the estimators see one point fewer).
import type { MeasuredPoint, RunRecord } from '../../electron/contract/run';
import { combinedInterval, moderatedRunToRun, pooledRunToRun, runMeanOf, type RunMean, type RunToRun } from '../../electron/engine/stats/run-to-run';
import { trialInterval } from '../../electron/engine/stats/trial-interval';
import { median } from '../../common/stats/percentile';

export type Estimator = 'trials only' | 'pooled' | 'moderated';
const ESTIMATORS: readonly Estimator[] = ['trials only', 'pooled', 'moderated'];

/** earlier: how many earlier runs of this point the history held. */
type Replayed = { key: string; mean: number; half: Record<Estimator, number>; learned: boolean; earlier: number };

function estimate(estimator: Estimator, history: ReadonlyMap<string, RunMean[]>, key: string, current: RunMean): RunToRun | null {
  const others = [...history].filter(([k]) => k !== key).map(([, runs]) => runs);
  const own = [...(history.get(key) ?? []), current];
  if (estimator === 'pooled') return pooledRunToRun([...others, own]);
  if (estimator === 'moderated') return moderatedRunToRun(others, own);
  return null;
}

/** Every measured point of two trials or more, with each estimator's half-width, in the order the runs started. */
export function replay(records: readonly { job: string; record: RunRecord }[]): Replayed[] {
  const history = new Map<string, RunMean[]>();
  const out: Replayed[] = [];
  for (const { job, record } of [...records].sort((a, b) => a.record.startedAt.localeCompare(b.record.startedAt))) {
    const measured = record.points.filter((p): p is MeasuredPoint => p.verdict !== 'failed' && (p.stats.trials?.meansMs.length ?? 0) >= 2);
    const thisRun: [string, RunMean][] = [];
    for (const p of measured) {
      const means = p.stats.trials?.meansMs ?? [];
      const key = `${job} batch ${p.batch}`;
      const current = runMeanOf(means);
      const half = {} as Record<Estimator, number>;
      let learned = false;
      for (const e of ESTIMATORS) {
        const r = estimate(e, history, key, current);
        if (r !== null) learned = true;
        half[e] = r === null ? trialInterval(means).halfWidth : combinedInterval(means, r).halfWidth;
      }
      out.push({ key, mean: current.meanMs, half, learned, earlier: history.get(key)?.length ?? 0 });
      thisRun.push([key, current]);
    }
    for (const [key, m] of thisRun) history.set(key, [...(history.get(key) ?? []), m]);
  }
  return out;
}

const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;

/** Coverage over ordered pairs (A, B) of one point whose A passes `keep`, and A's median relative width. */
function coverageOf(points: readonly Replayed[], e: Estimator, keep: (a: Replayed) => boolean): { pairs: number; covered: number; width: number } | null {
  let pairs = 0;
  let covered = 0;
  const kept = points.filter(keep);
  for (const a of kept) {
    for (const b of points) {
      if (a === b || a.key !== b.key) continue;
      pairs++;
      if (Math.abs(b.mean - a.mean) <= a.half[e]) covered++;
    }
  }
  return pairs === 0 ? null : { pairs, covered, width: median(kept.map((p) => p.half[e] / p.mean)) };
}

const part = (c: { pairs: number; covered: number; width: number } | null, what: string): string =>
  c === null ? '' : `, ${pct(c.covered / c.pairs)} of ${c.pairs} ${what} (median ±${(100 * c.width).toFixed(1)}%)`;

/**
 * One line per estimator: coverage over ordered pairs (A, B) of a point — all, those whose A had history, and those
 * whose A came after two earlier runs of its point at least (the point's own repeats in its estimate) — and widths.
 */
export function replayLines(points: readonly Replayed[]): string[] {
  const lines: string[] = [];
  for (const e of ESTIMATORS) {
    const all = coverageOf(points, e, () => true);
    if (all === null) continue;
    const learned = coverageOf(points, e, (a) => a.learned);
    const later = coverageOf(points, e, (a) => a.earlier >= 2);
    lines.push(`  ${e.padEnd(11)} coverage ${pct(all.covered / all.pairs)} of ${all.pairs} pairs${part(learned, 'whose A had history')}${part(later, 'whose A was a third run or later')}; median width ±${(100 * all.width).toFixed(1)}%`);
  }
  return lines;
}
