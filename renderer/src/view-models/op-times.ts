import type { MeasuredPoint, PointResult } from '../../../electron/contract/run';
import { isMeasured } from './series';

/** The profiled point whose op times the model view shows: the fastest valid (else measured) point that has them. */
export function profiledPoint(points: readonly PointResult[]): MeasuredPoint | null {
  const withTimes = points.filter(isMeasured).filter((p) => (p.ortProfile?.opTimes?.length ?? 0) > 0);
  const pool = withTimes.some((p) => p.verdict === 'valid') ? withTimes.filter((p) => p.verdict === 'valid') : withTimes;
  let best: MeasuredPoint | null = null;
  for (const p of pool) if (!best || p.stats.throughput > best.stats.throughput) best = p;
  return best;
}

/** Top operators by kernel time: op, mean ms per run, share of the kernel time, nodes; the rest summed in one row. */
export function topOpRows(point: MeasuredPoint, top = 8): Array<{ op: string; meanMs: number; share: number; nodes: number }> {
  const times = point.ortProfile?.opTimes ?? [];
  const total = times.reduce((sum, t) => sum + t.meanMs, 0);
  if (total <= 0) return [];
  const rows = times.slice(0, top).map((t) => ({ op: t.op, meanMs: t.meanMs, share: t.meanMs / total, nodes: t.nodes }));
  const rest = times.slice(top);
  if (rest.length) {
    const ms = rest.reduce((sum, t) => sum + t.meanMs, 0);
    rows.push({ op: `${rest.length} other ops`, meanMs: ms, share: ms / total, nodes: rest.reduce((n, t) => n + t.nodes, 0) });
  }
  return rows;
}
