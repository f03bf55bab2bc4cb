// Reads data/published-throughput.json into what a projection needs to be compared with each row: the catalog
// accelerator, our runtime class, precision, model and batch, and whether the row is like-for-like (same runtime
// class, precision and model as the projection). Pure: the bench script and its unit test share it.
import { z } from 'zod';
import type { Precision } from '../../electron/contract/run';
import type { RuntimeClass } from '../../electron/engine/recommend/overheads';

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
  hostCopies: boolean;
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

/** What a published row is, for a projection to be compared with it. */
export function classifyRow(row: PublishedRow): ClassifiedRow {
  const caveats: string[] = [];
  const hardware = HARDWARE.find(([re]) => re.test(row.accelerator))?.[1] ?? null;
  const model = modelOf(row.model);
  const runtime = runtimeOf(row.framework);
  const { precision, exact } = precisionOf(row.precision);
  const n = Number(row.batch);
  const offline = /Offline/i.test(row.scenario);
  const batch = Number.isInteger(n) && n > 0 ? { fixed: n } : { upTo: offline ? 256 : 64 };
  if (runtime === 'other') caveats.push(`runtime ${row.framework.split(/[,(]/)[0]?.trim() ?? row.framework} is not an onnxruntime provider`);
  if (!exact) caveats.push(`precision "${row.precision.slice(0, 40)}" is not one we project`);
  if (model?.family === 'bert' && model.size === 'large') caveats.push('BERT-Large: its work scaled from the built-in BERT-base, the efficiency taken at equal tokens per batch');
  if (/Server/i.test(row.scenario)) caveats.push('MLPerf Server: Poisson arrivals under a latency bound, projected as the best batch');
  if (/MLPerf/.test(row.scenario) && model?.family === 'bert' && /TensorRT/.test(row.framework)) caveats.push('variable-length BERT (no padding to 384)');
  if (/Triton/i.test(row.scenario)) caveats.push('served end to end through Triton (client, network)');
  if (hardware?.kind === 'npu') caveats.push('needs AWS Neuron: not projected');
  const comparable = hardware !== null && hardware.kind !== 'npu' && model !== null && runtime !== 'other' && exact;
  const match = !comparable ? 'different' : model.family === 'bert' && model.size === 'large' ? 'model-scaled' : 'like-for-like';
  return { row, hardware, model, runtime, precision, batch, hostCopies: !/GPU compute only/i.test(row.scenario), match, caveats };
}
