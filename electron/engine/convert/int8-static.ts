// INT8 static quantization in QDQ form: QuantizeLinear/DequantizeLinear around MatMul, Gemm and Conv, which
// onnxruntime's CPU provider fuses into QLinearConv (DQ -> Conv -> Q) and MatMulIntegerToFloat (DQ -> MatMul).
// Activations: uint8 asymmetric from the calibrated range. Weights: symmetric, per output channel when asked (Conv
// axis 0, MatMul axis 1; opset >= 13), stored as int8 (u8s8 kernels) or uint8 with zero point 128 (u8u8 kernels),
// whichever cannot saturate on the target CPU (hardware/int8-path.ts). Conv bias: int32 with scale
// input_scale x weight_scale, as QLinearConv needs. Gemm becomes MatMul + Add (bias stays float).
import { attrFloat, attrInt, defaultOpset } from '../model/graph-walk';
import { tensorProto } from '../model/graph-builder';
import { DataType, onnx } from '../model/onnx-proto';
import type { ActivationRange } from './calibration';
import { planStatic, type StaticTarget } from './int8-static-plan';
import { GraphIndex } from './quantize-graph';
import type { Int8WeightEncoding } from '../../contract/hardware';
import { cloneForRewrite, markInt8Encoding, pruneUnused, skipped, skipReason } from './quantize-model';
import { quantizeBiasInt32, quantizeSymmetric, storeWeight, transpose2d, uint8Params } from './quantize-weights';
import type { NodeKept, TransformResult } from './types';

export interface StaticOptions {
  perChannel: boolean;
  /** How the weights are stored: s8 (u8s8 kernels) or u8 with zero point 128 (u8u8 kernels). */
  weightEncoding: Int8WeightEncoding;
}

class Emitter {
  readonly nodes: onnx.INodeProto[] = [];
  readonly inits: onnx.ITensorProto[] = [];
  /** Activation name -> its DequantizeLinear output (one Q/DQ pair per tensor, shared by its readers). */
  readonly dequantized = new Map<string, string>();

  constructor(
    readonly index: GraphIndex,
    readonly ranges: Map<string, ActivationRange>,
    readonly weightEncoding: Int8WeightEncoding,
  ) {}

  init(prefix: string, type: number, dims: number[], data: Float32Array | Int8Array | Uint8Array | Int32Array): string {
    const name = this.index.unique(prefix);
    this.inits.push(tensorProto(name, type, dims, data));
    return name;
  }

  node(opType: string, inputs: string[], output: string, attribute: onnx.IAttributeProto[] = []): void {
    this.nodes.push({ opType, domain: '', name: this.index.unique(`${output}_${opType}`), input: inputs, output: [output], attribute });
  }

  /** Q then DQ of `source` with its calibrated range, the DQ writing `dqName`. */
  qdq(source: string, range: ActivationRange, dqName: string): void {
    const p = uint8Params(range.min, range.max);
    const scale = this.init(`${source}_scale`, DataType.FLOAT, [], Float32Array.of(p.scale));
    const zp = this.init(`${source}_zero_point`, DataType.UINT8, [], Uint8Array.of(p.zeroPoint));
    const q = this.index.unique(`${source}_quantized`);
    this.node('QuantizeLinear', [source, scale, zp], q);
    this.node('DequantizeLinear', [q, scale, zp], dqName);
  }

  /** The dequantized form of an activation (emitted once), and its scale. */
  activation(name: string): { dq: string; scale: number } {
    const range = this.ranges.get(name) as ActivationRange;
    let dq = this.dequantized.get(name);
    if (dq === undefined) {
      dq = this.index.unique(`${name}_dequantized`);
      this.qdq(name, range, dq);
      this.dequantized.set(name, dq);
    }
    return { dq, scale: uint8Params(range.min, range.max).scale };
  }

  /** A quantized weight and its DequantizeLinear (per axis when `axis` is set). */
  weight(base: string, dims: number[], values: Float32Array, axis: number | null): { dq: string; scales: Float32Array } {
    const q = quantizeSymmetric(values, dims, axis);
    const stored = storeWeight(q.data, this.weightEncoding);
    const perAxis = axis !== null;
    const wq = this.init(`${base}_quantized`, stored.dataType, dims, stored.data);
    const scale = this.init(`${base}_scale`, DataType.FLOAT, perAxis ? [q.scales.length] : [], q.scales);
    const zeroPoints = stored.dataType === DataType.INT8 ? new Int8Array(q.scales.length) : new Uint8Array(q.scales.length).fill(stored.zeroPoint);
    const zp = this.init(`${base}_zero_point`, stored.dataType, perAxis ? [q.scales.length] : [], zeroPoints);
    const dq = this.index.unique(`${base}_dequantized`);
    this.node('DequantizeLinear', [wq, scale, zp], dq, perAxis ? [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: axis }] : []);
    return { dq, scales: q.scales };
  }
}

function safe(name: string): string {
  return name.replace(/[^A-Za-z0-9_.]/g, '_') || 't';
}

