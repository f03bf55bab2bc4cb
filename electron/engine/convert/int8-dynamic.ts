// INT8 dynamic quantization: MatMul and Gemm with a constant weight become com.microsoft:DynamicQuantizeMatMul
// (symmetric weights stored in the model, activations quantized to uint8 at run time). The weights are stored as int8
// (u8s8 kernels) or uint8 with zero point 128 (u8u8 kernels), whichever cannot saturate on the target CPU
// (hardware/int8-path.ts). A constant bias Add after a MatMul, and Gemm's C, are folded into the op's bias input.
// Everything else stays FP32; MatMul/Gemm/Conv nodes that stay are listed with the reason.
import { attrFloat, attrInt } from '../model/graph-walk';
import { tensorProto } from '../model/graph-builder';
import { DataType, onnx } from '../model/onnx-proto';
import { GraphIndex, type FloatConstant } from './quantize-graph';
import type { Int8WeightEncoding } from '../../contract/hardware';
import { cloneForRewrite, ensureOpset, markInt8Encoding, pruneUnused, skipped, skipReason } from './quantize-model';
import { quantizeSymmetric, storeWeight, transpose2d } from './quantize-weights';
import type { NodeKept, TransformResult } from './types';

export const MS_DOMAIN = 'com.microsoft';
export const ATTENTION_REASON = 'activation x activation MatMul (attention) stays FP32';
export const CONV_DYNAMIC_REASON = 'Conv is quantized by int8-static only (dynamic ConvInteger runs slower than FP32 on CPU)';

/**
 * Per-channel (per output column) weight scales by default: on the built-ins (2-core AVX-512 VNNI, CPU provider) they
 * were as accurate or more (mlp base cosine 0.99988 vs 0.99986) and no slower (DynamicQuantizeMatMul applies one scale
 * per column in the same output pass), so per-tensor only pays for nothing here. Callers may still ask for per-tensor.
 */
export const DEFAULT_PER_CHANNEL_DYNAMIC = true;

export interface DynamicOptions {
  /** One scale per output column of each weight instead of one per weight. */
  perChannel: boolean;
  /** How the weights are stored: s8 (u8s8 kernels) or u8 with zero point 128 (u8u8 kernels). */
  weightEncoding: Int8WeightEncoding;
}

/** What replaces one MatMul/Gemm: weight [K, N] (already transposed and scaled by alpha), bias [N] or null. */
interface Plan {
  node: onnx.INodeProto;
  input: string;
  weightName: string;
  weight: FloatConstant;
  alpha: number;
  bias: Float32Array | null;
  output: string;
  /** A bias Add folded into the op, dropped from the graph. */
  foldedAdd: onnx.INodeProto | null;
}

type Planned = { kind: 'plan'; plan: Plan } | { kind: 'keep'; reason: string };

function keepReasonForWeight(reason: string): string {
  return reason.startsWith('weight is not a constant (computed by') ? ATTENTION_REASON : reason;
}

/** Bias values when `c` holds N values along the last axis (shape [N], [1, N], ...) or one value to broadcast. */
function asBias(c: FloatConstant, n: number, scale: number): Float32Array | null {
  const leading = c.dims.slice(0, -1).every((d) => d === 1);
  if (c.data.length === n && leading && (c.dims.length === 0 || c.dims[c.dims.length - 1] === n)) return c.data.map((v) => v * scale);
  if (c.data.length === 1) return new Float32Array(n).fill((c.data[0] as number) * scale);
  return null;
}

/** A constant Add right after the MatMul (its only reader) whose other operand is a bias over the last axis. */
function foldableAdd(index: GraphIndex, output: string, n: number): { add: onnx.INodeProto; bias: Float32Array; biasName: string } | null {
  const readers = index.consumers.get(output) ?? [];
  const add = readers[0];
  if (readers.length !== 1 || add === undefined || add.opType !== 'Add' || (add.domain ?? '') !== '' || index.graphOutputs.has(output)) return null;
  const other = (add.input ?? []).find((i) => i !== output);
  if (other === undefined || (add.input ?? []).length !== 2) return null;
  const c = index.constant(other);
  if (c.kind !== 'constant' || c.value.data.length !== n) return null;
  const bias = asBias(c.value, n, 1);
  return bias === null ? null : { add, bias, biasName: other };
}

function planMatMul(index: GraphIndex, node: onnx.INodeProto): Planned {
  const [a = '', b = ''] = node.input ?? [];
  const w = index.constant(b);
  if (w.kind !== 'constant') return { kind: 'keep', reason: index.constant(a).kind === 'constant' ? 'the constant is the left operand (W x); only x W is quantized' : keepReasonForWeight(w.reason) };
  if (w.value.dims.length !== 2) return { kind: 'keep', reason: `weight has rank ${w.value.dims.length}; only 2-D weights are quantized` };
  const n = w.value.dims[1] as number;
  const output = node.output?.[0] ?? '';
  const fold = foldableAdd(index, output, n);
  return {
    kind: 'plan',
    plan: { node, input: a, weightName: b, weight: w.value, alpha: 1, bias: fold?.bias ?? null, output: fold ? (fold.add.output?.[0] ?? '') : output, foldedAdd: fold?.add ?? null },
  };
}

