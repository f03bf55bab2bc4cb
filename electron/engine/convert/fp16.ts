// FP32 -> FP16: weights, constants and compute in float16; a block list keeps some ops in float32 with casts around them.
import { DataType, onnx } from '../model/onnx-proto';
import { opKey, walkGraphs } from '../model/graph-walk';
import { tensorElements } from '../model/tensor-data';
import { convertGraph, ROOT_SCOPE, type Fp16Accumulator } from './fp16-graph';
import { FLOAT16_MAX } from './fp16-tensors';
import { inferElemTypes } from './fp16-types';
import type { TransformResult } from './types';

const NO_CPU_KERNEL = "no float16 kernel in onnxruntime's CPU provider";

/**
 * Ops kept in float32 unless the caller gives its own list, each with why. Found by converting every built-in
 * model and the exporter-quirk fixtures and running them on onnxruntime's CPU provider: these either have no float16
 * kernel there (so float16 gains nothing and some fail to load), or index/sample where float16 loses exactness.
 */
export const DEFAULT_FP16_BLOCK_LIST: Readonly<Record<string, string>> = {
  Range: NO_CPU_KERNEL,
  NonZero: NO_CPU_KERNEL,
  TopK: `${NO_CPU_KERNEL}; ties and ranks change when scores are rounded`,
  NonMaxSuppression: 'boxes and scores are float32-only inputs',
  RoiAlign: NO_CPU_KERNEL,
  CumSum: 'a long running sum loses precision in float16',
  RandomNormal: NO_CPU_KERNEL,
  RandomUniform: NO_CPU_KERNEL,
  RandomNormalLike: NO_CPU_KERNEL,
  RandomUniformLike: NO_CPU_KERNEL,
  Multinomial: NO_CPU_KERNEL,
  Bernoulli: NO_CPU_KERNEL,
};

export const DEFAULT_BLOCK_LIST: readonly string[] = Object.keys(DEFAULT_FP16_BLOCK_LIST);

/** Ops that only quantized models contain. */
const QUANTIZED_OPS = new Set([
  'QuantizeLinear', 'DequantizeLinear', 'DynamicQuantizeLinear', 'MatMulInteger', 'ConvInteger', 'QLinearConv', 'QLinearMatMul',
  'com.microsoft:DynamicQuantizeMatMul', 'com.microsoft:MatMulIntegerToFloat', 'com.microsoft:QGemm', 'com.microsoft:QAttention',
]);

export interface Fp16Options {
  /** Keep float32 model inputs and outputs, with casts at the edges (default true). */
  keepIoTypes: boolean;
  /** Ops to keep in float32 (default DEFAULT_BLOCK_LIST). */
  blockList: string[];
}

/** Why the model should not be converted, or null. */
function skipReason(model: onnx.IModelProto): string | null {
  const graph = model.graph ?? {};
  let weights32 = 0;
  let weights16 = 0;
  let floats = 0;
  const count = (t: onnx.ITensorProto): void => {
    if (t.dataType === DataType.FLOAT) weights32 += tensorElements(t);
    if (t.dataType === DataType.FLOAT16) weights16 += tensorElements(t);
  };
  for (const g of walkGraphs(graph)) {
    for (const node of g.node ?? []) {
      if (QUANTIZED_OPS.has(opKey(node)) || node.opType?.startsWith('QLinear')) return 'already quantized';
      for (const a of node.attribute ?? []) if (node.opType === 'Constant' && a.t) count(a.t);
    }
    for (const t of g.initializer ?? []) count(t);
  }
  if (weights16 > weights32) return 'already float16';
  for (const g of walkGraphs(graph)) for (const t of inferElemTypes(g, new Map()).values()) if (t === DataType.FLOAT) floats++;
  if (floats === 0) return weights16 > 0 ? 'already float16' : 'no float32 tensors to convert';
  return null;
}

/** Converts a model to float16; the input model is not modified. */
export function convertToFloat16(model: onnx.ModelProto, options: Fp16Options): TransformResult {
  const skipped = skipReason(model);
  if (skipped !== null) return { model, nodesConverted: 0, keptFp32: [], warnings: [], skipped };
  const names = new Set<string>();
  for (const g of walkGraphs(model.graph ?? {})) {
    for (const vi of [...(g.input ?? []), ...(g.output ?? []), ...(g.valueInfo ?? [])]) names.add(vi.name ?? '');
    for (const t of g.initializer ?? []) names.add(t.name ?? '');
    for (const n of g.node ?? []) {
      for (const x of [...(n.input ?? []), ...(n.output ?? [])]) names.add(x);
      names.add(n.name ?? '');
    }
  }
  const reasons: Record<string, string> = {};
  for (const op of options.blockList) reasons[op] = DEFAULT_FP16_BLOCK_LIST[op] ?? 'on the block list';
  const acc: Fp16Accumulator = {
    settings: { blockList: new Set(options.blockList), reasons },
    keepIoTypes: options.keepIoTypes,
    names,
    nodesConverted: 0,
    castsInserted: 0,
    keptFp32: [],
    clamped: [],
  };
  const graph = convertGraph(model.graph ?? {}, ROOT_SCOPE, acc, true);
  const out = onnx.ModelProto.create({ ...model, graph });
  const warnings = acc.clamped.map(
    (c) => `tensor '${c.tensor}': ${c.count} value${c.count === 1 ? '' : 's'} beyond the float16 range clamped to ±${FLOAT16_MAX}`,
  );
  return { model: out, nodesConverted: acc.nodesConverted, keptFp32: acc.keptFp32, warnings, skipped: null };
}
