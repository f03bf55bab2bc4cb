// FLOPs of one node from its inputs' and outputs' shapes. A multiply-add counts as 2; elementwise and normalisation
// ops count a few FLOPs per output element (the table below); data movement counts 0. null: not estimated.
import type { onnx } from './onnx-proto';
import { attrInt, attrInts, attrString, opKey, product } from './graph-walk';
import type { TensorFacts } from './shape-facts';
import { einsumSizes } from './shape-ops-nn';

/** Ops that only move, view or describe data: no arithmetic. */
export const DATA_MOVEMENT_OPS = new Set([
  'Reshape', 'Transpose', 'Flatten', 'Concat', 'Squeeze', 'Unsqueeze', 'Slice', 'Gather', 'GatherElements', 'GatherND',
  'Split', 'Pad', 'Shape', 'Size', 'Constant', 'ConstantOfShape', 'Expand', 'Tile', 'Range', 'Cast', 'CastLike',
  'Identity', 'Dropout', 'DepthToSpace', 'SpaceToDepth', 'Trilu', 'OneHot', 'ScatterND', 'ScatterElements', 'NonZero',
  'ReverseSequence',
]);

/** FLOPs per output element; sources of the counts are the usual decompositions (e.g. Softmax: max, sub, exp, sum, div). */
export const PER_ELEMENT_FLOPS: Record<string, number> = {
  Add: 1, Sub: 1, Mul: 1, Div: 1, Max: 1, Min: 1, Sum: 1, Mean: 1, Pow: 1, Mod: 1, Neg: 1, Abs: 1, Sign: 1,
  Floor: 1, Ceil: 1, Round: 1, Reciprocal: 1, Sqrt: 1, Relu: 1, LeakyRelu: 2, PRelu: 2, Clip: 2, ThresholdedRelu: 1, Shrink: 2,
  Equal: 1, Less: 1, Greater: 1, LessOrEqual: 1, GreaterOrEqual: 1, And: 1, Or: 1, Xor: 1, Not: 1, Where: 1,
  IsNaN: 1, IsInf: 1, BitShift: 1, BitwiseAnd: 1, BitwiseOr: 1, BitwiseXor: 1, CumSum: 1,
  Exp: 4, Log: 4, Sin: 4, Cos: 4, Sigmoid: 4, HardSigmoid: 3, HardSwish: 4, Tanh: 5, Softplus: 4, Softsign: 3,
  Elu: 4, Selu: 5, Celu: 5, Mish: 10, Erf: 8, Gelu: 8, Softmax: 5, LogSoftmax: 5, Hardmax: 2,
  BatchNormalization: 2, LayerNormalization: 8, SimplifiedLayerNormalization: 6, InstanceNormalization: 8,
  GroupNormalization: 8, LpNormalization: 3, MeanVarianceNormalization: 8, LRN: 8,
  QuantizeLinear: 3, DequantizeLinear: 2, DynamicQuantizeLinear: 5,
  'com.microsoft:FastGelu': 8, 'com.microsoft:BiasGelu': 9, 'com.microsoft:Gelu': 8, 'com.microsoft:QuickGelu': 5,
  'com.microsoft:SkipLayerNormalization': 9, 'com.microsoft:SkipSimplifiedLayerNormalization': 7, 'com.microsoft:BiasAdd': 2,
  'com.microsoft:EmbedLayerNormalization': 10, 'com.microsoft:QuantizeLinear': 3, 'com.microsoft:DequantizeLinear': 2,
  'com.microsoft:QLinearAdd': 5, 'com.microsoft:QLinearMul': 5, 'com.microsoft:QLinearSigmoid': 8, 'com.microsoft:QLinearLeakyRelu': 6,
};

/** FLOPs per input element. */
const PER_INPUT_ELEMENT_FLOPS: Record<string, number> = {
  ReduceMean: 1, ReduceSum: 1, ReduceMax: 1, ReduceMin: 1, ReduceProd: 1, ReduceL1: 2, ReduceL2: 2, ReduceLogSum: 1,
  ReduceLogSumExp: 5, ReduceSumSquare: 2, ArgMax: 1, ArgMin: 1, GlobalAveragePool: 1, GlobalMaxPool: 1, GlobalLpPool: 2,
  TopK: 2,
};

type Shapes = (number[] | null)[];

function matmulFlops(a: number[] | null, out: number[] | null): number | null {
  if (a === null || out === null || a.length === 0) return null;
  return 2 * product(out) * (a[a.length - 1] as number);
}

function gemmFlops(node: onnx.INodeProto, ins: Shapes, out: number[] | null): number | null {
  const a = ins[0];
  if (a === null || a === undefined || out === null || a.length !== 2) return null;
  const k = attrInt(node, 'transA', 0) ? a[0] : a[1];
  return 2 * product(out) * (k as number) + (ins[2] ? product(out) : 0);
}

/** Conv: each output element is a dot product over C/group input channels times the kernel window (weights[1:]). */
function convFlops(w: number[] | null | undefined, out: number[] | null, hasBias: boolean): number | null {
  if (!w || out === null) return null;
  return 2 * product(out) * product(w.slice(1)) + (hasBias ? product(out) : 0);
}

