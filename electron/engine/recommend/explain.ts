import type { InstanceEstimate } from '../../contract/recommend';

const money = (x: number) => (x >= 1 ? `$${x.toFixed(2)}` : x >= 0.01 ? `$${x.toFixed(3)}` : `$${x.toPrecision(2)}`);
const count = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));

/** The accelerator's short name, ×N for multi-device instances. */
export function hardwareName(x: Pick<InstanceEstimate, 'accelerator' | 'acceleratorCount'>): string {
  return `${x.accelerator.split(' (')[0] ?? x.accelerator}${x.acceleratorCount > 1 ? ` ×${x.acceleratorCount}` : ''}`;
}

/** What a buyer reads first: the cheapest way to serve the target within the SLO, in one sentence. */
export function explainRecommendation(rec: InstanceEstimate | null, ranked: readonly InstanceEstimate[], o: { qps: number; headroom: number; sloMs: number }): string {
  const withRate = ranked.filter((x) => x.servingCostPer1M !== null).length;
  if (rec === null || rec.servingCostPer1M === null || rec.servingCostPerHour === null || rec.instancesNeeded === null || rec.throughput === null) {
    return withRate === 0
      ? 'No instance could be estimated: see each row\'s reason.'
      : `No instance meets the ${o.sloMs} ms SLO, measured or projected (on the pessimistic end of its range), so none is recommended.`;
  }
  const n = rec.instancesNeeded;
  const fleet = n === 1 ? `one at ${money(rec.pricePerHour)}/h` : `${n} at ${money(rec.pricePerHour)}/h each (${money(rec.servingCostPerHour)}/h)`;
  const rate = rec.basis === 'measured'
    ? `MEASURED ${count(rec.throughput)} inferences/s per instance at batch ${rec.batch ?? '?'}`
    : `a PROJECTED ${count(rec.throughput)}–${count(rec.throughputHigh ?? rec.throughput)} inferences/s per instance at batch ${rec.batch ?? '?'} (${rec.runtime ?? 'projected'}; ranked on the low end)`;
  const next = ranked.find((x) => x !== rec && x.meetsSlo === true && x.servingCostPer1M !== null);
  const runnerUp = next ? `; next: ${next.instanceId} at ${money(next.servingCostPer1M as number)} per 1M` : '';
  return `${rec.instanceId} (${hardwareName(rec)}) is the cheapest way to serve ${o.qps.toLocaleString('en-US')} QPS with ${Math.round(o.headroom * 100)}% headroom at p99 ≤ ${o.sloMs} ms: ` +
    `${fleet} cost ${money(rec.servingCostPer1M)} per 1M requests served, ${Math.round((rec.utilisation ?? 0) * 100)}% utilised, on ${rate}${runnerUp}.`;
}
