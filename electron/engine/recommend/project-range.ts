import type { ModelInfo, TensorInfo } from '../../contract/model';
import type { BatchPointSummary, MachineRates } from '../../contract/recommend';
import type { Precision } from '../../contract/run';
import {
  ACTIVATION_BYTES_FACTOR, ACTIVATION_TRAFFIC, BANDWIDTH_FRACTION, CROSS_ISA_EFFICIENCY, FRAMEWORK_S_PER_CALL, GEMM_FRACTION_OF_PEAK, KERNELS_PER_NODE, LAUNCH_S_PER_KERNEL,
  pcieBandwidth, SOURCE_RATE_TOLERANCE, SUSTAINED_CLOCK_FRACTION, times, type RuntimeClass, type Span,
} from './overheads';
import { pickServingBatch } from './cost';
import { occupancySpan } from './gpu-occupancy';
import { batchSeconds, servingSeconds, type ServingMode } from './serving-mode';
import { batchWork, EFFICIENCY_TOLERANCE, rooflineSeconds, sourceRoofline, type SourceGroup } from './project';

/**
 * Range projection: a measured point here → a [low, high] throughput on a target, low taking the slow end of every
 * input (this machine's efficiency over the batches near the one projected, the runtime's reach of its datasheet
 * peak, launches, copies, framework overhead; see overheads.ts for each constant and its source), high the fast
 * end. On a GPU a batch costs framework + host↔device copies + max(kernel launches, roofline time / efficiency):
 * launches overlap execution, but a tiny model cannot run faster than it can launch its kernels.
 */
export const RANGE_METHOD =
  'Each projected figure is a range. Compute: roofline max(F/P, B/BW) at the target\'s datasheet peaks × the fraction a large GEMM/stream ' +
  'reaches through the runtime (overheads.ts; on a GPU only the share of activation bytes its fusions leave in device memory, at the deployed ' +
  'precision), divided by this machine\'s efficiency (model time vs the large MatMul/copy measured here, or the ' +
  'model\'s own best FLOP rate where it beat that MatMul) over ' +
  'the measured batches from half to twice the projected one, less 10% for the rates\' own spread. GPUs add a floor: framework overhead per ' +
  'call + input/output bytes over PCIe + max(kernels × launch time, compute), compute divided by the share of SMs a kernel\'s tiles fill at ' +
  'that batch (gpu-occupancy.ts). Low = every input at its slow end; ranking uses the low end.';

export type RangeModel = SourceGroup['model'] & Pick<ModelInfo, 'nodeCount' | 'inputs' | 'outputs'>;
export type RangeSource = Omit<SourceGroup, 'model'> & { model: RangeModel };

export type RangeTarget = {
  flopsPerS: number;
  bytesPerS: number;
  devices: number;
  runtime: RuntimeClass;
  acceleratorId: string | null;
  crossIsa: boolean;
  /** The target's memory bandwidth is a derived share, not a datasheet figure: its slow end is widened. */
  bandwidthDerived: boolean;
};

export type RangeOptions = {
  /** The precision deployed on the target (its peak); the source's by default. */
  precision?: Precision;
  /** How batches reach the GPU (serving-mode.ts); 'session', one session.run after another, by default. */
  serving?: ServingMode;
  /** The inputs are fed at the deployed precision (a harness that pre-quantises them), not as the model's float inputs. */
  inputsAtPrecision?: boolean;
  /** Served through shared memory: the request carries no tensor bytes. */
  sharedMemory?: boolean;
  /** This machine's efficiency span when it comes from another model's run (a larger member of the same family). */
  efficiency?: Span;
};

export type RangeProjection = {
  batch: number;
  /** Inferences/s for the whole target (× devices); low is the pessimistic end. */
  throughput: Span;
  batchMs: Span;
  p99Ms: Span;
  efficiency: Span;
  /** Framework + copies + launches for one batch: what no amount of compute speed removes. */
  floorMs: Span;
  computeMs: Span;
  bound: 'compute' | 'memory' | 'overhead';
  notes: string[];
};

/** A derived bandwidth share is given this much less at the slow end (a catalog gap, not a datasheet figure). */
export const DERIVED_BANDWIDTH_LOW = 0.8;

const ELEM_BYTES: Readonly<Record<string, number>> = { float32: 4, float16: 2, bfloat16: 2, int64: 8, int32: 4, int16: 2, int8: 1, uint8: 1, bool: 1, float64: 8, uint16: 2 };

/** Bytes per sample of a set of tensors: symbolic or unknown dims (the batch axis) count as 1. */
export function tensorBytesPerSample(tensors: readonly TensorInfo[]): number {
  return tensors.reduce((sum, t) => sum + t.shape.reduce<number>((n, d) => n * (typeof d === 'number' && d > 0 ? d : 1), 1) * (ELEM_BYTES[t.elemType] ?? 4), 0);
}

