import { generationSloLine, type GenerationShape } from '../../contract/generation';
import type { GenerationTarget, InstanceGeneration } from '../../contract/generation-recommend';
import type { ProviderId } from '../../contract/hardware';
import type { BatchRecommendation, Recommendation } from '../../contract/recommend';
import type { PointResult, Precision, RunRecord } from '../../contract/run';
import { badInput } from '../errors';
import { recommendBatchSize } from './batch-size';
import type { CatalogInstance } from './catalog';
import { instancesNeeded, rankInstances } from './cost';
import { explainGeneration } from './generation-explain';
import { GENERATION_PROJECTION_METHOD, projectGeneration, type GenerationProjection, type GenerationSource, type GenerationSourcePoint } from './generation-project';
import { matchingProviders } from './hardware-match';
import { finish, NONE, projectionTarget, recommendationOf, type Estimate, type RecommendInput } from './recommend';

type Measured = Extract<PointResult, { verdict: 'valid' | 'unstable' }>;
type GenPoint = Measured & { generation: GenerationShape; generationStats: NonNullable<Measured['generationStats']> };

/** Measured generation points of a run (valid and unstable), failed ones left out. */
export function generationPointsOf(run: RunRecord): GenPoint[] {
  return run.points.filter((p): p is GenPoint => p.verdict !== 'failed' && p.generation !== undefined && p.generationStats !== undefined);
}

export function isGenerationRecord(run: RunRecord): boolean {
  return run.options.generation !== undefined && generationPointsOf(run).length > 0;
}

/** A generation recommendation's extra inputs: the target in tokens/s instead of requests/s, and the shape. */
export type GenerationRecommendInput = RecommendInput & { tokensPerS?: number; shape?: GenerationShape };

/** Memory a replica may fill: 90% of the device's (GPU) or the instance's (CPU), the rest for the runtime. */
const MEMORY_USABLE = 0.9;

/** The shapes a run measured, and the one recommended for: the one asked, else the longest prompt, then the longest generation. */
export function chooseShape(run: RunRecord, asked?: GenerationShape): { shape: GenerationShape; measured: GenerationShape[] } {
  const seen = new Map<string, GenerationShape>();
  for (const p of generationPointsOf(run)) seen.set(`${p.generation.promptTokens}|${p.generation.genTokens}`, { promptTokens: p.generation.promptTokens, genTokens: p.generation.genTokens });
  const measured = [...seen.values()].sort((a, b) => a.promptTokens - b.promptTokens || a.genTokens - b.genTokens);
  const list = measured.map((s) => `prompt ${s.promptTokens}, gen ${s.genTokens}`).join('; ');
  if (asked) {
    const hit = measured.find((s) => s.promptTokens === asked.promptTokens && s.genTokens === asked.genTokens);
    if (!hit) throw badInput(`--prompt ${asked.promptTokens} --gen ${asked.genTokens}: run ${run.id} measured no such generation (it measured ${list || 'none'})`);
    return { shape: hit, measured };
  }
  const last = measured[measured.length - 1];
  if (!last) throw badInput(`run ${run.id}: no measured generation point to recommend from`);
  return { shape: last, measured };
}

/**
 * The batch table of a generation run: per precision × provider, the batch with the most tokens/s in total whose
 * ITL p99 meets the SLO (recommendBatchSize over the points of the shape, each point's latency its ITL and its
 * throughput its tokens/s), the explanations in those terms.
 */
function generationBatch(run: RunRecord, shape: GenerationShape, sloMs: number, filter: { precision?: Precision; provider?: ProviderId }): BatchRecommendation {
  const points = generationPointsOf(run)
    .filter((p) => p.generation.promptTokens === shape.promptTokens && p.generation.genTokens === shape.genTokens)
    .map((p) => ({ ...p, stats: { ...p.stats, meanMs: p.generationStats.itl.meanMs, p99Ms: p.generationStats.itl.p99Ms, throughput: p.generationStats.tokensPerSecondTotal } }));
  const batch = recommendBatchSize({ ...run, points }, sloMs, filter);
  const words = (s: string) => s.replace(/samples\/s/g, 'tokens/s').replace(/\bp99\b/g, 'ITL p99').replace(/per sample/g, 'per token').replace(/mean latency/g, 'mean ITL');
  return { ...batch, explanation: words(batch.explanation), groups: batch.groups.map((g) => ({ ...g, explanation: words(g.explanation), notes: g.notes.map(words) })) };
}