function emitConv(e: Emitter, t: StaticTarget, perChannel: boolean, replaced: Set<string>): void {
  const x = e.activation(t.input);
  const w = e.weight(safe(t.weightName), t.weight.dims, t.weight.data, perChannel ? 0 : null);
  const inputs = [x.dq, w.dq];
  const biasName = t.node.input?.[2];
  if (biasName) {
    const b = e.index.constant(biasName);
    if (b.kind === 'constant') {
      const qb = quantizeBiasInt32(b.value.data, x.scale, w.scales);
      const bq = e.init(`${safe(biasName)}_quantized`, DataType.INT32, [qb.data.length], qb.data);
      const bs = e.init(`${safe(biasName)}_scale`, DataType.FLOAT, perChannel ? [qb.scales.length] : [], perChannel ? qb.scales : qb.scales.subarray(0, 1));
      const bdq = e.index.unique(`${safe(biasName)}_dequantized`);
      e.node('DequantizeLinear', [bq, bs], bdq, perChannel ? [{ name: 'axis', type: onnx.AttributeProto.AttributeType.INT, i: 0 }] : []);
      inputs.push(bdq);
      replaced.add(biasName);
    }
  }
  const raw = e.index.unique(`${safe(t.output)}_float`);
  e.nodes.push({ ...t.node, input: inputs, output: [raw] });
  quantizeOutput(e, t, raw);
}

/** Q/DQ of a target's float result `raw` into its output name. */
function quantizeOutput(e: Emitter, t: StaticTarget, raw: string): void {
  const range = e.ranges.get(t.output) as ActivationRange;
  // A dropped Relu becomes the clip at 0 of a zero-point-0 uint8 range.
  e.qdq(raw, t.relu ? { min: 0, max: Math.max(0, range.max) } : range, t.output);
  e.dequantized.set(t.output, t.output);
}

function emitMatMul(e: Emitter, t: StaticTarget, perChannel: boolean, replaced: Set<string>): void {
  let weight = t.weight;
  let bias: Float32Array | null = null;
  if (t.op === 'Gemm') {
    if (attrInt(t.node, 'transB', 0) !== 0) {
      const [rows, cols] = weight.dims as [number, number];
      weight = { dims: [cols, rows], data: transpose2d(weight.data, rows, cols) };
    }
    const alpha = attrFloat(t.node, 'alpha', 1);
    if (alpha !== 1) weight = { dims: weight.dims, data: weight.data.map((v) => v * alpha) };
    const c = t.node.input?.[2];
    if (c) {
      const cv = e.index.constant(c);
      const beta = attrFloat(t.node, 'beta', 1);
      if (cv.kind === 'constant') bias = cv.value.data.map((v) => v * beta);
      replaced.add(c);
    }
  }
  const x = e.activation(t.input);
  const w = e.weight(safe(t.weightName), weight.dims, weight.data, perChannel ? 1 : null);
  const raw = e.index.unique(`${safe(t.output)}_float`);
  if (bias === null) {
    e.node('MatMul', [x.dq, w.dq], raw);
  } else {
    const cName = t.node.input?.[2] ?? '';
    const cv = e.index.constant(cName);
    const dims = cv.kind === 'constant' ? cv.value.dims : [bias.length];
    const mm = e.index.unique(`${safe(t.output)}_matmul`);
    e.node('MatMul', [x.dq, w.dq], mm);
    e.node('Add', [mm, e.init(`${safe(cName)}_bias`, DataType.FLOAT, dims, bias)], raw);
  }
  quantizeOutput(e, t, raw);
}

/**
 * Static QDQ quantization with calibrated activation ranges (collectActivationRanges). A node whose activations have
 * no range stays FP32. Needs opset >= 10 (Q/DQ); per-channel weights need opset >= 13, else per-tensor with a warning.
 */
export function quantizeStatic(model: onnx.ModelProto, ranges: Map<string, ActivationRange>, options: StaticOptions): TransformResult {
  const reason = skipReason(model);
  if (reason !== null) return skipped(model, reason);
  const opset = defaultOpset(model);
  if (opset < 10) return skipped(model, `opset ${opset} has no QuantizeLinear/DequantizeLinear (opset 10 or newer needed); use int8 dynamic or re-export with opset 13`);
  const warnings: string[] = [];
  let perChannel = options.perChannel;
  if (perChannel && opset < 13) {
    warnings.push(`opset ${opset} has no per-axis DequantizeLinear (opset 13 or newer): weights quantized per tensor`);
    perChannel = false;
  }
  const out = cloneForRewrite(model);
  const graph = out.graph as onnx.GraphProto;
  const index = new GraphIndex(graph);
  const e = new Emitter(index, ranges, options.weightEncoding);
  const keptFp32: NodeKept[] = [];
  const targets = new Map<onnx.INodeProto, StaticTarget>();
  for (const d of planStatic(index)) {
    if (d.kind === 'keep') keptFp32.push({ node: d.node.name ?? '', op: d.op, reason: d.reason });
    else if (!ranges.has(d.target.input) || !ranges.has(d.target.output)) {
      keptFp32.push({ node: d.target.node.name ?? '', op: d.target.op, reason: 'no calibrated range for its activations' });
    } else targets.set(d.target.node, d.target);
  }
  const dropped = new Set([...targets.values()].map((t) => t.relu).filter((r): r is onnx.INodeProto => r !== null));
  const replaced = new Set<string>();
  for (const node of graph.node) {
    if (dropped.has(node)) continue;
    const t = targets.get(node);
    if (t === undefined) {
      e.nodes.push(node);
      continue;
    }
    replaced.add(t.weightName);
    if (t.op === 'Conv') emitConv(e, t, perChannel, replaced);
    else emitMatMul(e, t, perChannel, replaced);
  }
  if (targets.size === 0) {
    warnings.push('no MatMul, Gemm or Conv could be quantized: nothing was converted');
    return { model, nodesConverted: 0, keptFp32, warnings, skipped: null };
  }
  graph.node = e.nodes;
  graph.initializer = [...graph.initializer, ...e.inits];
  pruneUnused(graph, replaced);
  markInt8Encoding(out, options.weightEncoding);
  return { model: out, nodesConverted: targets.size, keptFp32, warnings, skipped: null };
}
