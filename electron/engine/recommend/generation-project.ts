import type { ModelInfo } from '../../contract/model';
import type { MachineRates } from '../../contract/recommend';
import type { Precision } from '../../contract/run';
import {
  BANDWIDTH_FRACTION, CROSS_ISA_EFFICIENCY, FRAMEWORK_S_PER_CALL, GEMM_FRACTION_OF_PEAK, KERNELS_PER_NODE, LAUNCH_S_PER_KERNEL, pcieBandwidth, SOURCE_RATE_TOLERANCE,
  SUSTAINED_CLOCK_FRACTION, times, type Span,
} from './overheads';
import { rooflineSeconds, WEIGHT_BYTES_FACTOR } from './project';
import { DERIVED_BANDWIDTH_LOW, type RangeTarget } from './project-range';

/** How a generation point is projected onto a target; it goes into the recommendation's generation method. */
export const GENERATION_PROJECTION_METHOD =
  'Generation projection (PROJECTED, ranges). A decode step of batch B at context c (the mean over the generation, P + N/2) streams the weights once ' +
  '(the FP32 model\'s weight bytes a step reads, × 0.5 for FP16, × 0.25 for INT8) plus B·c·(KV bytes per token, as measured) and does B·2·(weights a ' +
  'step reads) FLOPs: it is memory-bandwidth bound. The prefill of P tokens does B·P times those FLOPs: compute bound. This machine\'s efficiency is ' +
  'the roofline time at the rates measured here (or the rate the model itself reached, where higher) over the measured mean ITL (decode) and mean ' +
  'TTFT (prefill), over the measured batches from half to twice the one projected, less 10%. On the target: roofline at the datasheet peak and ' +
  'memory bandwidth × the runtime\'s reach of them (overheads.ts), divided by that efficiency; GPUs add per call the framework overhead, kernel ' +
  'launches (overlapping compute) and the host↔device copies of the KV cache and logits (the decode loop feeds the cache from host memory each ' +
  'step). ITL p99 keeps the measured p99/mean ratio; tokens/s = B·N / (TTFT + (N − 1)·ITL) per replica, × devices. Attention FLOPs are not ' +
  'counted (a few % at these contexts; the efficiency measured at the same context absorbs them). Low = every input at its slow end.';

/** The model facts a generation projection reads. */
export type GenerationModel = Pick<ModelInfo, 'parameterBytes' | 'parameterCount' | 'cost' | 'nodeCount' | 'outputs'>;

/** A measured generation point of the source group (one precision × provider, one prompt × gen shape). */
export type GenerationSourcePoint = {
  batch: number;
  promptTokens: number;
  genTokens: number;
  ttftMeanMs: number;
  itlMeanMs: number;
  itlP99Ms: number;
  cacheBytesPerToken: number;
};

export type GenerationSource = { precision: Precision; model: GenerationModel; points: readonly GenerationSourcePoint[] };

export type Work = { flops: number; bytes: number };

/**
 * Share of the FP32 weights one decode step reads: the cost estimate counts a Gather (the embedding) only for the
 * rows it reads, so bytesPerSample at batch 1 and one token is about every other weight once.
 */
function streamedShare(model: GenerationModel): number {
  const perStep = model.cost.bytesPerSample > 0 ? model.cost.bytesPerSample : model.parameterBytes;
  return model.parameterBytes > 0 ? Math.min(1, perStep / model.parameterBytes) : 1;
}

export function weightBytesPerStep(model: GenerationModel, precision: Precision): number {
  return model.parameterBytes * streamedShare(model) * WEIGHT_BYTES_FACTOR[precision];
}

/** A multiply-add per weight a step reads, per token. */
export function flopsPerToken(model: GenerationModel): number {
  return 2 * model.parameterCount * streamedShare(model);
}

export function decodeStepWork(model: GenerationModel, precision: Precision, p: Pick<GenerationSourcePoint, 'batch' | 'promptTokens' | 'genTokens' | 'cacheBytesPerToken'>): Work {
  const context = p.promptTokens + p.genTokens / 2;
  return { flops: p.batch * flopsPerToken(model), bytes: weightBytesPerStep(model, precision) + p.batch * context * p.cacheBytesPerToken };
}

