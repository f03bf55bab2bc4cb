// Model-level steps shared by the INT8 quantizers: when to skip, and assembling the rewritten model.
import type { Int8WeightEncoding } from '../../contract/hardware';
import { walkGraphs, walkTensors } from '../model/graph-walk';
import { DataType, onnx } from '../model/onnx-proto';
import type { TransformResult } from './types';

/** Ops that mean the model was quantized already. */
const QUANTIZED_OPS = new Set([
  'QuantizeLinear', 'DequantizeLinear', 'DynamicQuantizeLinear', 'MatMulInteger', 'ConvInteger', 'QLinearConv', 'QLinearMatMul',
  'DynamicQuantizeMatMul', 'MatMulIntegerToFloat', 'QGemm', 'QAttention', 'DynamicQuantizeLSTM', 'QLinearAdd', 'QLinearMul',
]);

export const ALREADY_QUANTIZED = 'already quantized';
export const IS_FLOAT16 = 'model is float16; quantize the FP32 model';

/** Why the model must not be quantized (already quantized, float16), or null. */
export function skipReason(model: onnx.IModelProto): string | null {
  const graph = model.graph ?? {};
  for (const g of walkGraphs(graph)) {
    if ((g.node ?? []).some((n) => QUANTIZED_OPS.has(n.opType ?? ''))) return ALREADY_QUANTIZED;
  }
  for (const t of walkTensors(graph)) if (t.dataType === DataType.INT8 && (t.dims ?? []).length >= 2) return ALREADY_QUANTIZED;
  const io = [...(graph.input ?? []), ...(graph.output ?? [])];
  if (io.some((v) => v.type?.tensorType?.elemType === DataType.FLOAT16)) return IS_FLOAT16;
  for (const t of walkTensors(graph)) if (t.dataType === DataType.FLOAT16) return IS_FLOAT16;
  return null;
}

export function skipped(model: onnx.ModelProto, reason: string): TransformResult {
  return { model, nodesConverted: 0, keptFp32: [], warnings: [], skipped: reason };
}

/** Every tensor name read by a node of the graph or of any subgraph (subgraphs may read outer-scope names). */
function namesRead(graph: onnx.IGraphProto): Set<string> {
  const used = new Set<string>();
  for (const g of walkGraphs(graph)) for (const n of g.node ?? []) for (const i of n.input ?? []) used.add(i);
  for (const o of graph.output ?? []) used.add(o.name ?? '');
  return used;
}

/**
 * Removes what the rewrite left unread: the FP32 weights replaced by int8 ones, and the Constant / ConstantOfShape /
 * Transpose / Identity nodes that only produced them. Only candidates are removed (other unused tensors stay as they were).
 */
export function pruneUnused(graph: onnx.IGraphProto, candidates: Set<string>): void {
  const foldable = new Set(['Constant', 'ConstantOfShape', 'Transpose', 'Identity']);
  for (let changed = true; changed; ) {
    changed = false;
    const used = namesRead(graph);
    const nodes = graph.node ?? [];
    const kept = nodes.filter((n) => {
      const dead = foldable.has(n.opType ?? '') && (n.output ?? []).every((o) => candidates.has(o) && !used.has(o));
      if (dead) for (const i of n.input ?? []) candidates.add(i);
      return !dead;
    });
    if (kept.length !== nodes.length) {
      graph.node = kept;
      changed = true;
    }
  }
  const used = namesRead(graph);
  const drop = (name: string): boolean => candidates.has(name) && !used.has(name);
  graph.initializer = (graph.initializer ?? []).filter((t) => !drop(t.name ?? ''));
  graph.input = (graph.input ?? []).filter((i) => !drop(i.name ?? ''));
}

/** A copy of the model whose top-level graph has fresh node, initializer and input arrays to rewrite. */
export function cloneForRewrite(model: onnx.IModelProto): onnx.ModelProto {
  const graph = model.graph ?? {};
  return onnx.ModelProto.create({
    ...model,
    graph: onnx.GraphProto.create({
      ...graph,
      node: [...(graph.node ?? [])],
      initializer: [...(graph.initializer ?? [])],
      input: [...(graph.input ?? [])],
      valueInfo: [...(graph.valueInfo ?? [])],
    }),
    opsetImport: (model.opsetImport ?? []).map((o) => ({ ...o })),
  });
}

/** Imports `domain` at `version` unless the model already imports it. */
export function ensureOpset(model: onnx.IModelProto, domain: string, version: number): void {
  const imports = model.opsetImport ?? [];
  if (!imports.some((o) => (o.domain ?? '') === domain)) imports.push({ domain, version });
  model.opsetImport = imports;
}

/** Metadata key recording how a converted model stores its INT8 weights (read back by int8-weight-check.ts). */
export const INT8_WEIGHTS_METADATA_KEY = 'infermeter.int8_weights';

export function markInt8Encoding(model: onnx.ModelProto, encoding: Int8WeightEncoding): void {
  const others = (model.metadataProps ?? []).filter((p) => p.key !== INT8_WEIGHTS_METADATA_KEY);
  model.metadataProps = [...others, { key: INT8_WEIGHTS_METADATA_KEY, value: encoding }];
}
