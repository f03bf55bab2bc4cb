import { stringify } from 'csv-stringify/sync';
import type { InstanceEstimate } from '../../contract/recommend';
import type { RecommendationFile } from './recommendation-files';
import { neutralizeFormula } from './run-csv';
import { tensorRtRange } from '../../contract/tensorrt-note';

type Cell = string | number | null;
type Column = { header: string; value: (x: InstanceEstimate, rec: RecommendationFile, rank: number) => Cell };

const yesNo = (b: boolean | null) => (b === null ? null : b ? 'yes' : 'no');

/**
 * One row per catalog instance, in the recommendation's ranking (cost of serving the target). Units are in the
 * headers; `basis` says whether a throughput was measured or PROJECTED (a range: throughput–throughput_high, the
 * low end ranked), or none, with `missing` saying why. A projected CUDA row also has the TensorRT provider's
 * projected range at its batch (tensorrt_…: not ranked, empty elsewhere). The run and the SLO/QPS repeat on every
 * row so that CSVs of several recommendations can be concatenated.
 */
export const RECOMMENDATION_CSV_COLUMNS: readonly Column[] = [
  { header: 'rank', value: (x, _r, rank) => (x.servingCostPer1M === null ? null : rank) },
  { header: 'instance_id', value: (x) => x.instanceId },
  { header: 'cloud', value: (x) => x.cloud },
  { header: 'kind', value: (x) => x.kind },
  { header: 'accelerator', value: (x) => x.accelerator },
  { header: 'accelerator_count', value: (x) => x.acceleratorCount },
  { header: 'recommended', value: (x, r) => yesNo(r.recommended === x.instanceId) },
  { header: 'basis', value: (x) => x.basis },
  { header: 'basis_run', value: (x) => x.basisRun },
  { header: 'batch', value: (x) => x.batch },
  { header: 'runtime', value: (x) => x.runtime },
  { header: 'throughput_inferences_per_s', value: (x) => x.throughput },
  { header: 'throughput_high_inferences_per_s', value: (x) => x.throughputHigh },
  { header: 'tensorrt_inferences_per_s', value: (x) => tensorRtRange(x.notes)?.low ?? null },
  { header: 'tensorrt_high_inferences_per_s', value: (x) => tensorRtRange(x.notes)?.high ?? null },
  { header: 'p99_ms', value: (x) => x.p99Ms },
  { header: 'p99_low_ms', value: (x) => x.p99MsLow },
  { header: 'meets_slo', value: (x) => yesNo(x.meetsSlo) },
  { header: 'price_on_demand_usd_per_h', value: (x) => x.pricePerHour },
  { header: 'price_spot_usd_per_h', value: (x) => x.spotPricePerHour },
  { header: 'price_reserved_usd_per_h', value: (x) => x.reservedPricePerHour },
  { header: 'serving_cost_per_1m_served_usd', value: (x) => x.servingCostPer1M },
  { header: 'serving_cost_usd_per_h', value: (x) => x.servingCostPerHour },
  { header: 'utilisation', value: (x) => x.utilisation },
  { header: 'cost_per_1m_on_demand_usd', value: (x) => x.costPer1MOnDemand },
  { header: 'cost_per_1m_spot_usd', value: (x) => x.costPer1MSpot },
  { header: 'cost_per_1m_reserved_usd', value: (x) => x.costPer1MReserved },
  { header: 'instances_needed', value: (x) => x.instancesNeeded },
  { header: 'bound', value: (x) => x.projection?.bound ?? null },
  { header: 'efficiency', value: (x) => x.projection?.efficiency ?? null },
  { header: 'overhead_bound', value: (x) => yesNo(x.overheadBound) },
  { header: 'overhead_floor_low_ms', value: (x) => x.overheadFloorMs?.low ?? null },
  { header: 'overhead_floor_high_ms', value: (x) => x.overheadFloorMs?.high ?? null },
  { header: 'needs_runtime', value: (x) => x.needsRuntime },
  { header: 'missing', value: (x) => x.missing },
  { header: 'notes', value: (x) => x.notes.join(' | ') },
  { header: 'price_date', value: (x, r) => r.inputs.priceDates[x.instanceId] ?? null },
  { header: 'run_id', value: (_x, r) => r.runId },
  { header: 'source_precision', value: (_x, r) => r.source?.precision ?? null },
  { header: 'source_provider', value: (_x, r) => r.source?.provider ?? null },
  { header: 'slo_p99_ms', value: (_x, r) => r.sloMs },
  { header: 'qps', value: (_x, r) => r.qps },
  { header: 'headroom', value: (_x, r) => r.headroom },
  { header: 'created_at', value: (_x, r) => r.createdAt },
];

/**
 * Added for a generation run (its `throughput` is requests/s, one request a sequence of prompt + gen tokens, and
 * `p99_ms` the inter-token latency's p99): the tokens/s, TTFT and ITL p99 ranges, and the cost per 1M generated tokens.
 */
export const GENERATION_CSV_COLUMNS: readonly Column[] = [
  { header: 'prompt_tokens', value: (_x, r) => r.generation?.promptTokens ?? null },
  { header: 'gen_tokens', value: (_x, r) => r.generation?.genTokens ?? null },
  { header: 'target_tokens_per_s', value: (_x, r) => r.generation?.tokensPerS ?? null },
  { header: 'tokens_per_s_low', value: (x) => x.generation?.tokensPerS.low ?? null },
  { header: 'tokens_per_s_high', value: (x) => x.generation?.tokensPerS.high ?? null },
  { header: 'ttft_low_ms', value: (x) => x.generation?.ttftMs.low ?? null },
  { header: 'ttft_high_ms', value: (x) => x.generation?.ttftMs.high ?? null },
  { header: 'itl_p99_low_ms', value: (x) => x.generation?.itlP99Ms.low ?? null },
  { header: 'itl_p99_high_ms', value: (x) => x.generation?.itlP99Ms.high ?? null },
  { header: 'decode_bound', value: (x) => x.generation?.bound ?? null },
  { header: 'serving_cost_per_1m_tokens_usd', value: (x, r) => (x.servingCostPer1M === null || !r.generation ? null : x.servingCostPer1M / r.generation.genTokens) },
];

export function recommendationToCsv(rec: RecommendationFile): string {
  const columns = rec.generation ? [...RECOMMENDATION_CSV_COLUMNS, ...GENERATION_CSV_COLUMNS] : RECOMMENDATION_CSV_COLUMNS;
  const rows = rec.instances.map((x, i) => columns.map((c) => neutralizeFormula(c.value(x, rec, i + 1))));
  return stringify([columns.map((c) => c.header), ...rows]);
}