/** ConvTranspose: each input element is scattered through Cout/group x kernel weights. */
function convTransposeFlops(x: number[] | null | undefined, w: number[] | null | undefined, out: number[] | null, hasBias: boolean): number | null {
  if (!x || !w || out === null) return null;
  return 2 * product(x) * product(w.slice(1)) + (hasBias ? product(out) : 0);
}

function poolFlops(node: onnx.INodeProto, out: number[] | null): number | null {
  const kernel = attrInts(node, 'kernel_shape');
  return out === null || kernel === null ? null : product(out) * product(kernel);
}

function recurrentFlops(node: onnx.INodeProto, ins: Shapes, gates: number): number | null {
  const x = ins[0];
  const w = ins[1];
  const hidden = attrInt(node, 'hidden_size', 0);
  if (!x || !w || x.length !== 3 || hidden === 0) return null;
  const steps = product(x.slice(0, 2));
  const dirs = w[0] as number;
  const input = x[2] as number;
  return steps * dirs * gates * hidden * (2 * (input + hidden) + 3);
}

/** com.microsoft:Attention: packed QKV projection, then softmax(QK^T)V over the sequence (no past state). */
function msAttentionFlops(node: onnx.INodeProto, ins: Shapes, out: number[] | null): number | null {
  const x = ins[0];
  const w = ins[1];
  if (!x || !w || x.length !== 3 || w.length !== 2 || out === null) return null;
  const [b, s, h] = x as [number, number, number];
  const packed = w[1] as number;
  const vHidden = out[2] as number;
  const qHidden = (packed - vHidden) / 2;
  const heads = attrInt(node, 'num_heads', 1);
  return 2 * b * s * h * packed + 2 * b * s * s * qHidden + 2 * b * s * s * vHidden + 5 * b * heads * s * s;
}

function multiHeadAttentionFlops(node: onnx.INodeProto, ins: Shapes): number | null {
  const q = ins[0];
  const k = ins[1];
  if (!q || !k || q.length !== 3 || k.length < 3) return null;
  const [b, s, h] = q as [number, number, number];
  const l = k.length === 3 ? (k[1] as number) : (k[2] as number);
  return 4 * b * s * l * h + 5 * b * attrInt(node, 'num_heads', 1) * s * l;
}

function einsumFlops(node: onnx.INodeProto, ins: Shapes): number | null {
  const e = einsumSizes(attrString(node, 'equation', ''), ins);
  if (e === null) return null;
  const all = product([...e.sizes.values()]) * product(e.ellipsis);
  return (ins.length > 1 ? 2 : 1) * all;
}

function resizeFlops(node: onnx.INodeProto, out: number[] | null): number | null {
  if (out === null) return null;
  const mode = attrString(node, 'mode', 'nearest');
  return mode === 'nearest' ? 0 : product(out) * (mode === 'cubic' ? 32 : 8);
}

/** FLOPs of one node; null when its shapes are unknown or the op is not modelled. */
export function nodeFlops(node: onnx.INodeProto, ins: TensorFacts[], outs: TensorFacts[]): number | null {
  const key = opKey(node);
  const shapes = ins.map((t) => t.shape);
  const out = outs[0]?.shape ?? null;
  if (DATA_MOVEMENT_OPS.has(key)) return 0;
  const perOut = PER_ELEMENT_FLOPS[key];
  if (perOut !== undefined) return out === null ? null : perOut * product(out) * (key === 'Sum' || key === 'Mean' ? Math.max(1, ins.length - 1) : 1);
  const perIn = PER_INPUT_ELEMENT_FLOPS[key];
  if (perIn !== undefined) return shapes[0] ? perIn * product(shapes[0]) : null;
  switch (key) {
    case 'MatMul':
    case 'MatMulInteger':
      return matmulFlops(shapes[0] ?? null, out);
    case 'QLinearMatMul':
      return matmulFlops(shapes[0] ?? null, out);
    case 'Gemm':
      return gemmFlops(node, shapes, out);
    case 'Conv':
    case 'ConvInteger':
      return convFlops(shapes[1], out, key === 'Conv' && shapes.length > 2 && shapes[2] !== null);
    case 'QLinearConv':
      return convFlops(shapes[3], out, shapes.length > 8 && shapes[8] !== null);
    case 'ConvTranspose':
      return convTransposeFlops(shapes[0], shapes[1], out, shapes.length > 2 && shapes[2] !== null);
    case 'MaxPool':
    case 'AveragePool':
    case 'LpPool':
      return poolFlops(node, out);
    case 'Einsum':
      return einsumFlops(node, shapes);
    case 'Resize':
    case 'Upsample':
      return resizeFlops(node, out);
    case 'LSTM':
      return recurrentFlops(node, shapes, 4);
    case 'GRU':
      return recurrentFlops(node, shapes, 3);
    case 'RNN':
      return recurrentFlops(node, shapes, 1);
    case 'com.microsoft:Attention':
      return msAttentionFlops(node, shapes, out);
    case 'com.microsoft:MultiHeadAttention':
      return multiHeadAttentionFlops(node, shapes);
    case 'com.microsoft:MatMulNBits':
      return out === null ? null : 2 * product(out) * attrInt(node, 'K', 0);
    default:
      return null;
  }
}
