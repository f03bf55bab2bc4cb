// Which nodes static (QDQ) quantization rewrites, and so which activations calibration has to observe.
import { attrInt } from '../model/graph-walk';
import type { onnx } from '../model/onnx-proto';
import { ATTENTION_REASON } from './int8-dynamic';
import { GraphIndex, type FloatConstant } from './quantize-graph';

export interface StaticTarget {
  node: onnx.INodeProto;
  op: 'Conv' | 'MatMul' | 'Gemm';
  /** The activation input, quantized to uint8. */
  input: string;
  weightName: string;
  weight: FloatConstant;
  /**
   * The tensor whose range quantizes the output: the node's output, or the output of the Relu that is its only reader
   * (the Relu is then dropped: uint8 with zero point 0 clips at 0 exactly as Relu does). Quantized outputs let
   * onnxruntime fuse DQ -> op -> Q into QLinearConv / QGemm; without them it runs the op in float.
   */
  output: string;
  relu: onnx.INodeProto | null;
}

export type StaticDecision = { kind: 'target'; target: StaticTarget } | { kind: 'keep'; node: onnx.INodeProto; op: string; reason: string };

function onlyRelu(index: GraphIndex, tensor: string): onnx.INodeProto | null {
  const readers = index.consumers.get(tensor) ?? [];
  const r = readers[0];
  return readers.length === 1 && r !== undefined && r.opType === 'Relu' && (r.domain ?? '') === '' && !index.graphOutputs.has(tensor) ? r : null;
}

function decide(index: GraphIndex, node: onnx.INodeProto): StaticDecision | null {
  const op = node.opType ?? '';
  if ((node.domain ?? '') !== '' || (op !== 'Conv' && op !== 'MatMul' && op !== 'Gemm')) return null;
  const keep = (reason: string): StaticDecision => ({ kind: 'keep', node, op, reason });
  const [input = '', weightName = ''] = node.input ?? [];
  if (op === 'Gemm' && attrInt(node, 'transA', 0) !== 0) return keep('Gemm with transA');
  if (index.constant(input).kind === 'constant') return keep('the input is a constant');
  const w = index.constant(weightName);
  if (w.kind !== 'constant') return keep(w.reason.startsWith('weight is not a constant (computed by') ? ATTENTION_REASON : w.reason);
  if (op !== 'Conv' && w.value.dims.length !== 2) return keep(`weight has rank ${w.value.dims.length}; only 2-D weights are quantized`);
  if (op === 'Gemm' && node.input?.[2]) {
    const c = index.constant(node.input[2]);
    if (c.kind !== 'constant') return keep('Gemm bias C is not a constant');
  }
  if (op === 'Conv' && node.input?.[2] && index.constant(node.input[2]).kind !== 'constant') return keep('Conv bias is not a constant');
  const y = node.output?.[0] ?? '';
  const relu = onlyRelu(index, y);
  const output = relu?.output?.[0] ?? y;
  return { kind: 'target', target: { node, op, input, weightName, weight: w.value, output, relu } };
}

/** Every MatMul, Gemm and Conv of the top-level graph: a quantization target, or kept FP32 with the reason. */
export function planStatic(index: GraphIndex): StaticDecision[] {
  return (index.graph.node ?? []).map((n) => decide(index, n)).filter((d): d is StaticDecision => d !== null);
}

/** The activations whose ranges static quantization needs (inputs of targets, and Conv outputs). */
export function staticTargets(model: onnx.IModelProto): string[] {
  const names = new Set<string>();
  for (const d of planStatic(new GraphIndex(model.graph ?? {}))) {
    if (d.kind !== 'target') continue;
    names.add(d.target.input);
    names.add(d.target.output);
  }
  return [...names];
}
