import type { Comparison, MeasuredPoint, PointResult, Precision, PrecisionVariantInfo } from '../../../electron/contract/run';
import { speedupInterval } from '../../../common/headline';
import { median as medianOf } from '../../../common/stats/percentile';
import { groupLabel, isMeasured } from './series';

/**
 * Throughput of FP16 / INT8 relative to FP32 at the same provider, threads and batch (FP32 itself is the 1× line,
 * not a bar), each with the 95% interval of its paired trials where it was measured as a comparison, else the
 * interval the two points' 95% intervals of the mean allow (headline.ts).
 */
export interface SpeedupBars {
  /** One label per provider × threads × batch that has an FP32 point. */
  labels: string[];
  datasets: Array<{ precision: Exclude<Precision, 'fp32'>; values: Array<number | null>; intervals: Array<[number, number] | null> }>;
}

export function precisionSpeedups(points: readonly PointResult[]): SpeedupBars {
  const byGroup = new Map<string, Map<Precision, MeasuredPoint>>();
  const order: string[] = [];
  for (const p of points) {
    if (!isMeasured(p)) continue;
    const label = `${p.provider}${p.device === undefined ? '' : ` GPU ${p.device}`}${p.threads === null ? '' : ` ${p.threads} thr`} · batch ${p.batch}`;
    let group = byGroup.get(label);
    if (!group) {
      group = new Map();
      byGroup.set(label, group);
      order.push(label);
    }
    group.set(p.precision, p);
  }
  const labels = order.filter((l) => (byGroup.get(l)?.get('fp32')?.stats.throughput ?? 0) > 0);
  const present = new Set<Precision>();
  for (const l of labels) for (const prec of byGroup.get(l)?.keys() ?? []) present.add(prec);
  const precisions = (['fp16', 'int8'] as const).filter((prec) => present.has(prec));
  return {
    labels,
    datasets: precisions.map((precision) => {
      const pairs = labels.map((l) => {
        const group = byGroup.get(l);
        const base = group?.get('fp32');
        const point = group?.get(precision);
        if (!base || !point) return null;
        // Measured as a comparison (paired trials) where the point carries one against this FP32 point.
        const c = point.comparison;
        if (c && c.baselineIndex === base.index && c.low !== null && c.high !== null) return { ratio: c.speedup, low: c.low, high: c.high };
        return speedupInterval(point, base);
      });
      return { precision, values: pairs.map((s) => s?.ratio ?? null), intervals: pairs.map((s) => (s ? [s.low, s.high] : null)) };
    }),
  };
}

/** One speed-up row: what was compared, the ratio, its 95% interval, and how the interval was taken. */
export interface SpeedupRow {
  configuration: string;
  compared: string;
  ratio: string;
  interval: string;
  /** "3 paired trials" (measured as a comparison) or the two points' verdicts (interval from their own intervals). */
  basis: string;
}

const interval = (low: number | null, high: number | null): string => (low === null || high === null ? 'none (1 paired trial)' : `${low.toFixed(2)}–${high.toFixed(2)}×`);

function comparedText(p: MeasuredPoint, base: PointResult, axis: Comparison['axis']): string {
  if (axis === 'threads') return `${p.threads ?? 'default'} over ${base.threads ?? 'default'} threads`;
  if (axis === 'provider') return `${p.provider}${p.device === undefined ? '' : ` GPU ${p.device}`} over ${base.provider}${base.device === undefined ? '' : ` GPU ${base.device}`}`;
  return `${p.precision.toUpperCase()} over ${base.precision.toUpperCase()}`;
}

/**
 * The speed-ups as table rows (the results view and the report): each point's comparison measured in interleaved
 * trials (precision, threads or provider; its paired interval); in older records without one, FP16/INT8 over FP32
 * at the same setting with the interval the two points' own intervals allow.
 */
