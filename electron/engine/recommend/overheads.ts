/**
 * Every constant the projection uses beyond the catalog's datasheet peaks, with where it comes from. Each is a
 * range [low, high]: the projection's low (pessimistic) end takes the slow side of every range, the high end the
 * fast side. They are engineering ranges from the sources named, not fits to published-throughput.json (that file
 * is what `npm run bench:projection` checks them against).
 */
export type Span = { readonly low: number; readonly high: number };

/** The runtime a projection assumes on the target: onnxruntime's CPU, CUDA or TensorRT provider. */
export type RuntimeClass = 'cpu' | 'cuda' | 'tensorrt';

/**
 * Fraction of the datasheet peak a large GEMM reaches through the runtime's math library, at the projected
 * precision. The source machine's efficiency (model time vs the large MatMul measured HERE) is applied on top.
 * - cpu: MLAS/oneDNN SGEMM reach 70–90% of the AVX2/AVX-512 FMA peak on server cores (oneDNN performance guide;
 *   the catalog's CPU peak assumes the all-core base clock, so turbo can put a GEMM at or past 1.0); 0.6 leaves
 *   room for the derived per-vCPU share of a socket.
 * - cuda: cuBLAS FP16 tensor-core GEMMs reach 50–80% of the dense datasheet peak on A100/H100 (NVIDIA cuBLAS
 *   performance notes; "Dissecting the Ampere GPU architecture via microbenchmarking", GTC 2021), less on the
 *   70 W T4, which power-throttles under sustained tensor load; onnxruntime's CUDA provider runs every non-GEMM
 *   node as its own unfused kernel: 0.52–0.62× TensorRT end to end on BERT-Large (NVIDIA Triton BERT tables, in
 *   shared/data/README.md). Together: 0.25–0.6.
 * - tensorrt: fused kernels and INT8/FP16 tactics chosen per layer; MLPerf ResNet-50 INT8 runs at 38–55% of the
 *   dense INT8 peak (T4, A100; MLPerf Inference v3.0 closed) and TensorRT's own GEMMs at up to ~85%: 0.35–0.85.
 */
export const GEMM_FRACTION_OF_PEAK: Record<RuntimeClass, Span> = {
  cpu: { low: 0.6, high: 1.0 },
  cuda: { low: 0.25, high: 0.6 },
  tensorrt: { low: 0.35, high: 0.85 },
};

/**
 * Fraction of the datasheet memory bandwidth a streaming kernel reaches: 80–92% on HBM/GDDR GPUs (NVIDIA
 * bandwidthTest / BabelStream results), 60–85% on server CPU sockets (STREAM triad vs theoretical DDR5 peak).
 */
export const BANDWIDTH_FRACTION: Record<RuntimeClass, Span> = {
  cpu: { low: 0.6, high: 0.85 },
  cuda: { low: 0.8, high: 0.92 },
  tensorrt: { low: 0.8, high: 0.92 },
};

/**
 * Share of the model's activation bytes (every node's inputs and outputs, as the cost estimate counts them at FP32)
 * that reaches device memory. The CPU projection keeps them all: this machine's efficiency already prices its own
 * caches and fusions. onnxruntime's CUDA provider fuses Conv+Add+activation and the transformer optimiser's
 * attention/LayerNorm kernels (onnxruntime docs, "Graph optimizations"); TensorRT folds normalisations and
 * elementwise epilogues into the convolution/GEMM kernels and keeps small tensors in L2 (TensorRT developer guide,
 * "Layer fusion"), so only the GEMM/conv operands stream.
 */
export const ACTIVATION_TRAFFIC: Record<RuntimeClass, Span> = {
  cpu: { low: 1, high: 1 },
  cuda: { low: 0.4, high: 0.8 },
  tensorrt: { low: 0.15, high: 0.4 },
};

/** Bytes per FP32 activation byte at the deployed precision on a GPU (FP16 and INT8 engines keep activations in it). */
export const ACTIVATION_BYTES_FACTOR = { fp32: 1, fp16: 0.5, int8: 0.25 } as const;

/**
 * Seconds per kernel launch when kernels are too small to hide it: CUDA launches cost ~3–4 µs back to back
 * and ~10 µs with a synchronisation (NVIDIA developer blog, "Getting Started with CUDA Graphs", A. Gray, 2019);
 * onnxruntime's CUDA provider adds its per-node dispatch on the host. CPU providers have no launch.
 */
export const LAUNCH_S_PER_KERNEL: Record<RuntimeClass, Span> = {
  cpu: { low: 0, high: 0 },
  cuda: { low: 4e-6, high: 10e-6 },
  tensorrt: { low: 3e-6, high: 6e-6 },
};

/**
 * Kernels per ONNX node: the CUDA provider launches at least one per node; TensorRT fuses Conv+bias+activation,
 * elementwise chains and attention blocks into layers (NVIDIA TensorRT developer guide, "Layer fusion"), leaving
 * roughly a quarter to a half as many kernels.
 */
export const KERNELS_PER_NODE: Record<RuntimeClass, Span> = {
  cpu: { low: 0, high: 0 },
  cuda: { low: 1, high: 1.5 },
  tensorrt: { low: 0.25, high: 0.5 },
};

