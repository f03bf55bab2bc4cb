import type { RunRecord } from '../../contract/run';
import { describePoint } from '../../engine/bench/plan';
import { textTable } from './text-table';
import { formatMs } from './units';

/** The run's points as a terminal table, one row per point; failures and warnings as numbered notes below it. */
export function formatResultsTable(run: RunRecord): string {
  const notes: string[] = [];
  const note = (text: string): string => {
    notes.push(text);
    return `[${notes.length}]`;
  };
  const rows = run.points.map((p) => {
    const id = [p.provider, p.precision, String(p.batch), p.threads === null ? 'default' : String(p.threads)];
    if (p.verdict === 'failed') return [...id, p.failure === 'skipped' ? 'skipped' : 'failed', '', '', '', '', '', '', note(`${describePoint(p)}: ${p.error.message}`)];
    const s = p.stats;
    return [
      ...id,
      p.verdict,
      formatMs(s.meanMs),
      formatMs(s.p50Ms),
      formatMs(s.p99Ms),
      s.throughput.toFixed(s.throughput >= 100 ? 0 : 1),
      `±${(s.ciRelative * 100).toFixed(1)}%`,
      String(s.iterations),
      p.warnings.map((w) => note(`${describePoint(p)}: ${w}`)).join(''),
    ];
  });
  const table = textTable(['provider', 'precision', 'batch', 'threads', 'verdict', 'mean ms', 'p50 ms', 'p99 ms', 'samples/s', 'ci95', 'iters', 'notes'], rows);
  return notes.length === 0 ? table : `${table}\n\n${notes.map((n, i) => `[${i + 1}] ${n}`).join('\n')}`;
}