function planGemm(index: GraphIndex, node: onnx.INodeProto): Planned {
  if (attrInt(node, 'transA', 0) !== 0) return { kind: 'keep', reason: 'Gemm with transA' };
  const [a = '', b = '', c = ''] = node.input ?? [];
  const w = index.constant(b);
  if (w.kind !== 'constant') return { kind: 'keep', reason: keepReasonForWeight(w.reason) };
  if (w.value.dims.length !== 2) return { kind: 'keep', reason: `Gemm weight has rank ${w.value.dims.length}` };
  let weight = w.value;
  if (attrInt(node, 'transB', 0) !== 0) {
    const [rows, cols] = weight.dims as [number, number];
    weight = { dims: [cols, rows], data: transpose2d(weight.data, rows, cols) };
  }
  const n = weight.dims[1] as number;
  let bias: Float32Array | null = null;
  if (c !== '') {
    const cv = index.constant(c);
    if (cv.kind !== 'constant') return { kind: 'keep', reason: 'Gemm bias C is not a constant' };
    bias = asBias(cv.value, n, attrFloat(node, 'beta', 1));
    if (bias === null) return { kind: 'keep', reason: `Gemm bias C of shape [${cv.value.dims.join(', ')}] is not per output column` };
  }
  return { kind: 'plan', plan: { node, input: a, weightName: b, weight, alpha: attrFloat(node, 'alpha', 1), bias, output: node.output?.[0] ?? '', foldedAdd: null } };
}

/** The DynamicQuantizeMatMul node and its initializers for one plan. */
function emit(index: GraphIndex, plan: Plan, options: DynamicOptions, inits: onnx.ITensorProto[]): onnx.INodeProto {
  const { perChannel } = options;
  const [k, n] = plan.weight.dims as [number, number];
  const q = quantizeSymmetric(plan.weight.data, [k, n], perChannel ? 1 : null);
  const stored = storeWeight(q.data, options.weightEncoding);
  const scales = plan.alpha === 1 ? q.scales : q.scales.map((s) => s * plan.alpha);
  const base = plan.weightName.replace(/[^A-Za-z0-9_.]/g, '_') || 'weight';
  const wName = index.unique(`${base}_quantized`);
  const sName = index.unique(`${base}_scale`);
  const scaleDims = perChannel ? [n] : [];
  inits.push(tensorProto(wName, stored.dataType, [k, n], stored.data));
  inits.push(tensorProto(sName, DataType.FLOAT, scaleDims, scales));
  const inputs = [plan.input, wName, sName];
  if (stored.zeroPoint !== 0) {
    const zName = index.unique(`${base}_zero_point`);
    inits.push(tensorProto(zName, DataType.UINT8, scaleDims, new Uint8Array(scales.length).fill(stored.zeroPoint)));
    inputs.push(zName);
  }
  if (plan.bias !== null) {
    const bName = index.unique(`${base}_bias`);
    inits.push(tensorProto(bName, DataType.FLOAT, [n], plan.bias));
    if (inputs.length === 3) inputs.push('');
    inputs.push(bName);
  }
  return {
    opType: 'DynamicQuantizeMatMul',
    domain: MS_DOMAIN,
    name: index.unique(`${plan.node.name || plan.output}_quant`),
    input: inputs,
    output: [plan.output],
    attribute: [],
  };
}

/**
 * Quantizes the weights of MatMul and Gemm nodes to int8 (dynamic activations). Skips models already quantized or in
 * float16. Only the top-level graph is rewritten; subgraphs (If/Loop bodies) stay FP32.
 */
export function quantizeDynamic(model: onnx.ModelProto, options: DynamicOptions): TransformResult {
  const reason = skipReason(model);
  if (reason !== null) return skipped(model, reason);
  const out = cloneForRewrite(model);
  const graph = out.graph as onnx.GraphProto;
  const index = new GraphIndex(graph);
  const keptFp32: NodeKept[] = [];
  const warnings: string[] = [];
  const inits: onnx.ITensorProto[] = [];
  const replaced = new Set<string>();
  const dropped = new Set<onnx.INodeProto>();
  const nodes: onnx.INodeProto[] = [];
  let converted = 0;
  for (const node of graph.node) {
    if (dropped.has(node)) continue;
    const op = node.opType ?? '';
    const isDefault = (node.domain ?? '') === '';
    if (!isDefault || (op !== 'MatMul' && op !== 'Gemm')) {
      if (isDefault && op === 'Conv') keptFp32.push({ node: node.name ?? '', op, reason: CONV_DYNAMIC_REASON });
      nodes.push(node);
      continue;
    }
    const planned = op === 'MatMul' ? planMatMul(index, node) : planGemm(index, node);
    if (planned.kind === 'keep') {
      keptFp32.push({ node: node.name ?? '', op, reason: planned.reason });
      nodes.push(node);
      continue;
    }
    const { plan } = planned;
    nodes.push(emit(index, plan, options, inits));
    converted++;
    replaced.add(plan.weightName);
    for (const i of [...(node.input ?? []).slice(2), ...(plan.foldedAdd?.input ?? [])]) replaced.add(i);
    if (plan.foldedAdd) dropped.add(plan.foldedAdd);
  }
  if (converted === 0) {
    warnings.push('no MatMul or Gemm with a constant weight: nothing was quantized');
    return { model, nodesConverted: 0, keptFp32, warnings, skipped: null };
  }
  graph.node = nodes;
  graph.initializer = [...graph.initializer, ...inits];
  pruneUnused(graph, replaced);
  ensureOpset(out, MS_DOMAIN, 1);
  markInt8Encoding(out, options.weightEncoding);
  return { model: out, nodesConverted: converted, keptFp32, warnings, skipped: null };
}