export function speedupRows(points: readonly PointResult[]): SpeedupRow[] {
  const measured = points.filter(isMeasured);
  return measured.flatMap((p) => {
    const c = p.comparison;
    const base = c ? points.find((q) => q.index === c.baselineIndex) : measured.find((q) => p.precision !== 'fp32' && q.precision === 'fp32' && q.provider === p.provider && q.threads === p.threads && q.batch === p.batch && q.device === p.device);
    if (!base) return [];
    const configuration = `${groupLabel(p.precision, p.provider, p.threads, p.device)}, batch ${p.batch}`;
    if (c) return [{ configuration, compared: comparedText(p, base, c.axis), ratio: `${c.speedup.toFixed(2)}×`, interval: interval(c.low, c.high), basis: `${c.pairs} paired trial${c.pairs === 1 ? '' : 's'}` }];
    if (!isMeasured(base)) return [];
    const s = speedupInterval(p, base);
    return [{ configuration, compared: comparedText(p, base, 'precision'), ratio: `${s.ratio.toFixed(2)}×`, interval: interval(s.low, s.high), basis: `verdicts ${p.verdict} / ${base.verdict}` }];
  });
}

/** How the run's INT8 variant stores its weights, and the INT8 path of the CPU it was made on. */
export interface Int8Context {
  weightEncoding: 's8' | 'u8';
  kernel: string;
}

export function int8ContextOf(variants: readonly PrecisionVariantInfo[]): Int8Context | null {
  const int8 = variants.find((v) => v.precision === 'int8')?.conversion?.int8;
  return int8 ? { weightEncoding: int8.weightEncoding, kernel: int8.madeOn.kernel } : null;
}

const WEIGHT_WORDS: Record<Int8Context['weightEncoding'], string> = { s8: 'int8', u8: 'uint8 (zero point 128)' };

/**
 * The sentence under the speed-up chart: INT8 over FP32 as the median over the configurations measured, and, where
 * INT8 is slower, that it does not pay on this CPU (on AVX2 without VNNI, with the weights that cannot saturate there).
 */
export function int8Verdict(bars: SpeedupBars, context: Int8Context | null): string | null {
  const values = (bars.datasets.find((d) => d.precision === 'int8')?.values ?? []).filter((v): v is number => v !== null).sort((a, b) => a - b);
  if (values.length === 0) return null;
  const median = medianOf(values);
  const over = `${median.toFixed(2)}× FP32 (median over ${values.length} configuration${values.length === 1 ? '' : 's'}, ${(values[0] as number).toFixed(2)}–${(values[values.length - 1] as number).toFixed(2)}×)`;
  const form = context ? `, with ${WEIGHT_WORDS[context.weightEncoding]} weights for this CPU's INT8 path (${context.kernel})` : '';
  return median < 1 ? `INT8 does not pay on this CPU: ${over}${form}. FP32 is faster here.` : `INT8: ${over}${form}.`;
}

/** One row of the accuracy table: how far each converted precision is from FP32, and what it cost on disk. */
export interface AccuracyRow {
  precision: Precision;
  status: 'reference' | 'measured' | 'not-checked' | 'failed';
  cosine: number | null;
  relativeL2: number | null;
  maxAbsError: number | null;
  top1Agreement: number | null;
  sizeRatio: number | null;
  nodesConverted: string;
  note: string;
}

export function accuracyRows(variants: readonly PrecisionVariantInfo[]): AccuracyRow[] {
  return variants.map((v) => {
    const empty = { cosine: null, relativeL2: null, maxAbsError: null, top1Agreement: null, sizeRatio: null, nodesConverted: '—' };
    if (v.error) return { precision: v.precision, status: 'failed', ...empty, note: v.error.message };
    const c = v.conversion;
    if (!c) return { precision: v.precision, status: 'reference', ...empty, note: 'the source model; others are compared with it' };
    const a = c.accuracy;
    return {
      precision: v.precision,
      status: a ? 'measured' : 'not-checked',
      cosine: a?.cosine ?? null,
      relativeL2: a?.relativeL2 ?? null,
      maxAbsError: a?.maxAbsError ?? null,
      top1Agreement: a?.top1Agreement ?? null,
      sizeRatio: c.sourceBytes > 0 ? c.outputBytes / c.sourceBytes : null,
      nodesConverted: `${c.nodesConverted} of ${c.nodesTotal}`,
      note: [c.skipped ?? (a ? `${a.samples} ${a.inputs} samples` : 'accuracy check skipped'), c.int8 ? `${WEIGHT_WORDS[c.int8.weightEncoding]} weights for ${c.int8.madeOn.kernel}` : null].filter((n) => n !== null).join('; '),
    };
  });
}
