import type { ProviderId } from '../../contract/hardware';
import {
  RECOMMENDATION_SCHEMA_VERSION, type InstanceEstimate, type MachineRates, type Recommendation,
} from '../../contract/recommend';
import type { Precision, RunRecord } from '../../contract/run';
import { recommendBatchSize } from './batch-size';
import type { Catalog, CatalogInstance } from './catalog';
import { breakEvens, costPer1M, pickServingBatch, rankInstances, servingCost } from './cost';
import { explainRecommendation } from './explain';
import { matchingProviders } from './hardware-match';
import { batchWork, PROJECTION_METHOD, rooflineSeconds, sourceRoofline, targetRates } from './project';
import { effectiveRates, projectRange, projectRangeBest, RANGE_METHOD, type RangeSource, type RangeTarget } from './project-range';
import { runtimePath } from './runtime-path';
import { TENSORRT_NOTE_PREFIX, TENSORRT_SKIPPED_PREFIX } from '../../contract/tensorrt-note';

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

export type Estimate = Pick<InstanceEstimate, 'basis' | 'basisRun' | 'batch' | 'throughput' | 'throughputHigh' | 'p99Ms' | 'p99MsLow' | 'meetsSlo' | 'projection' | 'missing' |
  'overheadBound' | 'runtime' | 'needsRuntime' | 'overheadFloorMs'> & { notes: string[] };

/** Batch and instance recommendations from a run: pure, given the catalog and this machine's measured rates. */
export function buildRecommendation(input: RecommendInput): Recommendation {
  const { run, sloMs, qps, headroom, catalog } = input;
  const batch = recommendBatchSize(run, sloMs, { precision: input.precision, provider: input.provider });
  const ref = batch.best ?? batch.closest;
  const group = ref ? batch.groups.find((g) => g.precision === ref.precision && g.provider === ref.provider && g.threads === ref.threads) : undefined;
  const source: (RangeSource & { provider: ProviderId }) | null = group
    ? { runId: run.id, precision: group.precision, provider: group.provider, points: group.points, model: run.model, cacheBytes: run.hardware.cpu.cacheBytes.l3 }
    : null;
  const estimates = catalog.instances.map((inst) => finish(inst, estimateInstance(inst, input, source), catalog, qps, headroom));
  const instances = rankInstances(estimates);
  const recommended = instances.find((x) => x.servingCostPer1M !== null && x.meetsSlo === true) ?? null;
  return recommendationOf(input, {
    qps,
    batch,
    source: group ? { precision: group.precision, provider: group.provider } : null,
    method: `${PROJECTION_METHOD} ${RANGE_METHOD}`,
    instances,
    recommended,
    explanation: explainRecommendation(recommended, instances, { qps, headroom, sloMs }),
  });
}

/** The recommendation's envelope around a ranking, shared by batch-sweep and generation runs. */
export function recommendationOf(
  input: RecommendInput,
  r: Pick<Recommendation, 'qps' | 'batch' | 'source' | 'method' | 'instances' | 'explanation'> & { recommended: { instanceId: string } | null },
): Recommendation {
  return {
    schemaVersion: RECOMMENDATION_SCHEMA_VERSION,
    kind: 'infermeter-recommendation',
    createdAt: input.now ?? new Date().toISOString(),
    runId: input.run.id,
    sloMs: input.sloMs,
    qps: r.qps,
    headroom: input.headroom,
    batch: r.batch,
    source: r.source,
    machineRates: input.rates,
    method: r.method,
    instances: r.instances,
    breakEven: breakEvens(r.instances),
    recommended: r.recommended?.instanceId ?? null,
    explanation: r.explanation,
    catalogSources: [...input.catalog.files],
  };
}

export const NONE: Omit<Estimate, 'missing'> = {
  basis: 'none', basisRun: null, batch: null, throughput: null, throughputHigh: null, p99Ms: null, p99MsLow: null, meetsSlo: null, projection: null,
  overheadBound: false, runtime: null, needsRuntime: null, overheadFloorMs: null, notes: [],
};