function sourcePoints(run: RunRecord, shape: GenerationShape, precision: Precision, provider: ProviderId): GenerationSourcePoint[] {
  return generationPointsOf(run)
    .filter((p) => p.precision === precision && p.provider === provider && p.generation.promptTokens === shape.promptTokens && p.generation.genTokens === shape.genTokens)
    .filter((p) => p.generationStats.cacheBytesPerToken !== null)
    .map((p) => ({
      batch: p.batch, promptTokens: shape.promptTokens, genTokens: shape.genTokens, ttftMeanMs: p.generationStats.ttft.meanMs, itlMeanMs: p.generationStats.itl.meanMs,
      itlP99Ms: p.generationStats.itl.p99Ms, cacheBytesPerToken: p.generationStats.cacheBytesPerToken as number,
    }))
    .sort((a, b) => a.batch - b.batch);
}

type GenEstimate = Estimate & { generation: InstanceGeneration | null };

/** Generation recommendation from a generation run: pure, given the catalog and this machine's measured rates. */
export function buildGenerationRecommendation(input: GenerationRecommendInput): Recommendation {
  const { run, sloMs, headroom, catalog } = input;
  const { shape, measured } = chooseShape(run, input.shape);
  const qps = input.tokensPerS !== undefined ? input.tokensPerS / shape.genTokens : input.qps;
  const tokensPerS = qps * shape.genTokens;
  const batch = generationBatch(run, shape, sloMs, { precision: input.precision, provider: input.provider });
  const ref = batch.best ?? batch.closest;
  const source = ref ? { precision: ref.precision, provider: ref.provider, model: run.model, points: sourcePoints(run, shape, ref.precision, ref.provider) } : null;
  const estimates = catalog.instances.map((inst) => {
    const { generation, ...est } = estimateInstance(inst, input, shape, qps, source);
    return { ...finish(inst, est, catalog, qps, headroom), ...(generation ? { generation } : {}) };
  });
  const instances = rankInstances(estimates);
  const recommended = instances.find((x) => x.servingCostPer1M !== null && x.meetsSlo === true) ?? null;
  const shapePoints = generationPointsOf(run).filter((p) => p.generation.promptTokens === shape.promptTokens && p.generation.genTokens === shape.genTokens);
  const generation: GenerationTarget = {
    promptTokens: shape.promptTokens, genTokens: shape.genTokens, tokensPerS, shapesMeasured: measured,
    localAnswer: generationSloLine(shapePoints, sloMs), method: GENERATION_PROJECTION_METHOD,
  };
  const rec = recommendationOf(input, {
    qps,
    batch,
    source: source ? { precision: source.precision, provider: source.provider } : null,
    method: GENERATION_PROJECTION_METHOD,
    instances,
    recommended,
    explanation: explainGeneration(recommended, instances, { tokensPerS, headroom, sloMs, shape }),
  });
  return { ...rec, generation };
}

function estimateInstance(inst: CatalogInstance, input: GenerationRecommendInput, shape: GenerationShape, qps: number, source: (GenerationSource & { provider: ProviderId }) | null): GenEstimate {
  const none = (missing: string, needsRuntime: string | null = null): GenEstimate => ({ ...NONE, missing, needsRuntime, generation: null });
  if (source === null || source.points.length === 0) return none('no measured generation point with a KV cache in the run to estimate from');
  const measured = measuredOn(inst, input, shape, source.precision, qps);
  if (measured) return measured;
  const resolved = projectionTarget(inst, input, source.provider, source.precision);
  if ('missing' in resolved) return none(resolved.missing, resolved.needsRuntime);
  const { path, target, rangeTarget, rates, accelerator: acc } = resolved;
  const memoryGb = inst.accelerator_id !== null ? acc?.memory_gb ?? null : inst.memory_gb;
  const all = source.points.map((p) => projectGeneration(source, rates, rangeTarget, p)).filter((x): x is GenerationProjection => x !== null);
  const fits = all.filter((p) => memoryGb === null || p.memoryBytes <= memoryGb * 1e9 * MEMORY_USABLE);
  if (all.length && !fits.length) return none(`weights + KV cache (${((all[0] as GenerationProjection).memoryBytes / 1e9).toFixed(1)} GB at batch ${(all[0] as GenerationProjection).batch}) do not fit ${MEMORY_USABLE * 100}% of its ${memoryGb} GB`);
  const pick = pickGenerationBatch(fits.map((p) => ({ batch: p.batch, throughput: p.requestsPerS.low, itlP99Ms: p.itlP99Ms.high, p })), qps, input.headroom, input.sloMs);
  if (!pick) return none('no measured batch could be projected (no efficiency measured near it)');
  const best = pick.pick.p;
  const notes = [path.flag, target.note, ...best.notes].filter((n): n is string => n !== null);
  if (!pick.meets) notes.push(`the projected ITL p99 (up to ${best.itlP99Ms.high.toPrecision(3)} ms) misses the ${input.sloMs} ms SLO at every measured batch`);
  return {
    ...NONE, basis: 'projected', basisRun: input.run.id, batch: best.batch, throughput: best.requestsPerS.low, throughputHigh: best.requestsPerS.high,
    p99Ms: best.itlP99Ms.high, p99MsLow: best.itlP99Ms.low, meetsSlo: pick.meets, missing: null, overheadBound: best.bound === 'overhead', runtime: path.label, notes,
    generation: { tokensPerS: best.tokensPerS, ttftMs: best.ttftMs, itlP99Ms: best.itlP99Ms, bound: best.bound },
  };
}

