// The Recommend view of a generation run: tokens/s under the ITL p99 SLO, TTFT, and the cost per 1M generated tokens
// (the engine ranks on requests/s of the run's prompt + gen shape; one request generates genTokens tokens).
import type { Recommendation } from '../../../electron/contract/recommend';
import { formatMs, formatNumber } from './format';
import { batchRows, costBars, dollars, instanceRows, type CostBars, type InstanceRow } from './recommendation';

type Span = { low: number; high: number };

function spanText(s: Span | undefined, format: (x: number) => string): string {
  if (!s) return '—';
  const lo = format(s.low);
  const hi = format(s.high);
  return lo === hi ? lo : `${lo}–${hi}`;
}

const perToken = (x: number | null, genTokens: number) => (x === null ? null : x / genTokens);

export const GENERATION_BATCH_HEADERS = ['precision · provider', 'batch', 'tokens/s in total', 'ITL p99', 'why'];

/** Per precision × provider: the batch with the most tokens/s whose ITL p99 meets the SLO. */
export function generationBatchCells(rec: Recommendation): Array<{ cells: string[]; isSource: boolean }> {
  return batchRows(rec).map((r) => ({ cells: [r.group, r.batch, r.throughput.replace(/\/s$/, ' tokens/s'), r.p99, r.explanation], isSource: r.isSource }));
}

export const GENERATION_INSTANCE_HEADERS = ['instance', 'accelerator', 'basis', 'runtime', 'batch', 'tokens/s (low–high)', 'ITL p99 (low–high)', 'TTFT (low–high)', 'instances needed', 'utilisation', '$/1M tokens served', '$/1M tokens at saturation', 'notes'];

export type GenerationInstanceRow = InstanceRow & { tokens: string; itlP99: string; ttft: string };

export function generationInstanceRows(rec: Recommendation): GenerationInstanceRow[] {
  const n = rec.generation?.genTokens ?? 1;
  return instanceRows(rec).map((row, i) => {
    const x = rec.instances[i];
    const g = x?.generation;
    return {
      ...row,
      tokens: spanText(g?.tokensPerS, formatNumber),
      itlP99: spanText(g?.itlP99Ms, formatMs),
      ttft: spanText(g?.ttftMs, formatMs),
      costServing: dollars(perToken(x?.servingCostPer1M ?? null, n)),
      costOnDemand: dollars(perToken(x?.costPer1MOnDemand ?? null, n)),
      notes: row.notes.replace(`misses the ${rec.sloMs} ms SLO`, `misses ITL p99 ≤ ${rec.sloMs} ms`),
    };
  });
}

/** The cells after the instance id, in GENERATION_INSTANCE_HEADERS order. */
export function generationInstanceCells(r: GenerationInstanceRow): string[] {
  return [r.accelerator, r.basisLabel, r.runtime, r.batch, r.tokens, r.itlP99, r.ttft, r.needed, r.utilisation, r.costServing, r.costOnDemand, r.notes];
}

/** The cost chart's bars per 1M generated tokens. */
export function generationCostBars(rec: Recommendation): CostBars {
  const n = rec.generation?.genTokens ?? 1;
  const bars = costBars(rec);
  const scale = (v: Array<number | null>) => v.map((x) => perToken(x, n));
  return { ...bars, measured: scale(bars.measured), projected: scale(bars.projected) };
}

export function generationCostTitle(rec: Recommendation): string {
  return `Cost of serving ${formatNumber(rec.generation?.tokensPerS ?? 0)} generated tokens/s, USD per 1M tokens, on demand (lower is better)`;
}

/** What the target means, in the section title: tokens/s, and the requests (sequences) of the run's shape it is. */
export function generationTargetText(rec: Recommendation): string {
  const g = rec.generation;
  if (!g) return '';
  return `${formatNumber(g.tokensPerS)} generated tokens/s (${formatNumber(rec.qps)} requests/s of prompt ${g.promptTokens} + ${g.genTokens} generated tokens) with ${Math.round(rec.headroom * 100)}% headroom`;
}
