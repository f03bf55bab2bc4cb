import type { InstanceEstimate, Recommendation } from '../../../electron/contract/recommend';
import { formatMs, formatNumber } from './format';
import { escapeHtml } from './report-html';

/** What the recommendation form holds, as typed. */
export interface RecommendForm {
  sloMs: string;
  qps: string;
  /** Percent, as people say it: "30" for 30% spare capacity. */
  headroomPercent: string;
}

export const DEFAULT_RECOMMEND_FORM: RecommendForm = { sloMs: '50', qps: '1000', headroomPercent: '30' };

export type RecommendParams = { sloMs: number; qps: number; headroom: number };

/** The form checked: the call's parameters, or one message per bad field. */
export function parseRecommendForm(form: RecommendForm): { ok: true; params: RecommendParams } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const positive = (label: string, text: string) => {
    const n = Number(text.trim());
    if (text.trim() === '' || !Number.isFinite(n) || n <= 0) errors.push(`${label}: '${text}' is not a positive number`);
    return n;
  };
  const sloMs = positive('SLO (p99 ms)', form.sloMs);
  const qps = positive('Target QPS', form.qps);
  const headroom = Number(form.headroomPercent.trim());
  if (form.headroomPercent.trim() === '' || !Number.isFinite(headroom) || headroom < 0 || headroom > 1000) errors.push(`Headroom: '${form.headroomPercent}' is not a percentage from 0 to 1000`);
  return errors.length ? { ok: false, errors } : { ok: true, params: { sloMs, qps, headroom: headroom / 100 } };
}

export interface BatchRow {
  group: string;
  batch: string;
  throughput: string;
  p99: string;
  fit: string;
  knee: string;
  saturation: string;
  explanation: string;
  /** The group the instance ranking is computed from. */
  isSource: boolean;
}

/** One row per precision × provider (× threads) of the run: the batch chosen under the SLO and why. */
export function batchRows(rec: Recommendation): BatchRow[] {
  const threads = new Set(rec.batch.groups.map((g) => g.threads)).size > 1;
  return rec.batch.groups.map((g) => ({
    group: `${g.precision.toUpperCase()} · ${g.provider}${threads ? ` · ${g.threads ?? 'default'} threads` : ''}`,
    batch: g.batch === null ? 'none meets the SLO' : String(g.batch),
    throughput: g.throughput === null ? '—' : `${formatNumber(g.throughput)}/s`,
    p99: formatMs(g.p99Ms),
    fit: g.fit ? `${formatMs(g.fit.setupMs)} + B·${formatMs(g.fit.marginalMs)} (R² ${g.fit.r2.toFixed(3)})` : '—',
    knee: g.kneeBatch === null ? '—' : String(g.kneeBatch),
    saturation: g.saturationBatch === null ? 'not reached' : String(g.saturationBatch),
    explanation: g.explanation,
    isSource: rec.source !== null && rec.source.precision === g.precision && rec.source.provider === g.provider,
  }));
}

export type Basis = 'measured' | 'projected' | 'none';

export interface InstanceRow {
  instanceId: string;
  accelerator: string;
  basis: Basis;
  /** What the basis column says: MEASURED, PROJECTED, or "cannot project: reason". */
  basisLabel: string;
  batch: string;
  throughput: string;
  p99: string;
  costOnDemand: string;
  costSpot: string;
  needed: string;
  recommended: boolean;
  notes: string;
}

export function dollars(x: number | null): string {
  if (x === null || !Number.isFinite(x)) return '—';
  if (x >= 100) return `$${x.toFixed(0)}`;
  if (x >= 1) return `$${x.toFixed(2)}`;
  if (x >= 0.01) return `$${x.toFixed(3)}`;
  return `$${x.toPrecision(2)}`;
}

function basisLabel(x: InstanceEstimate): string {
  if (x.basis === 'measured') return 'MEASURED';
  if (x.basis === 'projected') return x.overheadBound ? 'PROJECTED (upper bound)' : 'PROJECTED';
  return `cannot project: ${x.missing ?? 'no reason given'}`;
}