/**
 * Input bytes per sample; at a deployed precision (a harness feeding pre-quantised data) float inputs take that
 * precision's size, integer inputs (token ids) keep theirs.
 */
export function inputBytesPerSample(inputs: readonly TensorInfo[], precision: Precision | null): number {
  const deployed = precision === null ? null : { fp32: 'float32', fp16: 'float16', int8: 'int8' }[precision];
  return tensorBytesPerSample(inputs.map((t) => (deployed !== null && /^(float|bfloat)/.test(t.elemType) ? { ...t, elemType: deployed } : t)));
}

/**
 * The compute ceiling to measure efficiency against: the large MatMul's rate, or the model's own best FLOP rate when
 * a point beat it (onnxruntime's convolutions and MatMuls with constant, pre-packed weights can outrun the MatMul of
 * two inputs that machine-rates.ts times) — what this machine was seen to reach is a lower bound on its ceiling.
 */
export function effectiveRates(source: Pick<RangeSource, 'points' | 'model'>, rates: MachineRates): MachineRates {
  const best = Math.max(0, ...source.points.filter((p) => p.meanMs > 0).map((p) => (source.model.cost.flopsPerSample * p.batch) / (p.meanMs / 1000) / 1e9));
  return best > rates.gflops ? { ...rates, gflops: best } : rates;
}

/** This machine's efficiency at each measured batch (points faster than their roofline beyond the tolerance left out). */
export function sourceEfficiencies(source: RangeSource, measuredRates: MachineRates): Array<{ point: BatchPointSummary; efficiency: number }> {
  const rates = effectiveRates(source, measuredRates);
  return source.points
    .filter((p) => p.meanMs > 0)
    .map((p) => ({ point: p, efficiency: sourceRoofline(source, p.batch, rates).t / (p.meanMs / 1000) }))
    .filter((x) => x.efficiency <= EFFICIENCY_TOLERANCE)
    .map((x) => ({ ...x, efficiency: Math.min(1, x.efficiency) }));
}

/** Efficiency span at a batch: the measured batches from half to twice it (the nearest measured one when none). */
export function efficiencySpan(effs: ReadonlyArray<{ point: BatchPointSummary; efficiency: number }>, batch: number, crossIsa: boolean): Span | null {
  if (effs.length === 0) return null;
  let near = effs.filter((x) => x.point.batch >= batch / 2 && x.point.batch <= batch * 2);
  if (near.length === 0) {
    const nearest = effs.reduce((a, b) => (Math.abs(Math.log(b.point.batch / batch)) < Math.abs(Math.log(a.point.batch / batch)) ? b : a));
    near = [nearest];
  }
  const values = near.map((x) => x.efficiency);
  const span = { low: Math.min(...values) * (1 - SOURCE_RATE_TOLERANCE), high: Math.max(...values) };
  return crossIsa ? times(span, CROSS_ISA_EFFICIENCY) : span;
}

/**
 * Projects this machine's run onto a target at `batch` (a measured batch, or any batch for a what-if: the
 * efficiency then comes from the nearest measured ones). Null when no measured point can be scaled.
 */