/**
 * What projecting onto INST needs, for batch-sweep and generation runs alike: a runtime path for this run's provider
 * on it, this machine's rates, and the target's peaks; or why not (with the runtime it needs, when that is why).
 */
export function projectionTarget(inst: CatalogInstance, input: Pick<RecommendInput, 'catalog' | 'run' | 'rates' | 'ratesMissing'>, provider: ProviderId, precision: Precision):
  | { missing: string; needsRuntime: string | null }
  | { path: Extract<ReturnType<typeof runtimePath>, { ok: true }>; target: Exclude<ReturnType<typeof targetRates>, { missing: string }>; rangeTarget: RangeTarget; rates: NonNullable<RecommendInput['rates']>; accelerator: ReturnType<Catalog['accelerators']['get']> } {
  const acc = inst.accelerator_id !== null ? input.catalog.accelerators.get(inst.accelerator_id) : inst.cpu_id ? input.catalog.accelerators.get(inst.cpu_id) : undefined;
  const path = runtimePath(inst, acc, provider, input.run.hardware.cpu.model);
  if (!path.ok) return { missing: `needs ${path.needs}`, needsRuntime: path.needs };
  if (input.rates === null) return { missing: input.ratesMissing ?? `this machine's ${precision} rates were not measured, so nothing can be projected`, needsRuntime: null };
  const target = targetRates(inst, input.catalog, precision);
  if ('missing' in target) return { missing: target.missing, needsRuntime: null };
  const rangeTarget = { ...target, runtime: path.runtime, acceleratorId: inst.accelerator_id, crossIsa: path.crossIsa, bandwidthDerived: target.note !== null };
  return { path, target, rangeTarget, rates: input.rates, accelerator: acc };
}

function estimateInstance(inst: CatalogInstance, input: RecommendInput, source: (RangeSource & { provider: ProviderId }) | null): Estimate {
  const none = (missing: string, needsRuntime: string | null = null): Estimate => ({ ...NONE, missing, needsRuntime });
  if (source === null) return none('no measured point in the run to estimate from');
  const measured = measuredOn(inst, input, source.precision);
  if (measured) return measured;
  const resolved = projectionTarget(inst, input, source.provider, source.precision);
  if ('missing' in resolved) return none(resolved.missing, resolved.needsRuntime);
  const { path, target, rangeTarget, rates } = resolved;
  const best = projectRangeBest(source, rates, rangeTarget, input.sloMs, { qps: input.qps, headroom: input.headroom });
  if (best === null) return none(notScalable(source, rates));
  const notes = [path.flag, target.note, ...best.notes].filter((n): n is string => n !== null);
  if (!best.meetsSlo) notes.push(`gathering a batch at ${input.qps} QPS plus the projected p99 (up to ${best.p99Ms.high.toPrecision(3)} ms) misses the ${input.sloMs} ms SLO at every measured batch`);
  if (path.runtime === 'cuda') notes.push(tensorRtNote(source, rates, rangeTarget, best.batch));
  const point = source.points.find((p) => p.batch === best.batch);
  const work = batchWork(source.model, best.batch, source.precision);
  const ideal = rooflineSeconds(work.flops, work.bytes, target.flopsPerS, target.bytesPerS);
  return {
    basis: 'projected', basisRun: source.runId, batch: best.batch, throughput: best.throughput.low, throughputHigh: best.throughput.high,
    p99Ms: best.p99Ms.high, p99MsLow: best.p99Ms.low, meetsSlo: best.meetsSlo, missing: null, overheadBound: best.bound === 'overhead',
    runtime: path.label, needsRuntime: null, overheadFloorMs: path.runtime === 'cpu' ? null : best.floorMs, notes,
    projection: {
      sourceBatch: best.batch, flopsPerBatch: work.flops, bytesPerBatch: work.bytes, tIdealSourceMs: sourceRoofline(source, best.batch, effectiveRates(source, rates)).t * 1000,
      tMeasuredSourceMs: point?.meanMs ?? 0, efficiency: best.efficiency.low, tIdealTargetMs: ideal.t * 1000, tTargetMs: best.batchMs.high,
      bound: best.bound === 'overhead' ? ideal.bound : best.bound,
    },
  };
}

