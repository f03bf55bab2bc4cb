// Element types of every tensor in a graph, propagated node by node: the FP16 converter must know which tensors
// are float32 (they change) and which are integers, bools or strings (they never do).
import { DataType, type onnx } from '../model/onnx-proto';
import { findAttr, opKey } from '../model/graph-walk';
import { toNumber } from '../model/onnx-proto';

const { FLOAT, INT64, INT32, BOOL, UINT8, STRING } = DataType;

/** Ops whose outputs are all bool. */
const BOOL_OPS = new Set(['Equal', 'Less', 'Greater', 'LessOrEqual', 'GreaterOrEqual', 'Not', 'And', 'Or', 'Xor', 'IsNaN', 'IsInf']);
/** Ops whose outputs are all int64. */
const INT64_OPS = new Set(['Shape', 'Size', 'ArgMax', 'ArgMin', 'NonZero', 'NonMaxSuppression']);

function dtypeAttr(node: onnx.INodeProto, name: string): number | null {
  const a = findAttr(node, name);
  return a === undefined ? null : toNumber(a.i);
}

/** The element type a Constant node produces. */
function constantType(node: onnx.INodeProto): number {
  for (const a of node.attribute ?? []) {
    if (a.name === 'value' && a.t) return a.t.dataType ?? 0;
    if (a.name === 'value_float' || a.name === 'value_floats') return FLOAT;
    if (a.name === 'value_int' || a.name === 'value_ints') return INT64;
    if (a.name === 'value_string' || a.name === 'value_strings') return STRING;
  }
  return 0;
}

/** Declared element types of a subgraph's outputs (If branches, Loop and Scan bodies). */
function bodyOutputTypes(node: onnx.INodeProto, attrName: string, skip: number): number[] {
  const g = findAttr(node, attrName)?.g;
  return (g?.output ?? []).slice(skip).map((o) => o.type?.tensorType?.elemType ?? 0);
}

/**
 * The element type of each output of `node`, given its inputs' types (0 = unknown). Ops not listed here follow
 * their first input's type, which holds for elementwise math, Conv, MatMul, pooling, and every data movement op
 * (Reshape, Transpose, Gather, Concat, Slice...).
 */
export function outputTypes(node: onnx.INodeProto, ins: number[]): number[] {
  const op = opKey(node);
  const n = (node.output ?? []).length;
  const all = (t: number): number[] => new Array<number>(n).fill(t);
  const first = ins[0] ?? 0;
  if (BOOL_OPS.has(op)) return all(BOOL);
  if (INT64_OPS.has(op)) return all(INT64);
  switch (op) {
    case 'Constant': return [constantType(node)];
    case 'Cast': return [dtypeAttr(node, 'to') ?? 0];
    case 'CastLike': return [ins[1] ?? 0];
    case 'ConstantOfShape': return [findAttr(node, 'value')?.t?.dataType ?? FLOAT];
    case 'EyeLike':
    case 'RandomNormalLike':
    case 'RandomUniformLike':
    case 'Bernoulli': return [dtypeAttr(node, 'dtype') ?? first];
    case 'RandomNormal':
    case 'RandomUniform': return [dtypeAttr(node, 'dtype') ?? FLOAT];
    case 'Multinomial': return [dtypeAttr(node, 'dtype') ?? INT32];
    case 'Where': return [ins[1] ?? 0];
    case 'OneHot': return [ins[2] ?? 0];
    case 'TopK':
    case 'MaxPool': return [first, INT64].slice(0, n);
    case 'Unique': return [first, INT64, INT64, INT64].slice(0, n);
    case 'Dropout': return [first, BOOL].slice(0, n);
    case 'LayerNormalization': return [first, FLOAT, FLOAT].slice(0, n);
    case 'QuantizeLinear': return [ins[2] ?? UINT8];
    case 'DequantizeLinear': return [ins[1] ?? FLOAT];
    case 'DynamicQuantizeLinear': return [UINT8, FLOAT, UINT8];
    case 'MatMulInteger':
    case 'ConvInteger': return [INT32];
    case 'If': return bodyOutputTypes(node, 'then_branch', 0);
    case 'Loop': return bodyOutputTypes(node, 'body', 1);
    case 'Scan': return bodyOutputTypes(node, 'body', 0);
    default: return all(first);
  }
}

/** Element types of every tensor of `graph` (outer-scope tensors come from `outer`); value_info fills the unknowns. */
export function inferElemTypes(graph: onnx.IGraphProto, outer: ReadonlyMap<string, number>): Map<string, number> {
  const types = new Map<string, number>(outer);
  for (const t of graph.initializer ?? []) types.set(t.name ?? '', t.dataType ?? 0);
  for (const s of graph.sparseInitializer ?? []) if (s.values) types.set(s.values.name ?? '', s.values.dataType ?? 0);
  for (const vi of graph.input ?? []) if (!types.has(vi.name ?? '') || vi.type?.tensorType) types.set(vi.name ?? '', vi.type?.tensorType?.elemType ?? 0);
  const declared = new Map<string, number>();
  for (const vi of [...(graph.valueInfo ?? []), ...(graph.output ?? [])]) {
    const t = vi.type?.tensorType?.elemType ?? 0;
    if (t !== 0) declared.set(vi.name ?? '', t);
  }
  for (const node of graph.node ?? []) {
    const ins = (node.input ?? []).map((name) => (name === '' ? 0 : (types.get(name) ?? 0)));
    const outs = outputTypes(node, ins);
    // Ops outside the default domain follow no rule here: what the model declares wins.
    const custom = (node.domain ?? '') !== '' && node.domain !== 'ai.onnx';
    (node.output ?? []).forEach((name, j) => {
      if (name === '') return;
      const inferred = outs[j] ?? 0;
      const given = declared.get(name) ?? 0;
      types.set(name, custom && given !== 0 ? given : inferred !== 0 ? inferred : given);
    });
  }
  return types;
}