export function projectRange(source: RangeSource, rates: MachineRates, target: RangeTarget, batch: number, options: RangeOptions = {}): RangeProjection | null {
  const eff = options.efficiency ?? efficiencySpan(sourceEfficiencies(source, rates), batch, target.crossIsa);
  if (eff === null) return null;
  const notes: string[] = [];
  const precision = options.precision ?? source.precision;
  const { flops, bytes } = batchWork(source.model, batch, precision);
  const gpu = target.runtime !== 'cpu';
  const weights = batchWork(source.model, 0, precision).bytes;
  const traffic = times(ACTIVATION_TRAFFIC[target.runtime], gpu ? { low: ACTIVATION_BYTES_FACTOR[precision], high: ACTIVATION_BYTES_FACTOR[precision] } : { low: 1, high: 1 });
  const clock = (target.acceleratorId !== null ? SUSTAINED_CLOCK_FRACTION[target.acceleratorId] : undefined) ?? { low: 1, high: 1 };
  const gemm = times(GEMM_FRACTION_OF_PEAK[target.runtime], clock);
  const bw = BANDWIDTH_FRACTION[target.runtime];
  const bwLow = target.bandwidthDerived ? bw.low * DERIVED_BANDWIDTH_LOW : bw.low;
  // Under-filled kernels leave SMs idle: the FLOP rate scales with the share busy, the DRAM stream does not.
  const occ = gpu ? occupancySpan(source.model.cost.gemmOutputs, batch, target.acceleratorId) : { span: { low: 1, high: 1 }, known: true };
  if (!occ.known) notes.push('SM count not in the catalog: GPU occupancy at this batch taken over the known GPUs\' range');
  if (gpu && !source.model.cost.gemmOutputs) notes.push('the run\'s model record has no per-kernel output sizes (made before they were recorded): GPU occupancy at small batches not modelled');
  const fast = rooflineSeconds(flops, weights + (bytes - weights) * traffic.low, target.flopsPerS * gemm.high * occ.span.high, target.bytesPerS * bw.high);
  const slow = rooflineSeconds(flops, weights + (bytes - weights) * traffic.high, target.flopsPerS * gemm.low * occ.span.low, target.bytesPerS * bwLow);
  const compute = { low: fast.t / eff.high, high: slow.t / eff.low };

  const mode: ServingMode = options.serving ?? 'session';
  const framework = mode === 'compute-only' ? { low: 0, high: 0 } : FRAMEWORK_S_PER_CALL[target.runtime];
  const kernels = times(KERNELS_PER_NODE[target.runtime], { low: source.model.nodeCount, high: source.model.nodeCount });
  const launches = times(kernels, LAUNCH_S_PER_KERNEL[target.runtime]);
  const inputBytes = inputBytesPerSample(source.model.inputs, options.inputsAtPrecision === true ? precision : null) * batch;
  const ioBytes = inputBytes + tensorBytesPerSample(source.model.outputs) * batch;
  let copies = { low: 0, high: 0 };
  if (gpu && mode !== 'compute-only') {
    const pcie = pcieBandwidth(target.acceleratorId);
    if (!pcie.known) notes.push('PCIe generation not in the catalog: host↔device copies taken from Gen3 to Gen5');
    copies = { low: ioBytes / pcie.span.high, high: ioBytes / pcie.span.low };
  }
  const serving = servingSeconds(mode, options.sharedMemory === true ? 0 : ioBytes);
  // CPU: the framework's per-call cost is inside the measured time already, so it only floors the projection.
  const { t, floor } = gpu
    ? batchSeconds({ framework, copies, launches, compute, serving }, mode)
    : { t: { low: Math.max(framework.low, compute.low), high: Math.max(framework.high, compute.high) }, floor: framework };
  const overheadBound = floor.high >= compute.high;
  if (overheadBound) notes.push(`bounded by per-call overheads (${fmtMs(floor.low * 1000)}–${fmtMs(floor.high * 1000)} ms a batch: framework, copies, kernel launches), not by the roofline`);
  if (gpu && occ.span.low < 0.95) notes.push(`at batch ${batch} the matrix kernels fill ${sharePercent(occ.span.low)}% of the GPU's SMs (FLOP-weighted): compute scaled by that share`);

  const at = source.points.find((p) => p.batch === batch);
  const tail = at && at.meanMs > 0 ? Math.max(1, at.p99Ms / at.meanMs) : 1;
  if (!at) notes.push(`batch ${batch} was not measured here: efficiency from the nearest measured batches`);
  return {
    batch,
    throughput: { low: (batch / t.high) * target.devices, high: (batch / t.low) * target.devices },
    batchMs: { low: t.low * 1000, high: t.high * 1000 },
    p99Ms: { low: t.low * tail * 1000, high: t.high * tail * 1000 },
    efficiency: eff,
    floorMs: { low: floor.low * 1000, high: floor.high * 1000 },
    computeMs: { low: compute.low * 1000, high: compute.high * 1000 },
    bound: overheadBound ? 'overhead' : slow.bound,
    notes,
  };
}

/**
 * The batch to serve at on a target, on the pessimistic end of every range: with a target QPS, the one needing the
 * fewest instances whose gather time plus p99 stays within the SLO (cost.ts, pickServingBatch); without, the
 * highest throughput whose p99 meets it. When none does, the lowest latency (`meetsSlo` false).
 */
export function projectRangeBest(
  source: RangeSource, rates: MachineRates, target: RangeTarget, sloMs: number, serving?: { qps: number; headroom: number },
): (RangeProjection & { meetsSlo: boolean }) | null {
  const all = source.points.map((p) => projectRange(source, rates, target, p.batch)).filter((x): x is RangeProjection => x !== null);
  if (all.length === 0) return null;
  if (serving) {
    const choice = pickServingBatch(all.map((p) => ({ batch: p.batch, throughput: p.throughput.low, p99Ms: p.p99Ms.high, p })), serving.qps, serving.headroom, sloMs);
    return choice ? { ...choice.pick.p, meetsSlo: choice.meets } : null;
  }
  let best: RangeProjection | null = null;
  for (const p of all) if (p.p99Ms.high <= sloMs && (best === null || p.throughput.low > best.throughput.low)) best = p;
  if (best) return { ...best, meetsSlo: true };
  const closest = all.reduce((a, b) => (b.p99Ms.high < a.p99Ms.high ? b : a));
  return { ...closest, meetsSlo: false };
}

function fmtMs(ms: number): string {
  return ms >= 1 ? ms.toPrecision(3) : ms.toPrecision(2);
}

/** A share as a percent that never rounds a small non-zero share to "0". */
function sharePercent(share: number): string {
  const pct = share * 100;
  return pct >= 10 ? pct.toFixed(0) : pct.toPrecision(2);
}
