import { RANK_BY, type RankBy } from '../../../electron/contract/energy-rank';
import { KNEE_FRACTION, recommendRequestSchema, SATURATION_FACTOR, type InstanceEstimate, type Recommendation } from '../../../electron/contract/recommend';
import { formatMs, formatNumber } from './format';
import type { GenerationShape } from '../../../electron/contract/generation';
import { parseShapeValue, shapeValue } from './generation-recommend-form';
import { generationRecommendationHtml } from './generation-recommendation-html';
import { escapeHtml } from './report-html';
import { isTensorRtNote, tensorRtCell } from '../../../electron/contract/tensorrt-note';

/** What the recommendation form holds, as typed. */
export interface RecommendForm {
  sloMs: string;
  qps: string;
  /** Percent, as people say it: "30" for 30% spare capacity. */
  headroomPercent: string;
  rankBy: string;
  /** A generation run: generated tokens/s in total, the alternative to `qps` (exactly one of them is given). */
  tokensPerS: string;
  /** A generation run: the measured prompt × gen shape (generation-recommend-form.ts); '' for the engine's default. */
  shape: string;
}

export const DEFAULT_RECOMMEND_FORM: RecommendForm = { sloMs: '50', qps: '1000', headroomPercent: '30', rankBy: recommendRequestSchema.shape.rankBy.parse(undefined), tokensPerS: '', shape: '' };

export type RecommendParams = { sloMs: number; qps: number; headroom: number; rankBy: RankBy; tokensPerS?: number; shape?: GenerationShape };

/**
 * The form that produced a recommendation: shown with it, so the inputs on screen always match the result. A
 * generation recommendation shows its target as tokens/s (the same target as its qps × genTokens) and its shape.
 */
export function formOf(rec: Pick<Recommendation, 'sloMs' | 'qps' | 'headroom' | 'energy' | 'generation'>): RecommendForm {
  const g = rec.generation;
  return {
    sloMs: String(rec.sloMs),
    qps: g ? '' : String(rec.qps),
    headroomPercent: String(Number((rec.headroom * 100).toFixed(6))),
    rankBy: rec.energy ? 'energy' : DEFAULT_RECOMMEND_FORM.rankBy,
    tokensPerS: g ? String(g.tokensPerS) : '',
    shape: g ? shapeValue(g) : '',
  };
}

/** What the batch table's knee and saturation columns mean, with the thresholds the engine uses. */
export const BATCH_TERMS =
  `Knee: the smallest measured batch reaching ${KNEE_FRACTION * 100}% of the throughput the T(B) fit tends to (1/T_marginal) — past it, a bigger batch buys little ` +
  `throughput and only adds latency. Saturation: the first batch whose mean latency is over ${SATURATION_FACTOR}× the smallest batch's — from there latency ` +
  'grows faster than throughput. T(B) = T_setup + B·T_marginal is fitted to the mean batch latency with T_setup ≥ 0.';

/** What the instance table's TensorRT column is, under the table in the app and in the HTML report. */
export const TENSORRT_COLUMN_NOTE =
  "The TensorRT column projects the same batch through onnxruntime's TensorRT provider instead of the CUDA one: beside the ranked figure, not ranked.";

/**
 * The form checked: the call's parameters, or one message per bad field. For a generation run (`generation`) the
 * target is QPS or tokens/s, exactly one of them, and a shape; otherwise those fields are not shown and not read.
 */
