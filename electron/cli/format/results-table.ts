import type { RunRecord } from '../../contract/run';
import { describePoint } from '../../engine/bench/plan';
import { textTable } from './text-table';
import { formatMs } from '../../engine/units';

/** A warning's headline: "noisy machine: the standard deviation is 47% ..." -> "noisy machine". */
function warningLabel(warning: string): string {
  const outliers = /^\d+ outliers \(([\d.]+%) of/.exec(warning);
  return outliers ? `${outliers[1]} outliers` : (warning.split(':')[0] ?? warning);
}

/**
 * The run's points as a terminal table, one row per point: failures as numbered notes below it, warnings by their
 * headline (in full in the CSV's warnings column and the JSON).
 */
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
      p.warnings.map(warningLabel).join('; '),
    ];
  });
  const table = textTable(['provider', 'precision', 'batch', 'threads', 'verdict', 'mean ms', 'p50 ms', 'p99 ms', 'samples/s', 'ci95', 'iters', 'notes'], rows);
  const warned = run.points.some((p) => p.warnings.length > 0);
  const footer = [...notes.map((n, i) => `[${i + 1}] ${n}`), ...(warned ? ['Warnings in full: the CSV (warnings column) or --json.'] : [])];
  return footer.length === 0 ? table : `${table}\n\n${footer.join('\n')}`;
}
