import type { Span } from './overheads';

/**
 * Streaming multiprocessors per GPU, from NVIDIA's architecture whitepapers and datasheets (Turing TU104 as the T4,
 * Volta GV100, Ampere GA100/GA102, Ada AD102/AD104, Hopper GH100, Blackwell). A GPU not listed gets the span of
 * the table, a catalog gap that widens its range.
 */
export const SM_COUNT: Readonly<Record<string, number>> = {
  'nvidia-t4': 40,
  'nvidia-v100-sxm2-16gb': 80,
  'nvidia-a10g': 80,
  'nvidia-a10': 72,
  'nvidia-l4': 58,
  'nvidia-l40s': 142,
  'nvidia-a100-40gb-sxm': 108,
  'nvidia-a100-80gb-sxm': 108,
  'nvidia-a100-80gb-pcie': 108,
  'nvidia-h100-sxm': 132,
  'nvidia-h100-pcie': 114,
  'nvidia-h200-sxm': 132,
  'nvidia-b200': 148,
  'nvidia-rtx-3090': 82,
  'nvidia-rtx-4090': 128,
  'nvidia-rtx-5090': 170,
  'nvidia-rtx-a6000': 84,
  'nvidia-rtx-6000-ada': 142,
};

/**
 * Output elements one thread block (CTA) of a tiled GEMM/convolution computes, one block per SM at a time: cuBLAS,
 * cuDNN and TensorRT tile the output in blocks from 64×64 to 256×128 (NVIDIA "Matrix Multiplication Background"
 * user's guide, "Tile quantization" and "Wave quantization"; CUTLASS's default tensor-core threadblock shapes), and
 * pick the smaller ones for small problems. We take 128×64, the middle. A kernel with fewer blocks than the GPU has
 * SMs leaves the rest idle.
 */
export const OUTPUTS_PER_TILE = 128 * 64;

export type GemmOutputs = ReadonlyArray<{ outputs: number; flops: number }>;

/** Share of a GPU's SMs one kernel of `outputs` elements keeps busy: its tiles over the SMs, at most 1. */
export function occupancy(outputs: number, sms: number): number {
  if (!(sms > 0) || !(outputs > 0)) return 1;
  return Math.min(1, outputs / OUTPUTS_PER_TILE / sms);
}

/**
 * The model's matrix work at a batch runs at this share of the full-GPU rate: the FLOP-weighted harmonic mean of
 * each kernel's occupancy (a kernel at occupancy u takes 1/u as long as the roofline says). Past one wave the last
 * wave's idle SMs average out over kernels of many sizes, so only under-filled first waves are counted. 1 when the
 * model's record has no per-kernel outputs.
 */
export function occupancyFactor(gemm: GemmOutputs | undefined, batch: number, sms: number): number {
  if (!gemm || gemm.length === 0) return 1;
  let flops = 0;
  let weighted = 0;
  for (const g of gemm) {
    flops += g.flops;
    weighted += g.flops / occupancy(g.outputs * batch, sms);
  }
  return flops > 0 && weighted > 0 ? flops / weighted : 1;
}

/** The SM count of a GPU, the table's span when unknown; `known` false marks the catalog gap. */
export function smCount(acceleratorId: string | null): { span: Span; known: boolean } {
  const n = acceleratorId === null ? undefined : SM_COUNT[acceleratorId];
  if (n !== undefined) return { span: { low: n, high: n }, known: true };
  const all = Object.values(SM_COUNT);
  return { span: { low: Math.min(...all), high: Math.max(...all) }, known: false };
}

/** Occupancy span on a GPU: the fast end at the fewest SMs it may have (they fill sooner), the slow end at the most. */
export function occupancySpan(gemm: GemmOutputs | undefined, batch: number, acceleratorId: string | null): { span: Span; known: boolean } {
  const sms = smCount(acceleratorId);
  return { span: { low: occupancyFactor(gemm, batch, sms.span.high), high: occupancyFactor(gemm, batch, sms.span.low) }, known: sms.known };
}
