// Reads data/published-throughput.json into what a projection needs to be compared with each row: the catalog
// accelerator, our runtime class, precision, model and batch, and whether the row is like-for-like (same runtime
// class, precision and model as the projection). Pure: the bench script and its unit test share it.
import { z } from 'zod';
import type { CostEstimate } from '../../electron/contract/model';
import type { Precision } from '../../electron/contract/run';
import type { RuntimeClass, Span } from '../../electron/engine/recommend/overheads';
import type { ServingMode } from '../../electron/engine/recommend/serving-mode';

export const publishedRowSchema = z.object({
  accelerator: z.string(),
  model: z.string(),
  scenario: z.string(),
  batch: z.string(),
  precision: z.string(),
  framework: z.string(),
  samples_per_s_per_accelerator: z.number().positive(),
  latency_ms: z.number().nullable(),
  source: z.string(),
  date: z.string(),
  note: z.string(),
});
export type PublishedRow = z.infer<typeof publishedRowSchema>;

export type ModelRef = { family: 'resnet50' } | { family: 'bert'; size: 'base' | 'large'; seq: number };

/** Where the catalog knows the published hardware: a GPU/NPU id, or a CPU id with the vCPUs of one socket and the socket count. */
export type HardwareRef = { acceleratorId: string; kind: 'gpu' | 'npu' } | { acceleratorId: string; kind: 'cpu'; vcpusPerSocket: number; sockets: number };

export type ClassifiedRow = {
  row: PublishedRow;
  hardware: HardwareRef | null;
  model: ModelRef | null;
  /** The runtime we project through; 'other' when the row ran one we have no class for (PyTorch, OpenVINO, Neuron). */
  runtime: RuntimeClass | 'other';
  precision: Precision | null;
  /** A fixed batch, or the best batch up to this size (MLPerf Offline/Server: the harness chose it). */
  batch: { fixed: number } | { upTo: number };
  /** How the row's harness fed the GPU (serving-mode.ts). */
  serving: ServingMode;
  /** The harness fed pre-quantised inputs at the row's precision (NVIDIA's MLPerf harness: INT8 images). */
  inputsAtPrecision: boolean;
  /** Served through shared memory: requests carry no tensor bytes. */
  sharedMemory: boolean;
  /** MLPerf Server: the p99 latency bound its largest Poisson rate is reported under (server-projection.ts); else null. */
  serverBoundMs: number | null;
  /** Share of the padded sequence that holds real tokens when the row ran unpadded (variable-length BERT); else null. */
  tokenFraction: Span | null;
  /** like-for-like: same runtime class, precision and model; model-scaled: BERT-Large from BERT-base; else different. */
  match: 'like-for-like' | 'model-scaled' | 'different';
  /** Why the row is not like-for-like, or what else makes it differ. */
  caveats: string[];
};

/** Published accelerator names → catalog entries (first match wins). CPU servers: cores × 2 threads per socket. */
const HARDWARE: ReadonlyArray<[RegExp, HardwareRef]> = [
  [/\bT4\b/, { acceleratorId: 'nvidia-t4', kind: 'gpu' }],
  [/A100.*(80\s?GB.*PCIe|PCIe.*80\s?GB)/i, { acceleratorId: 'nvidia-a100-80gb-pcie', kind: 'gpu' }],
  [/A100.*80\s?GB/i, { acceleratorId: 'nvidia-a100-80gb-sxm', kind: 'gpu' }],
  [/A100/, { acceleratorId: 'nvidia-a100-40gb-sxm', kind: 'gpu' }],
  [/H100.*PCIe/i, { acceleratorId: 'nvidia-h100-pcie', kind: 'gpu' }],
  [/H100/, { acceleratorId: 'nvidia-h100-sxm', kind: 'gpu' }],
  [/H200/, { acceleratorId: 'nvidia-h200-sxm', kind: 'gpu' }],
  [/\bL40S\b/, { acceleratorId: 'nvidia-l40s', kind: 'gpu' }],
  [/\bL4\b/, { acceleratorId: 'nvidia-l4', kind: 'gpu' }],
  [/\bA10\b/, { acceleratorId: 'nvidia-a10', kind: 'gpu' }],
  [/V100/, { acceleratorId: 'nvidia-v100-sxm2-16gb', kind: 'gpu' }],
  [/Inferentia2/, { acceleratorId: 'aws-inferentia2', kind: 'npu' }],
  // Same microarchitecture as a catalog CPU, per-vCPU figures scaled to the published part's cores.
  [/8480\+/, { acceleratorId: 'intel-xeon-8488c', kind: 'cpu', vcpusPerSocket: 112, sockets: 2 }],
  [/8592\+/, { acceleratorId: 'intel-xeon-8488c', kind: 'cpu', vcpusPerSocket: 128, sockets: 2 }],
  [/w7-2495X/, { acceleratorId: 'intel-xeon-8488c', kind: 'cpu', vcpusPerSocket: 48, sockets: 1 }],
  [/8380\b/, { acceleratorId: 'intel-xeon-8375c', kind: 'cpu', vcpusPerSocket: 80, sockets: 2 }],
];