/** One row per catalog instance in the recommendation's ranking. */
export function instanceRows(rec: Recommendation): InstanceRow[] {
  return rec.instances.map((x) => ({
    instanceId: x.instanceId,
    accelerator: `${x.accelerator.split(' (')[0] ?? x.accelerator}${x.acceleratorCount > 1 ? ` ×${x.acceleratorCount}` : ''}`,
    basis: x.basis,
    basisLabel: basisLabel(x),
    batch: x.batch === null ? '—' : String(x.batch),
    throughput: x.throughput === null ? '—' : `${formatNumber(x.throughput)}/s`,
    p99: formatMs(x.p99Ms),
    costOnDemand: dollars(x.costPer1MOnDemand),
    costSpot: dollars(x.costPer1MSpot),
    needed: x.instancesNeeded === null ? '—' : String(x.instancesNeeded),
    recommended: rec.recommended === x.instanceId,
    notes: [x.meetsSlo === false ? `misses the ${rec.sloMs} ms SLO` : null, ...x.notes].filter((n) => n !== null).join('; '),
  }));
}

export interface CostBars {
  labels: string[];
  /** On-demand $ per 1M inferences by instance: measured bars in one series, projected in the other (null elsewhere). */
  measured: Array<number | null>;
  projected: Array<number | null>;
}

/** The chart's data: every instance with a cost, cheapest first; measured and projected kept apart so they look different. */
export function costBars(rec: Recommendation): CostBars {
  const priced = rec.instances.filter((x) => x.costPer1MOnDemand !== null).sort((a, b) => (a.costPer1MOnDemand as number) - (b.costPer1MOnDemand as number));
  return {
    labels: priced.map((x) => x.instanceId),
    measured: priced.map((x) => (x.basis === 'measured' ? x.costPer1MOnDemand : null)),
    projected: priced.map((x) => (x.basis === 'projected' ? x.costPer1MOnDemand : null)),
  };
}

function htmlTable(headers: string[], rows: Array<{ cells: string[]; className?: string }>): string {
  const head = headers.map((x) => `<th>${escapeHtml(x)}</th>`).join('');
  const body = rows.map((r) => `<tr${r.className ? ` class="${r.className}"` : ''}>${r.cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** The HTML report's recommendation section: inputs, the batch table, the instance table (projected rows marked) and the method. */
export function recommendationHtml(rec: Recommendation): string {
  const batch = htmlTable(
    ['precision · provider', 'batch', 'throughput', 'p99', 'T(B) fit', 'knee', 'saturation', 'why'],
    batchRows(rec).map((r) => ({ cells: [r.group, r.batch, r.throughput, r.p99, r.fit, r.knee, r.saturation, r.explanation] })),
  );
  const instances = htmlTable(
    ['instance', 'accelerator', 'basis', 'batch', 'throughput', 'p99', '$/1M on demand', '$/1M spot', 'instances needed', 'notes'],
    instanceRows(rec).map((r) => ({
      cells: [`${r.instanceId}${r.recommended ? ' (recommended)' : ''}`, r.accelerator, r.basisLabel, r.batch, r.throughput, r.p99, r.costOnDemand, r.costSpot, r.needed, r.notes],
      className: `basis-${r.basis}`,
    })),
  );
  return `<h2>Recommendation</h2>
<p>SLO p99 ≤ ${escapeHtml(formatMs(rec.sloMs))}, ${escapeHtml(formatNumber(rec.qps))} QPS with ${Math.round(rec.headroom * 100)}% headroom; computed ${escapeHtml(rec.createdAt)}.</p>
<p>${escapeHtml(rec.batch.explanation)}</p>
${batch}
<p><strong>${escapeHtml(rec.explanation)}</strong></p>
${instances}
<p class="method">PROJECTED rows are roofline estimates, not measurements. ${escapeHtml(rec.method)}</p>`;
}