/**
 * Seconds of framework overhead per inference call: onnxruntime-node's session.run from JavaScript (input
 * wrapping, output allocation) is 10–50 µs on the CPU provider (this project's `npm run bench:overhead` measures
 * it against a bare loop); a GPU provider adds a stream synchronisation and output allocation, 30–150 µs.
 */
export const FRAMEWORK_S_PER_CALL: Record<RuntimeClass, Span> = {
  cpu: { low: 10e-6, high: 50e-6 },
  cuda: { low: 30e-6, high: 150e-6 },
  tensorrt: { low: 30e-6, high: 150e-6 },
};

/**
 * Host↔device copy bandwidth by PCIe generation (x16), bytes/s: the PCI-SIG line rate per direction is 15.8 (Gen3),
 * 31.5 (Gen4), 63 GB/s (Gen5); pinned copies reach ~80% of it (NVIDIA bandwidthTest), pageable copies from a
 * JavaScript buffer about half.
 */
export const PCIE_BYTES_PER_S: Record<3 | 4 | 5, Span> = {
  3: { low: 6e9, high: 12.5e9 },
  4: { low: 12e9, high: 25e9 },
  5: { low: 24e9, high: 50e9 },
};

/** The host link of each catalog GPU (vendor datasheets); a GPU not listed gets Gen3 to Gen5, a catalog gap. */
export const PCIE_GENERATION: Readonly<Record<string, 3 | 4 | 5>> = {
  'nvidia-t4': 3,
  'nvidia-v100-sxm2-16gb': 3,
  'nvidia-a10g': 4,
  'nvidia-a10': 4,
  'nvidia-l4': 4,
  'nvidia-l40s': 4,
  'nvidia-a100-40gb-sxm': 4,
  'nvidia-a100-80gb-sxm': 4,
  'nvidia-a100-80gb-pcie': 4,
  'nvidia-rtx-3090': 4,
  'nvidia-rtx-4090': 4,
  'nvidia-rtx-a6000': 4,
  'nvidia-rtx-6000-ada': 4,
  'nvidia-h100-sxm': 5,
  'nvidia-h100-pcie': 5,
  'nvidia-h200-sxm': 5,
  'nvidia-b200': 5,
  'nvidia-rtx-5090': 5,
};

/**
 * Power-capped cards run their tensor cores below the boost clock the datasheet peak assumes. A factor on the
 * compute peak; GPUs not listed get 1.
 * - nvidia-t4: the 70 W T4 is rated at 1,590 MHz boost but holds roughly 1.0–1.3 GHz under sustained tensor load
 *   (NVIDIA T4 datasheet; the clock nvidia-smi reports under load).
 * - nvidia-h100-pcie: the datasheet's 1,513 dense INT8 TOPS (756.5 FP16) are 114 SMs × 8,192 INT8 ops per SM per
 *   clock (4,096 FP16, as 989.4 TFLOPS = 132 SMs × 4,096 × 1.83 GHz on the SXM) at 1,620 MHz. One sourced observation
 *   of the 350 W card under sustained load: "H100 PCIe — avg clock 1384 MHz, P95 1560 MHz (boost 1755 MHz)",
 *   power-capped and thermal-limited, in a server its authors say was not designed for it (reanimator/bee,
 *   bible-local/docs/benchmark-clock-calibration.md, https://git.mchus.pro/reanimator/bee, observations of
 *   2026-04-06). 1,384/1,620 = 0.854 is the slow end; the fast end keeps the datasheet clock (1.0), since a
 *   well-cooled card may hold it. The weakest constant of this file: one card, one server.
 */
export const SUSTAINED_CLOCK_FRACTION: Readonly<Record<string, Span>> = {
  'nvidia-t4': { low: 0.63, high: 0.82 },
  'nvidia-h100-pcie': { low: 0.854, high: 1 },
};

/** Host↔device bandwidth for a GPU, widest (Gen3 low to Gen5 high) when the catalog does not say. */
export function pcieBandwidth(acceleratorId: string | null): { span: Span; known: boolean } {
  const gen = acceleratorId === null ? undefined : PCIE_GENERATION[acceleratorId];
  if (gen !== undefined) return { span: PCIE_BYTES_PER_S[gen], known: true };
  return { span: { low: PCIE_BYTES_PER_S[3].low, high: PCIE_BYTES_PER_S[5].high }, known: false };
}

/**
 * How far this machine's efficiency is trusted on another machine, as a factor on the efficiency: 1 on a CPU of
 * the same ISA family; an x86 run projected onto an Arm CPU (different SIMD kernels in MLAS) is given 0.6–1.
 */
export const CROSS_ISA_EFFICIENCY: Span = { low: 0.6, high: 1 };

/** The rates measured here are the fastest of a few runs; a model point may have met a slower machine: ±10%. */
export const SOURCE_RATE_TOLERANCE = 0.1;

/** Spans multiply end to end: [a·c, b·d]. */
export function times(a: Span, b: Span): Span {
  return { low: a.low * b.low, high: a.high * b.high };
}
