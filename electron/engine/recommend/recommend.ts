import type { ProviderId } from '../../contract/hardware';
import {
  RECOMMENDATION_SCHEMA_VERSION, type BatchGroup, type InstanceEstimate, type MachineRates, type Recommendation,
} from '../../contract/recommend';
import type { Precision, RunRecord } from '../../contract/run';
import { recommendBatchSize } from './batch-size';
import type { Catalog, CatalogInstance } from './catalog';
import { breakEvens, costPer1M, instancesNeeded, rankInstances } from './cost';
import { matchingProviders } from './hardware-match';
import { batchWork, PROJECTION_METHOD, projectBest, targetRates, type SourceGroup } from './project';

export type RecommendInput = {
  /** The run to recommend from; its hardware is this machine. */
  run: RunRecord;
  /** Runs imported from other machines: measured numbers for the instances whose hardware they match. */
  otherRuns?: readonly RunRecord[];
  sloMs: number;
  qps: number;
  headroom: number;
  precision?: Precision;
  provider?: ProviderId;
  catalog: Catalog;
  /** This machine's achieved rates for the source provider and precision; null with `ratesMissing` saying why. */
  rates: MachineRates | null;
  ratesMissing?: string;
  now?: string;
};

type Estimate = Pick<InstanceEstimate, 'basis' | 'basisRun' | 'batch' | 'throughput' | 'p99Ms' | 'meetsSlo' | 'projection' | 'missing' | 'overheadBound'> & { notes: string[] };

const money = (x: number) => (x >= 1 ? `$${x.toFixed(2)}` : `$${x.toPrecision(3)}`);

/** Batch and instance recommendations from a run: pure, given the catalog and this machine's measured rates. */
export function buildRecommendation(input: RecommendInput): Recommendation {
  const { run, sloMs, qps, headroom, catalog } = input;
  const batch = recommendBatchSize(run, sloMs, { precision: input.precision, provider: input.provider });
  const ref = batch.best ?? batch.closest;
  const group = ref ? batch.groups.find((g) => g.precision === ref.precision && g.provider === ref.provider && g.threads === ref.threads) : undefined;
  const source: SourceGroup | null = group ? { runId: run.id, precision: group.precision, points: group.points, model: run.model, cacheBytes: run.hardware.cpu.cacheBytes.l3 } : null;
  // Per-call overhead: the fitted T_setup less what streaming the weights once takes at the measured bandwidth
  // (the roofline's own batch-independent part); what is left does not shrink on a faster device.
  const weightsMs = input.rates ? (batchWork(run.model, 0, group?.precision).bytes / (input.rates.gbs * 1e9)) * 1000 : 0;
  const overheadMs = group?.fit && group.fit.setupMs - weightsMs > 0 ? group.fit.setupMs - weightsMs : null;

  const estimates = catalog.instances.map((inst) => {
    const est = estimateInstance(inst, input, source, overheadMs);
    return finish(inst, est, catalog, qps, headroom);
  });
  const instances = rankInstances(estimates);
  const eligible = instances.filter((x) => x.costPer1MOnDemand !== null && x.meetsSlo === true);
  const recommended = eligible.find((x) => !x.overheadBound) ?? eligible[0] ?? null;
  return {
    schemaVersion: RECOMMENDATION_SCHEMA_VERSION,
    kind: 'infermeter-recommendation',
    createdAt: input.now ?? new Date().toISOString(),
    runId: run.id,
    sloMs,
    qps,
    headroom,
    batch,
    source: group ? { precision: group.precision, provider: group.provider } : null,
    machineRates: input.rates,
    method: PROJECTION_METHOD,
    instances,
    breakEven: breakEvens(instances),
    recommended: recommended?.instanceId ?? null,
    explanation: explain(recommended, instances, qps, headroom, sloMs),
    catalogSources: [...catalog.files],
  };
}

function estimateInstance(inst: CatalogInstance, input: RecommendInput, source: SourceGroup | null, overheadMs: number | null): Estimate {
  const none = (missing: string): Estimate => ({ basis: 'none', basisRun: null, batch: null, throughput: null, p99Ms: null, meetsSlo: null, projection: null, missing, overheadBound: false, notes: [] });
  if (source === null) return none('no measured point in the run to estimate from');
  const measured = measuredOn(inst, input, source.precision);
  if (measured) return measured;
  if (input.rates === null) return none(input.ratesMissing ?? `this machine's ${source.precision} rates were not measured, so nothing can be projected`);
  const target = targetRates(inst, input.catalog, source.precision);
  if ('missing' in target) return none(target.missing);
  const best = projectBest(source, input.rates, target, input.sloMs);
  if ('missing' in best) return none(best.missing);
  const notes = target.note ? [target.note] : [];
  if (best.capped) notes.push(`the source point ran ${((best.rawEfficiency - 1) * 100).toFixed(0)}% faster than its roofline at the rates measured here: efficiency capped at 1`);
  const overheadBound = overheadMs !== null && best.detail.tTargetMs < overheadMs;
  if (overheadBound) {
    notes.push(`projected batch time ${best.detail.tTargetMs.toPrecision(2)} ms is below this run's per-call overhead (${overheadMs.toPrecision(2)} ms: T_setup less the weights' streaming time), which the roofline leaves out and would dominate — treat as a loose upper bound`);
  }
  if (!best.meetsSlo) notes.push(`projected p99 ${best.p99Ms.toPrecision(3)} ms misses the ${input.sloMs} ms SLO at every measured batch`);
  return {
    basis: 'projected', basisRun: source.runId, batch: best.batch, throughput: best.throughput, p99Ms: best.p99Ms, meetsSlo: best.meetsSlo,
    projection: best.detail, missing: null, overheadBound, notes,
  };
}