export function parseRecommendForm(form: RecommendForm, generation = false): { ok: true; params: RecommendParams } | { ok: false; errors: string[] } {
  const errors: string[] = [];
  const positive = (label: string, text: string) => {
    const n = Number(text.trim());
    if (text.trim() === '' || !Number.isFinite(n) || n <= 0) errors.push(`${label}: '${text}' is not a positive number`);
    return n;
  };
  const sloMs = positive('SLO (p99 ms)', form.sloMs);
  const byTokens = generation && form.tokensPerS.trim() !== '';
  const oneTarget = !generation || (form.tokensPerS.trim() === '') !== (form.qps.trim() === '');
  if (!oneTarget) errors.push(`Target QPS or Target tokens/s: give exactly one of them (QPS '${form.qps}', tokens/s '${form.tokensPerS}')`);
  const tokensPerS = byTokens ? positive('Target tokens/s', form.tokensPerS) : undefined;
  // With tokens/s the engine turns tokens into requests of the shape; the qps sent is a placeholder it ignores.
  const qps = byTokens ? 1 : oneTarget ? positive('Target QPS', form.qps) : 1;
  const shape = generation ? parseShapeValue(form.shape) : undefined;
  if (shape === null) errors.push(`Prompt × gen: '${form.shape}' is not a measured shape`);
  const headroom = Number(form.headroomPercent.trim());
  if (form.headroomPercent.trim() === '' || !Number.isFinite(headroom) || headroom < 0 || headroom > 1000) errors.push(`Headroom: '${form.headroomPercent}' is not a percentage from 0 to 1000`);
  const rankBy = recommendRequestSchema.shape.rankBy.safeParse(form.rankBy);
  if (!rankBy.success) errors.push(`Rank by: '${form.rankBy}' is not one of ${RANK_BY.join(', ')}`);
  if (errors.length || !rankBy.success) return { ok: false, errors };
  return { ok: true, params: { sloMs, qps, headroom: headroom / 100, rankBy: rankBy.data, ...(tokensPerS === undefined ? {} : { tokensPerS }), ...(shape ? { shape } : {}) } };
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
  /** The engine's notes on the group (the knee beyond the measured batches, the free fit's negative T_setup, …). */
  notes: string;
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
    fit: fitText(g.fit),
    knee: g.kneeBatch === null ? '—' : String(g.kneeBatch),
    saturation: g.saturationBatch === null ? 'not reached' : String(g.saturationBatch),
    explanation: g.explanation,
    notes: g.notes.join('; '),
    isSource: rec.source !== null && rec.source.precision === g.precision && rec.source.provider === g.provider,
  }));
}

/** The batch table's headers, in the order of batchCells. */
export const BATCH_HEADERS = ['precision · provider', 'batch', 'throughput', 'p99', 'T(B) fit', 'knee', 'saturation', 'why', 'notes'];

export function batchCells(r: BatchRow): string[] {
  return [r.group, r.batch, r.throughput, r.p99, r.fit, r.knee, r.saturation, r.explanation, r.notes];
}

function fitText(fit: Recommendation['batch']['groups'][number]['fit']): string {
  if (!fit) return '—';
  const setup = fit.setupConstrained ? '0 (held at ≥ 0: the free fit went negative)' : formatMs(fit.setupMs);
  return `${setup} + B·${formatMs(fit.marginalMs)} (R² ${fit.r2.toFixed(3)})`;
}

export type Basis = 'measured' | 'projected' | 'none';

export interface InstanceRow {
  instanceId: string;
  accelerator: string;
  basis: Basis;
  /** What the basis column says: MEASURED, PROJECTED, "not ranked: needs …" or "cannot project: reason". */
  basisLabel: string;
  runtime: string;
  batch: string;
  /** Measured: one figure; projected: the low–high range (ranked on the low end). */
  throughput: string;
  p99: string;
  /** A projected CUDA row: the TensorRT provider's projected range at the same batch (not ranked); else "—" and why. */
  tensorRt: string;
  needed: string;
  utilisation: string;
  /** Cost of serving the target per 1M requests served: the ranking's key. */
  costServing: string;
  /** Cost per 1M inferences with the instance saturated: secondary. */
  costOnDemand: string;
  costSpot: string;
  recommended: boolean;
  notes: string;
}

/** The instance table's headers, in the order of instanceCells. */
export const INSTANCE_HEADERS = ['instance', 'accelerator', 'basis', 'runtime', 'batch', 'throughput/s (low–high)', 'p99 (low–high)', 'TensorRT (projected)', 'instances needed', 'utilisation', '$/1M served', '$/1M at saturation', '$/1M spot at saturation', 'notes'];

export function instanceCells(r: InstanceRow): string[] {
  return [r.accelerator, r.basisLabel, r.runtime, r.batch, r.throughput, r.p99, r.tensorRt, r.needed, r.utilisation, r.costServing, r.costOnDemand, r.costSpot, r.notes];
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
  if (x.basis === 'projected') return x.overheadBound ? 'PROJECTED (overhead-bound)' : 'PROJECTED';
  if (x.needsRuntime !== null) return `not ranked: needs ${x.needsRuntime}`;
  return `cannot project: ${x.missing ?? 'no reason given'}`;
}

function spanText(low: number | null, high: number | null, format: (x: number) => string): string {
  if (low === null) return '—';
  if (high === null || Math.abs(high - low) <= 1e-9 * Math.max(1, Math.abs(low))) return format(low);
  return `${format(low)}–${format(high)}`;
}