/**
 * The batch to serve at: among those whose ITL p99 meets the SLO, the one needing the fewest instances for the
 * target (then the smaller batch: a shorter wait for a batch to fill, a shorter TTFT); when none meets it, the
 * lowest ITL p99, `meets` false. The SLO is per token, so the time to gather a batch counts against TTFT, not ITL.
 */
export function pickGenerationBatch<T extends { batch: number; throughput: number; itlP99Ms: number }>(options: readonly T[], qps: number, headroom: number, sloMs: number): { pick: T; meets: boolean } | null {
  let best: { pick: T; n: number } | null = null;
  let closest: T | null = null;
  for (const o of options) {
    const n = instancesNeeded(qps, headroom, o.throughput);
    if (n === null) continue;
    if (closest === null || o.itlP99Ms < closest.itlP99Ms) closest = o;
    if (o.itlP99Ms <= sloMs && (best === null || n < best.n || (n === best.n && o.batch < best.pick.batch))) best = { pick: o, n };
  }
  if (best) return { pick: best.pick, meets: true };
  return closest ? { pick: closest, meets: false } : null;
}

/** A generation run imported from this instance's hardware, at the same shape and precision: measured numbers. */
function measuredOn(inst: CatalogInstance, input: GenerationRecommendInput, shape: GenerationShape, precision: Precision, qps: number): GenEstimate | null {
  for (const run of [input.run, ...(input.otherRuns ?? [])]) {
    const providers = matchingProviders(run.hardware, inst, input.catalog.accelerators);
    if (providers.length === 0) continue;
    const devices = inst.accelerator_id === null ? 1 : inst.accelerator_count;
    const options = generationPointsOf(run)
      .filter((p) => providers.includes(p.provider) && p.precision === precision && p.generation.promptTokens === shape.promptTokens && p.generation.genTokens === shape.genTokens)
      .map((p) => ({ batch: p.batch, throughput: p.stats.throughput * devices, itlP99Ms: p.generationStats.itl.p99Ms, p }));
    const choice = pickGenerationBatch(options, qps, input.headroom, input.sloMs);
    if (!choice) continue;
    const s = choice.pick.p.generationStats;
    const notes = devices > 1 ? [`measured on one device, × ${devices} devices as independent replicas`] : [];
    if (!choice.meets) notes.push(`its measured ITL p99 misses the ${input.sloMs} ms SLO at every measured batch`);
    const one = (x: number) => ({ low: x, high: x });
    return {
      ...NONE, basis: 'measured', basisRun: run.id, batch: choice.pick.batch, throughput: choice.pick.throughput, throughputHigh: choice.pick.throughput,
      p99Ms: s.itl.p99Ms, p99MsLow: s.itl.p99Ms, meetsSlo: choice.meets, missing: null, runtime: 'as measured', notes,
      generation: { tokensPerS: one(s.tokensPerSecondTotal * devices), ttftMs: one(s.ttft.meanMs), itlP99Ms: one(s.itl.p99Ms), bound: 'measured' },
    };
  }
  return null;
}