/** The same batch through onnxruntime's TensorRT provider (fused kernels, fewer launches): beside the CUDA figure, not ranked. */
function tensorRtNote(source: RangeSource, rates: MachineRates, target: RangeTarget, batch: number): string {
  const trt = projectRange(source, rates, { ...target, runtime: 'tensorrt' }, batch);
  if (trt === null) return `${TENSORRT_SKIPPED_PREFIX} not projected`;
  const n = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));
  return `${TENSORRT_NOTE_PREFIX}${n(trt.throughput.low)}–${n(trt.throughput.high)} inferences/s at batch ${batch} (not ranked)`;
}

function notScalable(source: RangeSource, rates: MachineRates): string {
  const first = source.points[0];
  const detail = first ? ` (batch ${first.batch}: ${first.meanMs.toPrecision(3)} ms measured vs ${(sourceRoofline(source, first.batch, rates).t * 1000).toPrecision(3)} ms at ` +
    `${rates.gflops.toPrecision(3)} GFLOP/s and ${rates.gbs.toPrecision(3)} GB/s)` : '';
  return `every measured batch ran faster than this machine's measured roofline${detail}: its data stayed in cache, so a roofline cannot scale it — measure larger batches or import a run from that hardware`;
}

/** A run imported from this instance's hardware gives a measured number: its best batch under the SLO. */
function measuredOn(inst: CatalogInstance, input: RecommendInput, precision: Precision): Estimate | null {
  for (const run of [input.run, ...(input.otherRuns ?? [])]) {
    const providers = matchingProviders(run.hardware, inst, input.catalog.accelerators);
    if (providers.length === 0) continue;
    const groups = recommendBatchSize(run, input.sloMs, { precision }).groups.filter((g) => providers.includes(g.provider));
    const devices = inst.accelerator_id === null ? 1 : inst.accelerator_count;
    const options = groups.flatMap((g) => g.points.map((p) => ({ batch: p.batch, throughput: p.throughput * devices, p99Ms: p.p99Ms })));
    const choice = pickServingBatch(options, input.qps, input.headroom, input.sloMs);
    if (!choice) continue;
    const notes = devices > 1 ? [`measured on one device, × ${devices} devices as independent replicas`] : [];
    if (!choice.meets) notes.push(`gathering a batch at ${input.qps} QPS plus its measured p99 misses the ${input.sloMs} ms SLO at every measured batch`);
    return { ...measuredEstimate(run.id, choice.pick, choice.meets), notes };
  }
  return null;
}

function measuredEstimate(runId: string, pick: { batch: number; throughput: number; p99Ms: number }, meets: boolean): Omit<Estimate, 'notes'> {
  const throughput = pick.throughput;
  return {
    ...NONE, basis: 'measured', basisRun: runId, batch: pick.batch, throughput, throughputHigh: throughput, p99Ms: pick.p99Ms, p99MsLow: pick.p99Ms, meetsSlo: meets,
    missing: null, runtime: 'as measured',
  };
}

/** An estimate priced: cost per 1M at saturation and the cost of serving the target. */
export function finish(inst: CatalogInstance, est: Estimate, catalog: Catalog, qps: number, headroom: number): InstanceEstimate {
  const acc = inst.accelerator_id ? catalog.accelerators.get(inst.accelerator_id) : inst.cpu_id ? catalog.accelerators.get(inst.cpu_id) : undefined;
  const reserved = inst.reserved_discount !== undefined ? inst.price_on_demand_usd_hr * (1 - inst.reserved_discount) : null;
  const serving = servingCost(qps, headroom, est.throughput, inst.price_on_demand_usd_hr);
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
    instancesNeeded: serving?.instances ?? null,
    servingCostPer1M: serving?.per1MServed ?? null,
    servingCostPerHour: serving?.perHour ?? null,
    utilisation: serving?.utilisation ?? null,
  };
}
