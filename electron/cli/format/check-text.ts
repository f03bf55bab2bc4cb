import type { CheckReport, OutputError } from '../../contract/check';
import { textTable } from './text-table';

const fmt = (v: number): string => (Number.isFinite(v) ? v.toPrecision(3) : String(v));
const top1 = (e: OutputError): string => (e.top1 === null ? '-' : `${e.top1.agree}/${e.top1.rows}`);

/** The check as a terminal table: one line per provider × precision × output, then warnings and the verdict. */
export function formatCheckReport(report: CheckReport): string {
  const { rtol, atol } = report.tolerance;
  const rows: string[][] = [];
  for (const row of report.rows) {
    if (row.error !== null) {
      rows.push([row.provider, row.precision, '-', '-', '-', '-', '-', '-', '-', `FAIL: ${row.error}`]);
      continue;
    }
    for (const o of row.outputs) {
      const r = o.reference;
      const cpu = o.againstCpuFp32 === null ? '-' : `${fmt(o.againstCpuFp32.maxAbsError)} / ${o.againstCpuFp32.cosine.toFixed(6)}`;
      const note = o.perSet.find((s) => s.note !== null)?.note;
      rows.push([row.provider, row.precision, o.output, fmt(r.maxAbsError), fmt(r.maxRelError), r.cosine.toFixed(6), top1(r), `${r.mismatched}/${r.elements}`, cpu, o.pass ? 'pass' : `FAIL${note ? `: ${note}` : ''}`]);
    }
  }
  const failed = report.rows.filter((r) => !r.pass).map((r) => `${r.provider} ${r.precision}`);
  return [
    `Model        ${report.modelPath}`,
    `Data         ${report.dataDir}: ${report.sets.length} data set${report.sets.length === 1 ? '' : 's'} (${report.sets.join(', ')})`,
    `Tolerance    |actual - expected| <= ${atol} + ${rtol} × |expected|`,
    '',
    textTable(['provider', 'precision', 'output', 'max abs', 'max rel', 'cosine', 'top-1', 'mismatched', 'vs cpu fp32 (max abs / cosine)', 'result'], rows),
    '',
    ...report.warnings.map((w) => `warning: ${w}`),
    report.pass ? `check: passed (${report.rows.length} of ${report.rows.length})` : `check: FAILED (${failed.join(', ')})`,
  ].join('\n');
}