/**
 * MLPerf Inference's Server-scenario latency bounds, met at the 99th percentile: mlcommons/inference, mlperf.conf
 * ("resnet50.Server.target_latency = 15", "bert.Server.target_latency = 130", "*.Server.target_latency_percentile = 99")
 * and docs/index.md ("Server Scenario Latency Constraint: 15ms" for ResNet50-v1.5, "130ms" for Bert-Large).
 */
export const MLPERF_SERVER_P99_BOUND_MS: Readonly<Record<ModelRef['family'], number>> = { resnet50: 15, bert: 130 };

function modelOf(name: string): ModelRef | null {
  if (/ResNet-50/i.test(name)) return { family: 'resnet50' };
  const bert = /BERT-(base|Large)/i.exec(name);
  if (!bert) return null;
  const seq = /seq(?:uence)?\s*(\d+)/i.exec(name);
  return { family: 'bert', size: (bert[1] ?? '').toLowerCase() === 'base' ? 'base' : 'large', seq: seq ? Number(seq[1]) : 384 };
}

function runtimeOf(framework: string): RuntimeClass | 'other' {
  if (/TensorRT EP/i.test(framework)) return 'tensorrt';
  if (/CUDA EP/i.test(framework)) return 'cuda';
  if (/CPU EP/i.test(framework)) return 'cpu';
  // Native TensorRT: onnxruntime's TensorRT provider matched it on the same model and precision (data/README.md).
  if (/^TensorRT/i.test(framework)) return 'tensorrt';
  return 'other';
}

function precisionOf(text: string): { precision: Precision | null; exact: boolean } {
  if (/^INT8\b/i.test(text)) return { precision: 'int8', exact: true };
  if (/^FP16\b(?!\s*AMP)/i.test(text)) return { precision: 'fp16', exact: true };
  if (/^FP32\b(?!\s*model)/i.test(text)) return { precision: 'fp32', exact: true };
  if (/AMP|BF16|bfloat16|autocast/i.test(text)) return { precision: 'fp16', exact: false };
  if (/FP8/i.test(text)) return { precision: 'int8', exact: false };
  return { precision: 'fp32', exact: false };
}

/**
 * Real tokens per padded position of SQuAD v1.1 windows at a maximum of 384 (question + context, doc stride 128), the
 * work a variable-length engine does: Krell et al., "Efficient sequence packing without cross-contamination"
 * (Graphcore, arXiv 2107.02027, 2021) find padding makes up to half the tokens of common NLP datasets at their usual
 * maximum length; short contexts leave most of a 384-token window as padding while long ones fill whole windows.
 * We take 0.45–0.55 of the 384 positions ("about half"): an estimate, not counted on the dataset here.
 */
export const SQUAD_TOKEN_FRACTION: Span = { low: 0.45, high: 0.55 };

/**
 * A model's work when only `fraction` of its padded positions hold tokens: FLOPs and activations scale with the
 * tokens (attention's quadratic part, a few percent of BERT's FLOPs at 384, is taken as linear), and so do the matrix
 * kernels' outputs; weights do not.
 */
