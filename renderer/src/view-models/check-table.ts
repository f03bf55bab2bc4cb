import type { CheckReport, OutputError } from '../../../electron/contract/check';
import { escapeHtml } from './report-html';

/** One line of the check table: a provider × precision × output, or a provider × precision that could not run. */
export interface CheckTableRow {
  provider: string;
  precision: string;
  output: string;
  maxAbs: string;
  maxRel: string;
  cosine: string;
  top1: string;
  mismatched: string;
  againstCpuFp32: string;
  result: string;
  pass: boolean;
}

export const CHECK_COLUMNS: ReadonlyArray<{ label: string; cell: (r: CheckTableRow) => string }> = [
  { label: 'Provider', cell: (r) => r.provider },
  { label: 'Precision', cell: (r) => r.precision },
  { label: 'Output', cell: (r) => r.output },
  { label: 'Max abs error', cell: (r) => r.maxAbs },
  { label: 'Max rel error', cell: (r) => r.maxRel },
  { label: 'Cosine', cell: (r) => r.cosine },
  { label: 'Top-1 agree', cell: (r) => r.top1 },
  { label: 'Mismatched', cell: (r) => r.mismatched },
  { label: 'vs CPU FP32 (max abs / cosine)', cell: (r) => r.againstCpuFp32 },
  { label: 'Result', cell: (r) => r.result },
];

const num = (v: number): string => (Number.isFinite(v) ? v.toPrecision(3) : String(v));
const top1 = (e: OutputError): string => (e.top1 === null ? '–' : `${e.top1.agree}/${e.top1.rows}`);

/** The report's rows as the table shows them (the agreement of every output with its reference, worst over the data sets). */
export function checkTableRows(report: CheckReport): CheckTableRow[] {
  return report.rows.flatMap((row): CheckTableRow[] => {
    const head = { provider: row.provider, precision: row.precision.toUpperCase() };
    if (row.error !== null) return [{ ...head, output: '–', maxAbs: '–', maxRel: '–', cosine: '–', top1: '–', mismatched: '–', againstCpuFp32: '–', result: `fail: ${row.error}`, pass: false }];
    return row.outputs.map((o) => {
      const r = o.reference;
      const note = o.perSet.find((s) => s.note !== null)?.note;
      return {
        ...head,
        output: o.output,
        maxAbs: num(r.maxAbsError),
        maxRel: num(r.maxRelError),
        cosine: r.cosine.toFixed(6),
        top1: top1(r),
        mismatched: `${r.mismatched} of ${r.elements}`,
        againstCpuFp32: o.againstCpuFp32 === null ? '–' : `${num(o.againstCpuFp32.maxAbsError)} / ${o.againstCpuFp32.cosine.toFixed(6)}`,
        result: o.pass ? 'pass' : `fail${note ? `: ${note}` : ''}`,
        pass: o.pass,
      };
    });
  });
}

/** The facts above the table: the data, the tolerance rule and the verdict. */
export function checkFacts(report: CheckReport): Array<[string, string]> {
  const failed = report.rows.filter((r) => !r.pass).map((r) => `${r.provider} ${r.precision.toUpperCase()}`);
  return [
    ['Reference data', `${report.dataDir}: ${report.sets.length} data set${report.sets.length === 1 ? '' : 's'} (${report.sets.join(', ')})`],
    ['Tolerance', `|actual − expected| ≤ ${report.tolerance.atol} + ${report.tolerance.rtol} × |expected| (per element)`],
    ['Verdict', report.pass ? `passed: ${report.rows.length} of ${report.rows.length}` : `failed: ${failed.join(', ')}`],
  ];
}

/** The check as a section of the HTML report (escaped here). */
export function checkHtml(report: CheckReport): string {
  const facts = checkFacts(report)
    .map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`)
    .join('');
  const head = CHECK_COLUMNS.map((c) => `<th>${escapeHtml(c.label)}</th>`).join('');
  const body = checkTableRows(report)
    .map((r) => `<tr class="verdict-${r.pass ? 'valid' : 'failed'}">${CHECK_COLUMNS.map((c) => `<td>${escapeHtml(c.cell(r))}</td>`).join('')}</tr>`)
    .join('\n');
  const warnings = report.warnings.map((w) => `<li>${escapeHtml(w)}</li>`).join('');
  return `<h2>Reference check</h2><dl>${facts}</dl>${warnings ? `<ul>${warnings}</ul>` : ''}<table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table>`;
}
