import type { AccuracyRow, SpeedupRow } from './speedups';
import type { ResultRow } from './table-rows';

/**
 * A self-contained HTML report that can be attached to a pull request: the answer first, the facts of the run, the
 * accuracy of each precision, the speed-ups with the verdicts behind them, the charts full width, every point, and
 * the recommendation when one was computed. No scripts, no external resources.
 */
export interface ReportInput {
  title: string;
  /** The run's answer in one sentence (headline.ts), shown first. */
  headline?: string;
  /** The latency SLO the answer used, in words ("p99 ≤ 5.00 ms", or "none set"). */
  slo?: string;
  facts: Array<[string, string]>;
  accuracy?: AccuracyRow[];
  /** One row per FP16/INT8 point with an FP32 point to compare with. */
  speedups?: SpeedupRow[];
  /** The INT8 sentence under the speed-ups (speedups.ts int8Verdict), when there is one. */
  speedupNote?: string | null;
  images: Array<{ title: string; caption?: string; dataUrl: string }>;
  columns: Array<{ label: string; cell: (r: ResultRow) => string }>;
  /** How the intervals include the machine's run-to-run drift (run-to-run-text.ts), under the points' table. */
  intervalNote?: string | null;
  rows: ResultRow[];
  generatedAt: string;
  /** The run's recommendation section (recommendationHtml), when one has been computed; already escaped. */
  recommendationHtml?: string | null;
  /** The run's reference check section (checkHtml), for a run with a data folder; already escaped. */
  checkHtml?: string | null;
  /** A generation run's table (generationTableHtml), already escaped. */
  generationHtml?: string | null;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}

const STYLE = `body{font:14px system-ui,sans-serif;margin:2rem auto;max-width:1200px;padding:0 1rem;color:#1f2328}h1{font-size:1.4rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem}dt{color:#57606a}
.headline{font-size:1.1rem;border-left:4px solid #0072B2;background:#f6f8fa;padding:.6rem 1rem;margin:1rem 0}.headline.unstable{border-color:#b54708}
figure{margin:1.5rem 0}img{width:100%;height:auto;border:1px solid #d0d7de}figcaption{color:#57606a;margin-top:.3rem}table{border-collapse:collapse;font-variant-numeric:tabular-nums}th,td{border-bottom:1px solid #d0d7de;padding:.25rem .6rem;text-align:left}tr.verdict-failed td{color:#b42318}tr.basis-projected td{font-style:italic;color:#57606a}tr.basis-none td{color:#8c959f}`;

/** A table of text cells, escaped; rowClass names a row's class. */
export function tableHtml(head: readonly string[], rows: readonly string[][], rowClass: (i: number) => string = () => ''): string {
  const th = head.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = rows.map((r, i) => `<tr${rowClass(i) ? ` class="${escapeHtml(rowClass(i))}"` : ''}>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function fixed(v: number | null, digits: number, exp = false): string {
  return v === null ? '—' : exp ? v.toExponential(digits) : v.toFixed(digits);
}

function accuracyHtml(rows: AccuracyRow[]): string {
  if (rows.length <= 1) return '<h2>Accuracy against FP32</h2><p>Only FP32 was measured.</p>';
  const pct = (v: number | null, d = 1) => (v === null ? '—' : `${(v * 100).toFixed(d)}%`);
  return `<h2>Accuracy against FP32</h2>${tableHtml(
    ['precision', 'status', 'cosine', 'relative L2', 'max abs error', 'top-1 agreement', 'size vs FP32', 'nodes converted', 'note'],
    rows.map((r) => [r.precision.toUpperCase(), r.status, fixed(r.cosine, 5), fixed(r.relativeL2, 2, true), r.maxAbsError === null ? '—' : r.maxAbsError.toPrecision(3), pct(r.top1Agreement), pct(r.sizeRatio, 0), r.nodesConverted, r.note]),
  )}`;
}

function speedupsHtml(input: ReportInput): string {
  if (!input.speedups?.length) return '';
  const note = input.speedupNote ? `<p>${escapeHtml(input.speedupNote)}</p>` : '';
  return `<h2>Speed-ups</h2>${note}${tableHtml(['configuration', 'compared', 'speed-up', '95% interval', 'from'], input.speedups.map((r) => [r.configuration, r.compared, r.ratio, r.interval, r.basis]))}`;
}

export function reportHtml(input: ReportInput): string {
  const facts = input.facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('');
  const images = input.images
    .filter((i) => i.dataUrl.startsWith('data:image/png;base64,'))
    .map((i) => `<figure><img alt="${escapeHtml(i.title)}" src="${i.dataUrl}">${i.caption ? `<figcaption>${escapeHtml(i.caption)}</figcaption>` : ''}</figure>`)
    .join('\n');
  const headline = input.headline ?? '';
  const unstable = /Verdict: unstable/.test(headline);
  const results = tableHtml(
    input.columns.map((c) => c.label),
    input.rows.map((r) => input.columns.map((c) => c.cell(r))),
    (i) => `verdict-${input.rows[i]?.verdict ?? ''}`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${escapeHtml(input.title)}</title><style>${STYLE}</style></head>
<body><h1>${escapeHtml(input.title)}</h1>
${headline ? `<p class="headline${unstable ? ' unstable' : ''}" data-headline>${escapeHtml(headline)}</p>` : ''}
<dl>${input.slo ? `<dt>Latency SLO</dt><dd>${escapeHtml(input.slo)}</dd>` : ''}${facts}</dl>
${input.accuracy ? accuracyHtml(input.accuracy) : ''}
${speedupsHtml(input)}
${input.checkHtml ?? ''}
${input.recommendationHtml ?? '<p>No recommendation was computed for this run: the Recommend tab (or <code>infermeter recommend</code>) adds one.</p>'}
<h2>Charts</h2>
${images}
${input.generationHtml ?? ''}
<h2>Every point</h2>${results}
${input.intervalNote ? `<p>${escapeHtml(input.intervalNote)}</p>` : ''}
<p>Generated by infermeter, ${escapeHtml(input.generatedAt)}.</p></body></html>
`;
}
