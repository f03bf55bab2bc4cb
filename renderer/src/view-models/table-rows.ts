import type { PointResult } from '../../../electron/contract/run';
import { runToRunCell } from '../../../electron/contract/run-to-run-text';
import { threadsText } from '../../../electron/contract/threads-text';

/** One row of the results table; numbers stay numbers so sorting is numeric, failed points keep their reason. */
export interface ResultRow {
  index: number;
  provider: string;
  precision: string;
  batch: number;
  threads: number | null;
  /** The threads column: asked for, and counted where that says more ("default (ran 1)"). */
  threadsText: string;
  verdict: string;
  throughput: number | null;
  meanMs: number | null;
  p50Ms: number | null;
  p99Ms: number | null;
  ciRelative: number | null;
  /** The machine's run-to-run sd included in the interval ("3.2%"), "none yet", or empty when not used. */
  runToRun: string;
  iterations: number | null;
  /** Why a point failed, or the warnings of a measured one. */
  note: string;
}

export type SortKey = keyof ResultRow;
export type SortDirection = 'asc' | 'desc';

export function resultRow(p: PointResult): ResultRow {
  const base = { index: p.index, provider: p.provider, precision: p.precision, batch: p.batch, threads: p.threads, threadsText: threadsText(p), verdict: p.verdict };
  if (p.verdict === 'failed') {
    return { ...base, throughput: null, meanMs: null, p50Ms: null, p99Ms: null, ciRelative: null, runToRun: '', iterations: null, note: `${p.failure}: ${p.error.message}` };
  }
  const s = p.stats;
  const note = p.verdict === 'unstable' ? [p.criterion, ...p.warnings].join('; ') : p.warnings.join('; ');
  return { ...base, throughput: s.throughput, meanMs: s.meanMs, p50Ms: s.p50Ms, p99Ms: s.p99Ms, ciRelative: s.ciRelative, runToRun: runToRunCell(p), iterations: s.iterations, note };
}

export function resultRows(points: readonly PointResult[]): ResultRow[] {
  return points.map(resultRow).sort((a, b) => a.index - b.index);
}

/** Sorted copy; empty values (null) go last whichever the direction, ties keep plan order. */
export function sortRows(rows: readonly ResultRow[], key: SortKey, direction: SortDirection): ResultRow[] {
  const sign = direction === 'asc' ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (x === null && y === null) return a.index - b.index;
    if (x === null) return 1;
    if (y === null) return -1;
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return c !== 0 ? sign * c : a.index - b.index;
  });
}
