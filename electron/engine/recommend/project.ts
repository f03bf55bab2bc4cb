import type { ModelInfo } from '../../contract/model';
import type { BatchPointSummary, MachineRates } from '../../contract/recommend';
import type { Precision } from '../../contract/run';
import type { Catalog, CatalogAccelerator, CatalogInstance } from './catalog';

/**
 * The one method every projection uses; it goes into the recommendation's `method`. Roofline model (Williams,
 * Waterman, Patterson, "Roofline: an insightful visual performance model for multicore architectures", CACM 52(4),
 * 2009): a batch needs at least max(F/P, B/BW) seconds.
 */
export const PROJECTION_METHOD =
  'Roofline projection (Williams, Waterman & Patterson, CACM 2009). Source: this run, t_ideal(src) = max(F/P, B/BW) with P and BW ' +
  'the rates MEASURED here through onnxruntime at the source precision (large MatMul GFLOP/s — for INT8 a DynamicQuantizeMatMul, GOP/s —, large copy GB/s), efficiency eff = t_ideal(src)/t_measured ' +
  '(mean batch latency), capped at 1 (a point over 1.25 is not projected: its data sat in cache or overhead dominates). Target: t_ideal(tgt) from the catalog DATASHEET peaks at that precision (GPU/NPU per device; CPU instance = ' +
  'fp32 GFLOP/s per vCPU × vCPUs, or for FP16/INT8 the socket peak × vCPUs/vCPUs-per-socket, and the socket memory bandwidth × vCPUs/vCPUs-per-socket), t_target = t_ideal(tgt)/eff, ' +
  'p99 scaled by the same factor, throughput = b/t_target × accelerator count. F = flopsPerSample·b; B = weights once + ' +
  'activations·b, where weights = parameterBytes (× 0.5 for FP16, × 0.25 for INT8) and activations = bytesPerSample − parameterBytes of the FP32 model (on the source, weights that fit the CPU’s last-level cache are not counted against its DRAM bandwidth). ' +
  'Projected numbers are estimates, never measurements.';

export type SourceGroup = {
  runId: string;
  precision: Precision;
  points: readonly BatchPointSummary[];
  model: Pick<ModelInfo, 'parameterBytes' | 'cost'>;
  /** The source CPU's last-level cache: weights that fit stay there between runs, off the DRAM roofline. */
  cacheBytes?: number | null;
};

export type TargetRates = { flopsPerS: number; bytesPerS: number; devices: number; note: string | null };

const PEAK_KEY: Record<Precision, 'fp32' | 'fp16' | 'int8_tops'> = { fp32: 'fp32', fp16: 'fp16', int8: 'int8_tops' };

export function rooflineSeconds(flops: number, bytes: number, flopsPerS: number, bytesPerS: number): { t: number; bound: 'compute' | 'memory' } {
  const tc = flops / flopsPerS;
  const tm = bytes / bytesPerS;
  return tc >= tm ? { t: tc, bound: 'compute' } : { t: tm, bound: 'memory' };
}

/**
 * Bytes per FP32 weight byte in each variant: the FP16 converter halves every float weight, the INT8 one stores
 * MatMul/Gemm weights as int8 (a quarter). An approximation for INT8: weights it leaves in float (Conv without
 * calibration, norms, embeddings) are counted as a quarter too.
 */
export const WEIGHT_BYTES_FACTOR: Record<Precision, number> = { fp32: 1, fp16: 0.5, int8: 0.25 };

/** FLOPs and bytes of one batch from the FP32 model's batch-1 cost estimate, weights scaled to the variant's precision. */
export function batchWork(model: SourceGroup['model'], batch: number, precision: Precision = 'fp32'): { flops: number; bytes: number } {
  const weights = Math.min(model.parameterBytes, model.cost.bytesPerSample) * WEIGHT_BYTES_FACTOR[precision];
  const activations = Math.max(0, model.cost.bytesPerSample - Math.min(model.parameterBytes, model.cost.bytesPerSample));
  return { flops: model.cost.flopsPerSample * batch, bytes: weights + activations * batch };
}

/** The peak rates of an instance at a precision from the catalog, or why they cannot be had. */
export function targetRates(instance: CatalogInstance, catalog: Catalog, precision: Precision): TargetRates | { missing: string } {
  const key = PEAK_KEY[precision];
  if (instance.accelerator_id !== null) {
    const acc = catalog.accelerators.get(instance.accelerator_id);
    if (!acc) return { missing: `accelerator ${instance.accelerator_id} is not in the catalog` };
    const peak = acc.peak_tflops[key];
    const lacks = [peak === null ? `${precision} peak` : null, acc.memory_bandwidth_gbs === null ? 'memory bandwidth' : null].filter((x) => x !== null);
    if (lacks.length || peak === null || acc.memory_bandwidth_gbs === null) return { missing: `no published ${lacks.join(' or ')} for the ${shortName(acc)}` };
    return { flopsPerS: peak * 1e12, bytesPerS: acc.memory_bandwidth_gbs * 1e9, devices: instance.accelerator_count, note: null };
  }
  if (!instance.cpu_id) return { missing: `the catalog names no CPU model for ${instance.id}, so it has no peak rates` };
  const cpu = catalog.accelerators.get(instance.cpu_id);
  if (!cpu) return { missing: `CPU ${instance.cpu_id} is not in the catalog` };
  const detail = cpu.cpu_detail;
  if (!detail) return { missing: `no per-vCPU figures (cpu_detail) for the ${shortName(cpu)}` };
  if (cpu.memory_bandwidth_gbs === null) return { missing: `no published memory bandwidth for the ${shortName(cpu)}` };
  const share = Math.min(1, instance.vcpus / detail.vcpus_per_socket);
  const socketPeak = cpu.peak_tflops[key];
  let flopsPerS: number;
  if (precision === 'fp32') flopsPerS = detail.fp32_gflops_per_vcpu * instance.vcpus * 1e9;
  else if (socketPeak !== null) flopsPerS = socketPeak * 1e12 * share;
  else return { missing: `no published ${precision} peak for the ${shortName(cpu)}` };
  return {
    flopsPerS,
    bytesPerS: cpu.memory_bandwidth_gbs * 1e9 * share,
    devices: 1,
    note: `memory bandwidth taken as ${instance.vcpus}/${detail.vcpus_per_socket} of the socket's ${cpu.memory_bandwidth_gbs} GB/s (a derived share, not a datasheet figure)`,
  };
}

function shortName(acc: CatalogAccelerator): string {
  return acc.name.split(/\s+\(/)[0] ?? acc.name;
}

/**
 * A source point up to this much faster than its roofline at the measured rates is taken as measurement noise and
 * capped at eff = 1; a point faster still did not stream its data from memory here (it sat in cache) or is all
 * per-call overhead, and the roofline cannot say how it scales, so it is not projected.
 */
export const EFFICIENCY_TOLERANCE = 1.25;

/**
 * The source point's roofline time at the rates measured here. Weights that fit the source CPU's last-level cache
 * are read from it, not from DRAM, on every run after the first: counting them against the measured DRAM bandwidth
 * would put the roofline above what was measured.
 */
export function sourceRoofline(source: SourceGroup, batch: number, rates: MachineRates): { t: number; bound: 'compute' | 'memory' } {
  const { flops, bytes } = batchWork(source.model, batch, source.precision);
  const weights = batchWork(source.model, 0, source.precision).bytes;
  const cached = source.cacheBytes != null && weights <= source.cacheBytes;
  return rooflineSeconds(flops, cached ? bytes - weights : bytes, rates.gflops * 1e9, rates.gbs * 1e9);
}