export function unpaddedModel<M extends { parameterBytes: number; cost: Pick<CostEstimate, 'flopsPerSample' | 'bytesPerSample' | 'gemmOutputs'> }>(model: M, fraction: number): M {
  const activations = Math.max(0, model.cost.bytesPerSample - model.parameterBytes);
  const gemmOutputs = model.cost.gemmOutputs?.map((g) => ({ outputs: g.outputs * fraction, flops: g.flops * fraction }));
  return {
    ...model,
    cost: { ...model.cost, flopsPerSample: model.cost.flopsPerSample * fraction, bytesPerSample: model.parameterBytes + activations * fraction, ...(gemmOutputs ? { gemmOutputs } : {}) },
  };
}

/** How the harness of a row fed the GPU: its serving mode, whether inputs came pre-quantised, whether through shared memory. */
export function servingOf(row: Pick<PublishedRow, 'scenario' | 'framework'>, runtime: RuntimeClass | 'other'): { serving: ServingMode; inputsAtPrecision: boolean; sharedMemory: boolean } {
  const nvidiaHarness = /MLPerf/.test(row.scenario) && runtime === 'tensorrt';
  if (/GPU compute only/i.test(row.scenario)) return { serving: 'compute-only', inputsAtPrecision: false, sharedMemory: false };
  if (/Triton/i.test(row.scenario)) return { serving: 'served', inputsAtPrecision: false, sharedMemory: /shared-memory/i.test(row.scenario) };
  // NVIDIA's MLPerf harness keeps batches in flight on several streams for Offline/Server, and feeds INT8 (or FP16)
  // pre-processed data in every scenario (closed/NVIDIA/code/harness, "LWIS" for ResNet-50).
  if (nvidiaHarness && /Offline|Server/i.test(row.scenario)) return { serving: 'pipelined', inputsAtPrecision: true, sharedMemory: false };
  return { serving: 'session', inputsAtPrecision: nvidiaHarness, sharedMemory: false };
}

/** What a published row is, for a projection to be compared with it. */
export function classifyRow(row: PublishedRow): ClassifiedRow {
  const caveats: string[] = [];
  const hardware = HARDWARE.find(([re]) => re.test(row.accelerator))?.[1] ?? null;
  const model = modelOf(row.model);
  const runtime = runtimeOf(row.framework);
  const { precision, exact } = precisionOf(row.precision);
  const n = Number(row.batch);
  const offline = /Offline/i.test(row.scenario);
  const server = /MLPerf/.test(row.scenario) && /Server/i.test(row.scenario) && model !== null;
  // A Server row's batch is the batcher's cap: the harness's gpu_batch_size where the row names it.
  const stated = /gpu_batch_size=(\d+)/.exec(row.batch);
  const batch = Number.isInteger(n) && n > 0 ? { fixed: n } : server && stated ? { upTo: Number(stated[1]) } : { upTo: offline || server ? 256 : 64 };
  if (runtime === 'other') caveats.push(`runtime ${row.framework.split(/[,(]/)[0]?.trim() ?? row.framework} is not an onnxruntime provider`);
  if (!exact) caveats.push(`precision "${row.precision.slice(0, 40)}" is not one we project`);
  if (model?.family === 'bert' && model.size === 'large') caveats.push('BERT-Large: its work scaled from the built-in BERT-base, the efficiency taken at equal tokens per batch');
  if (server) caveats.push(`MLPerf Server: modelled, Poisson arrivals and dynamic batching, the highest rate with p99 ≤ ${MLPERF_SERVER_P99_BOUND_MS[model.family]} ms`);
  if (/MLPerf/.test(row.scenario) && model?.family === 'bert' && /TensorRT/.test(row.framework)) caveats.push('variable-length BERT (no padding to 384): work scaled by the real-token share');
  if (/Triton/i.test(row.scenario)) caveats.push('served end to end through Triton (client, network)');
  if (hardware?.kind === 'npu') caveats.push('needs AWS Neuron: not projected');
  const comparable = hardware !== null && hardware.kind !== 'npu' && model !== null && runtime !== 'other' && exact;
  const match = !comparable ? 'different' : model.family === 'bert' && model.size === 'large' ? 'model-scaled' : 'like-for-like';
  const unpadded = /MLPerf/.test(row.scenario) && model?.family === 'bert' && runtime === 'tensorrt';
  return { row, hardware, model, runtime, precision, batch, ...servingOf(row, runtime), tokenFraction: unpadded ? SQUAD_TOKEN_FRACTION : null,
    serverBoundMs: server ? MLPERF_SERVER_P99_BOUND_MS[model.family] : null, match, caveats };
}