export function prefillWork(model: GenerationModel, precision: Precision, p: Pick<GenerationSourcePoint, 'batch' | 'promptTokens' | 'cacheBytesPerToken'>): Work {
  return { flops: p.batch * p.promptTokens * flopsPerToken(model), bytes: weightBytesPerStep(model, precision) + p.batch * p.promptTokens * p.cacheBytesPerToken };
}

/** The vocabulary: the last dimension of the logits output (0 when symbolic). */
function vocabulary(model: GenerationModel): number {
  const logits = model.outputs.find((o) => o.name === 'logits') ?? model.outputs[0];
  const last = logits?.shape[logits.shape.length - 1];
  return typeof last === 'number' && last > 0 ? last : 0;
}

type Efficiencies = { decode: Array<{ batch: number; eff: number }>; prefill: Array<{ batch: number; eff: number }> };

/**
 * This machine's efficiency per measured point: roofline time at the rates measured here over the measured mean.
 * Where the model itself beat the large MatMul or copy (weights partly in cache, pre-packed kernels), its own rate
 * is the ceiling instead, so an efficiency never exceeds 1.
 */
export function sourceEfficiencies(source: GenerationSource, rates: MachineRates): Efficiencies {
  const pts = source.points.filter((p) => p.itlMeanMs > 0 && p.ttftMeanMs > 0);
  const decode = pts.map((p) => ({ p, w: decodeStepWork(source.model, source.precision, p), s: p.itlMeanMs / 1000 }));
  const prefill = pts.map((p) => ({ p, w: prefillWork(source.model, source.precision, p), s: p.ttftMeanMs / 1000 }));
  const all = [...decode, ...prefill];
  const flopsPerS = Math.max(rates.gflops * 1e9, ...all.map((x) => x.w.flops / x.s));
  const bytesPerS = Math.max(rates.gbs * 1e9, ...all.map((x) => x.w.bytes / x.s));
  const eff = (x: { w: Work; s: number }) => Math.min(1, rooflineSeconds(x.w.flops, x.w.bytes, flopsPerS, bytesPerS).t / x.s);
  return { decode: decode.map((x) => ({ batch: x.p.batch, eff: eff(x) })), prefill: prefill.map((x) => ({ batch: x.p.batch, eff: eff(x) })) };
}

/** Efficiency span at a batch: the measured batches from half to twice it, less the rates' own spread. */
function span(effs: ReadonlyArray<{ batch: number; eff: number }>, batch: number, crossIsa: boolean): Span | null {
  const near = effs.filter((x) => x.batch >= batch / 2 && x.batch <= batch * 2);
  if (near.length === 0) return null;
  const values = near.map((x) => x.eff);
  const s = { low: Math.min(...values) * (1 - SOURCE_RATE_TOLERANCE), high: Math.max(...values) };
  return crossIsa ? times(s, CROSS_ISA_EFFICIENCY) : s;
}

export type GenerationProjection = {
  batch: number;
  /** Per target (replicas × devices): generated tokens/s and requests (sequences)/s; low is the pessimistic end. */
  tokensPerS: Span;
  requestsPerS: Span;
  ttftMs: Span;
  itlMs: Span;
  itlP99Ms: Span;
  effDecode: Span;
  effPrefill: Span;
  bound: 'memory' | 'compute' | 'overhead';
  /** Weights + the KV cache at the end of a generation, one replica. */
  memoryBytes: number;
  notes: string[];
};

/** Seconds of a call on the target: serial host work + max(launches, roofline / efficiency). */
type CallTime = { t: Span; compute: Span; floor: Span; bound: 'memory' | 'compute' };