/** A run imported from this instance's hardware gives a measured number: its best batch under the SLO. */
function measuredOn(inst: CatalogInstance, input: RecommendInput, precision: Precision): Estimate | null {
  for (const run of [input.run, ...(input.otherRuns ?? [])]) {
    const providers = matchingProviders(run.hardware, inst, input.catalog.accelerators);
    if (providers.length === 0) continue;
    const groups = recommendBatchSize(run, input.sloMs, { precision }).groups.filter((g) => providers.includes(g.provider));
    const pick = bestGroup(groups);
    if (!pick) continue;
    const devices = inst.accelerator_id === null ? 1 : inst.accelerator_count;
    const notes = devices > 1 ? [`measured on one device, × ${devices} devices as independent replicas`] : [];
    if (pick.meets) return { ...measuredEstimate(run.id, pick, devices, true), notes };
    return { ...measuredEstimate(run.id, pick, devices, false), notes: [...notes, `no measured batch meets the ${input.sloMs} ms SLO`] };
  }
  return null;
}

function bestGroup(groups: readonly BatchGroup[]): { batch: number; throughput: number; p99Ms: number; meets: boolean } | null {
  let best: { batch: number; throughput: number; p99Ms: number; meets: boolean } | null = null;
  for (const g of groups) {
    if (g.batch !== null && g.throughput !== null && g.p99Ms !== null && (best === null || g.throughput > best.throughput)) {
      best = { batch: g.batch, throughput: g.throughput, p99Ms: g.p99Ms, meets: true };
    }
  }
  if (best) return best;
  for (const g of groups) for (const p of g.points) if (best === null || p.p99Ms < best.p99Ms) best = { batch: p.batch, throughput: p.throughput, p99Ms: p.p99Ms, meets: false };
  return best;
}

function measuredEstimate(runId: string, pick: { batch: number; throughput: number; p99Ms: number }, devices: number, meets: boolean): Omit<Estimate, 'notes'> {
  return { basis: 'measured', basisRun: runId, batch: pick.batch, throughput: pick.throughput * devices, p99Ms: pick.p99Ms, meetsSlo: meets, projection: null, missing: null, overheadBound: false };
}

function finish(inst: CatalogInstance, est: Estimate, catalog: Catalog, qps: number, headroom: number): InstanceEstimate {
  const acc = inst.accelerator_id ? catalog.accelerators.get(inst.accelerator_id) : inst.cpu_id ? catalog.accelerators.get(inst.cpu_id) : undefined;
  const reserved = inst.reserved_discount !== undefined ? inst.price_on_demand_usd_hr * (1 - inst.reserved_discount) : null;
  return {
    instanceId: inst.id,
    cloud: inst.provider,
    accelerator: acc?.name ?? (inst.accelerator_id ?? 'CPU (model not listed)'),
    acceleratorCount: inst.accelerator_count,
    kind: inst.accelerator_id === null ? 'cpu' : acc?.kind === 'npu' ? 'npu' : 'gpu',
    pricePerHour: inst.price_on_demand_usd_hr,
    spotPricePerHour: inst.price_spot_usd_hr,
    reservedPricePerHour: reserved,
    ...est,
    costPer1MOnDemand: costPer1M(inst.price_on_demand_usd_hr, est.throughput),
    costPer1MSpot: costPer1M(inst.price_spot_usd_hr, est.throughput),
    costPer1MReserved: costPer1M(reserved, est.throughput),
    instancesNeeded: instancesNeeded(qps, headroom, est.throughput),
  };
}

function explain(rec: InstanceEstimate | null, ranked: readonly InstanceEstimate[], qps: number, headroom: number, sloMs: number): string {
  const withRate = ranked.filter((x) => x.costPer1MOnDemand !== null).length;
  if (rec === null || rec.costPer1MOnDemand === null) {
    return withRate === 0
      ? 'No instance could be estimated: see each row\'s reason.'
      : `No instance meets the ${sloMs} ms SLO, measured or projected, so none is recommended.`;
  }
  const name = `${rec.instanceId} (${rec.accelerator.split(' (')[0]}${rec.acceleratorCount > 1 ? ` ×${rec.acceleratorCount}` : ''})`;
  const cost = `${money(rec.costPer1MOnDemand)} per 1M inferences on demand (${rec.basis === 'measured' ? 'measured' : 'PROJECTED, not measured'}) at batch ${rec.batch}`;
  const fleet = `${rec.instancesNeeded === 1 ? 'one instance serves' : `${rec.instancesNeeded} instances serve`} ${qps} QPS with ${Math.round(headroom * 100)}% headroom`;
  const passedOver = ranked.filter((x) => x.overheadBound && x.meetsSlo === true && (x.costPer1MOnDemand ?? Infinity) < (rec.costPer1MOnDemand ?? 0)).length;
  if (rec.overheadBound) {
    return `${name} is the cheapest that meets the ${sloMs} ms SLO, ${cost}, but only as a loose upper bound (per-call overhead would dominate): measure on it before buying; ${fleet}.`;
  }
  if (passedOver > 0) {
    return `${name} is recommended, ${cost}: the cheapest that meets the ${sloMs} ms SLO once ${passedOver} cheaper-looking projection${passedOver === 1 ? '' : 's'} bound by per-call overhead (loose upper bounds) are set aside; ${fleet}.`;
  }
  return `${name} has the lowest cost that meets the ${sloMs} ms SLO, ${cost}; ${fleet}.`;
}
