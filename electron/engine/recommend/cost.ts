import type { BreakEven, InstanceEstimate } from '../../contract/recommend';

export const DEFAULT_HEADROOM = 0.3;

/** Float noise allowed before rounding up (2000·1.3/1300 is 2.0000000000000004, which needs 2 instances, not 3). */
const CEIL_EPSILON = 1e-9;

/** cost_per_1M = price_per_hr / (throughput_per_s · 3600) · 1e6 (shared/data/README.md, seed formulas). */
export function costPer1M(pricePerHour: number | null, throughputPerS: number | null): number | null {
  if (pricePerHour === null || throughputPerS === null || !(throughputPerS > 0)) return null;
  return (pricePerHour / (throughputPerS * 3600)) * 1e6;
}

/** instances_needed = ceil(peak_qps · (1 + headroom) / per_instance_qps) (shared/data/README.md, seed formulas). */
export function instancesNeeded(qps: number, headroom: number, perInstanceQps: number | null): number | null {
  if (perInstanceQps === null || !(perInstanceQps > 0)) return null;
  const exact = (qps * (1 + headroom)) / perInstanceQps;
  return Math.max(1, Math.ceil(exact - CEIL_EPSILON * Math.max(1, exact)));
}

export type ServingCost = { instances: number; perHour: number; per1MServed: number; utilisation: number };

/**
 * The cost of serving the target: instances needed (at the pessimistic per-instance throughput) × price per hour,
 * divided by the requests actually served in that hour (the target QPS, not the fleet's capacity); utilisation is
 * the share of the fleet's capacity the target uses.
 */
export function servingCost(qps: number, headroom: number, perInstanceQps: number | null, pricePerHour: number): ServingCost | null {
  const instances = instancesNeeded(qps, headroom, perInstanceQps);
  if (instances === null || perInstanceQps === null) return null;
  const perHour = instances * pricePerHour;
  return { instances, perHour, per1MServed: (perHour / (qps * 3600)) * 1e6, utilisation: qps / (instances * perInstanceQps) };
}

export type ServingOption = { batch: number; throughput: number; p99Ms: number };

/**
 * The batch to serve a target QPS at within the SLO. A batch of b requests arriving at qps/n per instance keeps its
 * first request waiting for the other b − 1, (b − 1)/(qps/n), so a request's latency is at most that gather time
 * plus the batch's p99 (batch 1 waits for no one); among the batches
 * that stay within the SLO, the one needing the fewest instances wins (then the smaller batch: less latency). When
 * none does, the one with the lowest latency, `meets` false.
 */
export function pickServingBatch<T extends ServingOption>(options: readonly T[], qps: number, headroom: number, sloMs: number): { pick: T; meets: boolean; latencyMs: number } | null {
  let best: { pick: T; n: number; latencyMs: number } | null = null;
  let closest: { pick: T; latencyMs: number } | null = null;
  for (const o of options) {
    const n = instancesNeeded(qps, headroom, o.throughput);
    if (n === null) continue;
    const latencyMs = ((o.batch - 1) / (qps / n)) * 1000 + o.p99Ms;
    if (closest === null || latencyMs < closest.latencyMs) closest = { pick: o, latencyMs };
    if (latencyMs <= sloMs && (best === null || n < best.n || (n === best.n && o.batch < best.pick.batch))) best = { pick: o, n, latencyMs };
  }
  if (best) return { pick: best.pick, meets: true, latencyMs: best.latencyMs };
  return closest ? { ...closest, meets: false } : null;
}

/**
 * GPU vs CPU break-even (shared/data/README.md): a GPU instance is cost-effective when
 * qps_gpu / qps_cpu > cost_gpu / cost_cpu, which is the same as a lower cost per 1M inferences.
 * The CPU side is the CPU instance with the lowest on-demand cost per 1M; null when no CPU instance has a throughput.
 */
export function breakEvens(instances: readonly InstanceEstimate[]): BreakEven[] {
  const cpu = cheapest(instances.filter((x) => x.kind === 'cpu'));
  if (!cpu || cpu.throughput === null) return [];
  const out: BreakEven[] = [];
  for (const gpu of instances) {
    if (gpu.kind === 'cpu' || gpu.throughput === null) continue;
    const qpsRatioNeeded = gpu.pricePerHour / cpu.pricePerHour;
    const qpsRatio = gpu.throughput / cpu.throughput;
    out.push({ gpuInstanceId: gpu.instanceId, cpuInstanceId: cpu.instanceId, qpsRatioNeeded, qpsRatio, met: qpsRatio > qpsRatioNeeded });
  }
  return out;
}

function cheapest(instances: readonly InstanceEstimate[]): InstanceEstimate | null {
  let best: InstanceEstimate | null = null;
  for (const x of instances) {
    if (x.costPer1MOnDemand === null) continue;
    if (best === null || x.costPer1MOnDemand < (best.costPer1MOnDemand as number)) best = x;
  }
  return best;
}

/**
 * Ranks by the cost of serving the target QPS (per 1M requests served, at the pessimistic end of a projection):
 * first the instances that meet the SLO, then those with a throughput that do not, then those that could not be
 * estimated (by name). Ties: cost at saturation, then measured before projected.
 */
export function rankInstances(instances: readonly InstanceEstimate[]): InstanceEstimate[] {
  const tier = (x: InstanceEstimate) => (x.servingCostPer1M === null ? 2 : x.meetsSlo === false ? 1 : 0);
  const by = (a: number | null, b: number | null) => (a !== null && b !== null && a !== b ? a - b : 0);
  return [...instances].sort((a, b) => {
    const t = tier(a) - tier(b);
    if (t !== 0) return t;
    const c = by(a.servingCostPer1M, b.servingCostPer1M) || by(a.costPer1MOnDemand, b.costPer1MOnDemand);
    if (c !== 0) return c;
    if (a.basis !== b.basis) return a.basis === 'measured' ? -1 : 1;
    return a.instanceId.localeCompare(b.instanceId);
  });
}