function callTime(work: Work, copyBytes: number, eff: Span, target: RangeTarget, nodeCount: number, notes: string[]): CallTime {
  const clock = (target.acceleratorId !== null ? SUSTAINED_CLOCK_FRACTION[target.acceleratorId] : undefined) ?? { low: 1, high: 1 };
  const gemm = times(GEMM_FRACTION_OF_PEAK[target.runtime], clock);
  const bw = BANDWIDTH_FRACTION[target.runtime];
  const bwLow = target.bandwidthDerived ? bw.low * DERIVED_BANDWIDTH_LOW : bw.low;
  const fast = rooflineSeconds(work.flops, work.bytes, target.flopsPerS * gemm.high, target.bytesPerS * bw.high);
  const slow = rooflineSeconds(work.flops, work.bytes, target.flopsPerS * gemm.low, target.bytesPerS * bwLow);
  const compute = { low: fast.t / eff.high, high: slow.t / eff.low };
  const framework = FRAMEWORK_S_PER_CALL[target.runtime];
  if (target.runtime === 'cpu') {
    // The framework's per-call cost is inside the time measured here: it only floors the projection.
    return { t: { low: Math.max(framework.low, compute.low), high: Math.max(framework.high, compute.high) }, compute, floor: framework, bound: slow.bound };
  }
  const pcie = pcieBandwidth(target.acceleratorId);
  if (!pcie.known && !notes.includes(PCIE_NOTE)) notes.push(PCIE_NOTE);
  const serial = { low: framework.low + copyBytes / pcie.span.high, high: framework.high + copyBytes / pcie.span.low };
  const launches = times(times(KERNELS_PER_NODE[target.runtime], LAUNCH_S_PER_KERNEL[target.runtime]), { low: nodeCount, high: nodeCount });
  return {
    t: { low: serial.low + Math.max(launches.low, compute.low), high: serial.high + Math.max(launches.high, compute.high) },
    compute, floor: { low: serial.low + launches.low, high: serial.high + launches.high }, bound: slow.bound,
  };
}

const PCIE_NOTE = 'PCIe generation not in the catalog: host↔device copies taken from Gen3 to Gen5';

/**
 * Projects a measured generation point (batch, prompt, gen) of this machine onto a target: TTFT, ITL and tokens/s as
 * ranges. Null when the batch has no measured efficiency near it.
 */
export function projectGeneration(source: GenerationSource, rates: MachineRates, target: RangeTarget, at: GenerationSourcePoint): GenerationProjection | null {
  const effs = sourceEfficiencies(source, rates);
  const effDecode = span(effs.decode, at.batch, target.crossIsa);
  const effPrefill = span(effs.prefill, at.batch, target.crossIsa);
  if (effDecode === null || effPrefill === null) return null;
  const notes: string[] = [];
  const logitBytes = 4 * vocabulary(source.model);
  const context = at.promptTokens + at.genTokens / 2;
  // A step feeds the cache in and takes it back out (present.*), plus one token's logits per sequence.
  const stepCopies = at.batch * (2 * context * at.cacheBytesPerToken + logitBytes);
  const prefillCopies = at.batch * at.promptTokens * (at.cacheBytesPerToken + logitBytes);
  const step = callTime(decodeStepWork(source.model, source.precision, at), stepCopies, effDecode, target, source.model.nodeCount, notes);
  const first = callTime(prefillWork(source.model, source.precision, at), prefillCopies, effPrefill, target, source.model.nodeCount, notes);
  const tail = at.itlMeanMs > 0 ? Math.max(1, at.itlP99Ms / at.itlMeanMs) : 1;
  const steps = at.genTokens - 1;
  const genS = { low: first.t.low + steps * step.t.low, high: first.t.high + steps * step.t.high };
  const overhead = step.floor.high >= step.compute.high;
  if (overhead) notes.push(`decode bounded by per-call overheads (${fmtMs(step.floor.low * 1000)}–${fmtMs(step.floor.high * 1000)} ms a step: framework, cache copies, kernel launches), not by memory bandwidth`);
  return {
    batch: at.batch,
    tokensPerS: { low: ((at.batch * at.genTokens) / genS.high) * target.devices, high: ((at.batch * at.genTokens) / genS.low) * target.devices },
    requestsPerS: { low: (at.batch / genS.high) * target.devices, high: (at.batch / genS.low) * target.devices },
    ttftMs: { low: first.t.low * 1000, high: first.t.high * 1000 },
    itlMs: { low: step.t.low * 1000, high: step.t.high * 1000 },
    itlP99Ms: { low: step.t.low * tail * 1000, high: step.t.high * tail * 1000 },
    effDecode,
    effPrefill,
    bound: overhead ? 'overhead' : step.bound,
    memoryBytes: source.model.parameterBytes * WEIGHT_BYTES_FACTOR[source.precision] + at.batch * (at.promptTokens + at.genTokens) * at.cacheBytesPerToken,
    notes,
  };
}

function fmtMs(ms: number): string {
  return ms >= 1 ? ms.toPrecision(3) : ms.toPrecision(2);
}