/** One row per catalog instance in the recommendation's ranking. */
export function instanceRows(rec: Recommendation): InstanceRow[] {
  return rec.instances.map((x) => ({
    instanceId: x.instanceId,
    accelerator: `${x.accelerator.split(' (')[0] ?? x.accelerator}${x.acceleratorCount > 1 ? ` ×${x.acceleratorCount}` : ''}`,
    basis: x.basis,
    basisLabel: basisLabel(x),
    runtime: x.runtime ?? '—',
    batch: x.batch === null ? '—' : String(x.batch),
    throughput: spanText(x.throughput, x.throughputHigh, formatNumber),
    p99: spanText(x.p99MsLow ?? x.p99Ms, x.p99Ms, (v) => formatMs(v)),
    tensorRt: tensorRtCell(x, (low, high) => spanText(low, high, formatNumber)),
    needed: x.instancesNeeded === null ? '—' : String(x.instancesNeeded),
    utilisation: x.utilisation === null ? '—' : `${Math.round(x.utilisation * 100)}%`,
    costServing: dollars(x.servingCostPer1M),
    costOnDemand: dollars(x.costPer1MOnDemand),
    costSpot: dollars(x.costPer1MSpot),
    recommended: rec.recommended === x.instanceId,
    notes: [x.meetsSlo === false ? `misses the ${rec.sloMs} ms SLO` : null, ...x.notes.filter((n) => !isTensorRtNote(n))].filter((n) => n !== null).join('; '),
  }));
}

export interface CostBars {
  labels: string[];
  /** $ per 1M requests served at the target (pessimistic end): measured bars in one series, projected in the other. */
  measured: Array<number | null>;
  projected: Array<number | null>;
  hasMeasured: boolean;
  hasProjected: boolean;
}

/** The chart's data: every SLO-meeting instance with a cost of serving, cheapest first, measured and projected apart. */
export function costBars(rec: Recommendation): CostBars {
  const priced = rec.instances.filter((x) => x.servingCostPer1M !== null && x.meetsSlo === true).sort((a, b) => (a.servingCostPer1M as number) - (b.servingCostPer1M as number));
  const measured = priced.map((x) => (x.basis === 'measured' ? x.servingCostPer1M : null));
  const projected = priced.map((x) => (x.basis === 'projected' ? x.servingCostPer1M : null));
  return { labels: priced.map((x) => x.instanceId), measured, projected, hasMeasured: measured.some((v) => v !== null), hasProjected: projected.some((v) => v !== null) };
}

/**
 * A log axis labels 1–9 × 10^k; side by side those collide ("0.0080 0.0100"). Label only powers of ten when the
 * axis spans two decades or more, else 1, 2 and 5 × 10^k; every other tick stays as an unlabelled grid line.
 */
export function logTickLabel(value: number, min: number, max: number): string {
  if (!(value > 0) || !(min > 0) || !(max > 0)) return '';
  const mantissa = Number((value / 10 ** Math.floor(Math.log10(value) + 1e-9)).toFixed(6));
  const wide = Math.log10(max / min) >= 2;
  const shown = wide ? mantissa === 1 : mantissa === 1 || mantissa === 2 || mantissa === 5;
  return shown ? dollars(value) : '';
}

export function htmlTable(headers: string[], rows: Array<{ cells: string[]; className?: string }>): string {
  const head = headers.map((x) => `<th>${escapeHtml(x)}</th>`).join('');
  const body = rows.map((r) => `<tr${r.className ? ` class="${r.className}"` : ''}>${r.cells.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

/** The HTML report's recommendation section: inputs, the batch table, the instance table (projected rows marked) and the method. */
export function recommendationHtml(rec: Recommendation): string {
  if (rec.generation) return generationRecommendationHtml(rec);
  const batch = htmlTable(
    BATCH_HEADERS,
    batchRows(rec).map((r) => ({ cells: batchCells(r) })),
  );
  const instances = htmlTable(
    INSTANCE_HEADERS,
    instanceRows(rec).map((r) => ({ cells: [`${r.instanceId}${r.recommended ? ' (recommended)' : ''}`, ...instanceCells(r)], className: `basis-${r.basis}` })),
  );
  return `<h2>Recommendation</h2>
<p>SLO p99 ≤ ${escapeHtml(formatMs(rec.sloMs))}, ${escapeHtml(formatNumber(rec.qps))} QPS with ${Math.round(rec.headroom * 100)}% headroom; computed ${escapeHtml(rec.createdAt)}.</p>
<p>${escapeHtml(rec.batch.explanation)}</p>
${batch}
<p class="method">${escapeHtml(BATCH_TERMS)}</p>
<p><strong>${escapeHtml(rec.explanation)}</strong></p>
${instances}
<p class="method">Ranked by the cost of serving the target: instances needed × price per hour ÷ requests served. PROJECTED rows are ranges, not measurements, ranked on their low end. ${escapeHtml(TENSORRT_COLUMN_NOTE)} ${escapeHtml(rec.method)}</p>`;
}
