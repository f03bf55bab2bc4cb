// Shape rules for ops that compute: matrix products, convolutions, pooling, reductions, normalisations, elementwise
// math, recurrent layers, quantized variants and the onnxruntime contrib ops common in optimized transformer exports.
import { DataType } from './onnx-proto';
import { attrInt, attrInts, attrString } from './graph-walk';
import { broadcast, hasInput, inShape, inValue, normAxis, type RuleInput, type ShapeRule } from './shape-facts';

/** Ops whose output 0 has the shape of input 0. */
export const SAME_SHAPE_OPS = [
  'Relu', 'LeakyRelu', 'PRelu', 'Elu', 'Selu', 'Celu', 'Sigmoid', 'HardSigmoid', 'HardSwish', 'Tanh', 'Gelu', 'Erf', 'Exp',
  'Log', 'Sqrt', 'Reciprocal', 'Abs', 'Floor', 'Ceil', 'Round', 'Sign', 'Sin', 'Cos', 'Softplus', 'Softsign', 'Mish',
  'ThresholdedRelu', 'Shrink', 'Clip', 'Softmax', 'LogSoftmax', 'Hardmax', 'BatchNormalization', 'InstanceNormalization',
  'GroupNormalization', 'LRN', 'LpNormalization', 'MeanVarianceNormalization', 'IsNaN', 'IsInf', 'Trilu', 'CumSum',
  'QuantizeLinear', 'DequantizeLinear', 'ReverseSequence', 'ScatterND', 'ScatterElements',
  'com.microsoft:FastGelu', 'com.microsoft:BiasGelu', 'com.microsoft:Gelu', 'com.microsoft:QuickGelu',
  'com.microsoft:SkipLayerNormalization', 'com.microsoft:SkipSimplifiedLayerNormalization', 'com.microsoft:BiasAdd',
  'com.microsoft:QLinearAdd', 'com.microsoft:QLinearMul', 'com.microsoft:QLinearSigmoid', 'com.microsoft:QLinearLeakyRelu',
];

/** Broadcasting elementwise ops without a value rule of their own. */
export const BROADCAST_OPS = ['Pow', 'Sum', 'Mean', 'Mod', 'And', 'Or', 'Xor', 'BitShift', 'BitwiseAnd', 'BitwiseOr', 'BitwiseXor'];

export const REDUCE_OPS = ['ReduceMean', 'ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceLogSum', 'ReduceLogSumExp', 'ReduceSumSquare'];

function matmulShape(a: number[] | null, b: number[] | null): number[] | null {
  if (a === null || b === null || a.length === 0 || b.length === 0) return null;
  const a2 = a.length === 1 ? [1, ...a] : a;
  const b2 = b.length === 1 ? [...b, 1] : b;
  const batch = broadcast([a2.slice(0, -2), b2.slice(0, -2)]);
  if (batch === null) return null;
  const out = [...batch, a2[a2.length - 2] as number, b2[b2.length - 1] as number];
  if (a.length === 1) out.splice(out.length - 2, 1);
  if (b.length === 1) out.splice(out.length - 1, 1);
  return out;
}

/** Matrix product of inputs i and j, numpy rules. */
const matmulOf = (i: number, j: number, dtype?: number): ShapeRule => (r) => [{ shape: matmulShape(inShape(r, i), inShape(r, j)), ...(dtype ? { dtype } : {}) }];

const gemm: ShapeRule = (r) => {
  const a = inShape(r, 0);
  const b = inShape(r, 1);
  if (a === null || b === null || a.length !== 2 || b.length !== 2) return [{ shape: null }];
  const m = attrInt(r.node, 'transA', 0) ? a[1] : a[0];
  const n = attrInt(r.node, 'transB', 0) ? b[0] : b[1];
  return [{ shape: [m as number, n as number] }];
};

/** Output spatial sizes of a convolution or pooling window sliding over `spatial`. */
export function windowOutput(r: RuleInput, spatial: number[], kernel: number[], transposed: boolean): number[] | null {
  const n = spatial.length;
  if (kernel.length !== n) return null;
  const strides = attrInts(r.node, 'strides') ?? new Array<number>(n).fill(1);
  const dilations = attrInts(r.node, 'dilations') ?? new Array<number>(n).fill(1);
  const pads = attrInts(r.node, 'pads') ?? new Array<number>(2 * n).fill(0);
  const autoPad = attrString(r.node, 'auto_pad', 'NOTSET');
  const ceilMode = attrInt(r.node, 'ceil_mode', 0) === 1;
  const outputPadding = attrInts(r.node, 'output_padding') ?? new Array<number>(n).fill(0);
  return spatial.map((size, i) => {
    const s = strides[i] ?? 1;
    const k = ((kernel[i] as number) - 1) * (dilations[i] ?? 1) + 1;
    if (transposed) {
      if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return size * s;
      const padTotal = autoPad === 'VALID' ? 0 : (pads[i] ?? 0) + (pads[i + n] ?? 0);
      return s * (size - 1) + (outputPadding[i] ?? 0) + k - padTotal;
    }
    if (autoPad === 'SAME_UPPER' || autoPad === 'SAME_LOWER') return Math.ceil(size / s);
    const head = autoPad === 'VALID' ? 0 : (pads[i] ?? 0);
    const padded = size + head + (autoPad === 'VALID' ? 0 : (pads[i + n] ?? 0));
    let out = (ceilMode ? Math.ceil((padded - k) / s) : Math.floor((padded - k) / s)) + 1;
    if (ceilMode && (out - 1) * s >= size + head) out -= 1;
    return out;
  });
}

/** Conv-like ops: data at input x, weights [M, C/group, k...] at input w. */
const convOf = (x: number, w: number, dtype?: number): ShapeRule => (r) => {
  const xs = inShape(r, x);
  const ws = inShape(r, w);
  if (xs === null || ws === null || xs.length < 3) return [{ shape: null }];
  const kernel = attrInts(r.node, 'kernel_shape') ?? ws.slice(2);
  const spatial = windowOutput(r, xs.slice(2), kernel, false);
  return [{ shape: spatial === null ? null : [xs[0] as number, ws[0] as number, ...spatial], ...(dtype ? { dtype } : {}) }];
};

const convTranspose: ShapeRule = (r) => {
  const xs = inShape(r, 0);
  const ws = inShape(r, 1);
  if (xs === null || ws === null || xs.length < 3) return [{ shape: null }];
  const channels = (ws[1] as number) * attrInt(r.node, 'group', 1);
  const given = attrInts(r.node, 'output_shape');
  const spatial = given ?? windowOutput(r, xs.slice(2), attrInts(r.node, 'kernel_shape') ?? ws.slice(2), true);
  return [{ shape: spatial === null ? null : [xs[0] as number, channels, ...spatial.slice(-(xs.length - 2))] }];
};

const pool: ShapeRule = (r) => {
  const xs = inShape(r, 0);
  const kernel = attrInts(r.node, 'kernel_shape');
  if (xs === null || kernel === null || xs.length < 3) return [{ shape: null }];
  const spatial = windowOutput(r, xs.slice(2), kernel, false);
  const shape = spatial === null ? null : [xs[0] as number, xs[1] as number, ...spatial];
  return [{ shape }, { shape, dtype: DataType.INT64 }];
};

const globalPool: ShapeRule = (r) => {
  const xs = inShape(r, 0);
  return [{ shape: xs === null ? null : [...xs.slice(0, 2), ...xs.slice(2).map(() => 1)] }];
};

const reduce: ShapeRule = (r) => {
  const s = inShape(r, 0);
  const key = r.node.opType ?? '';
  const axesSince = key === 'ReduceSum' ? 13 : 18;
  const axes = r.opset < axesSince ? attrInts(r.node, 'axes') : hasInput(r, 1) ? inValue(r, 1) : null;
  if (s === null || (axes === null && r.opset >= axesSince && hasInput(r, 1))) return [{ shape: null }];
  const keep = attrInt(r.node, 'keepdims', 1) === 1;
  if ((axes === null || axes.length === 0) && attrInt(r.node, 'noop_with_empty_axes', 0) === 1) return [{ shape: s }];
  const all = axes === null || axes.length === 0;
  const set = new Set((axes ?? []).map((a) => normAxis(a, s.length)));
  const out = s.flatMap((d, i) => (all || set.has(i) ? (keep ? [1] : []) : [d]));
  return [{ shape: out }];
};

const argReduce: ShapeRule = (r) => {
  const s = inShape(r, 0);
  if (s === null) return [{ shape: null, dtype: DataType.INT64 }];
  const axis = normAxis(attrInt(r.node, 'axis', 0), s.length);
  const keep = attrInt(r.node, 'keepdims', 1) === 1;
  return [{ shape: s.flatMap((d, i) => (i === axis ? (keep ? [1] : []) : [d])), dtype: DataType.INT64 }];
};

const layerNorm: ShapeRule = (r) => {
  const s = inShape(r, 0);
  if (s === null) return [{ shape: null }];
  const axis = normAxis(attrInt(r.node, 'axis', -1), s.length);
  const stat = s.map((d, i) => (i < axis ? d : 1));
  return [{ shape: s }, { shape: stat, dtype: DataType.FLOAT }, { shape: stat, dtype: DataType.FLOAT }];
};

const resize: ShapeRule = (r) => {
  const s = inShape(r, 0);
  if (s === null) return [{ shape: null }];
  const sizes = r.opset >= 11 && hasInput(r, 3) ? inValue(r, 3) : null;
  if (sizes !== null && sizes.length === s.length) return [{ shape: sizes }];
  const scales = r.node.opType === 'Upsample' || r.opset < 11 ? inValue(r, 1) : hasInput(r, 2) ? inValue(r, 2) : null;
  if (scales === null || scales.length !== s.length) return [{ shape: null }];
  return [{ shape: s.map((d, i) => Math.floor(d * (scales[i] as number))) }];
};

const topK: ShapeRule = (r) => {
  const s = inShape(r, 0);
  const k = r.opset < 10 ? attrInt(r.node, 'k', -1) : (inValue(r, 1)?.[0] ?? -1);
  if (s === null || k < 0) return [{ shape: null }, { shape: null, dtype: DataType.INT64 }];
  const axis = normAxis(attrInt(r.node, 'axis', -1), s.length);
  const out = s.map((d, i) => (i === axis ? k : d));
  return [{ shape: out }, { shape: out, dtype: DataType.INT64 }];
};

/** LSTM/GRU/RNN: X [seq, batch, input] (layout 0) or [batch, seq, input] (layout 1). */
const recurrent: ShapeRule = (r) => {
  const xs = inShape(r, 0);
  const ws = inShape(r, 1);
  const hidden = attrInt(r.node, 'hidden_size', 0);
  if (xs === null || ws === null || xs.length !== 3 || hidden === 0) return [];
  const dirs = ws[0] as number;
  const batchFirst = attrInt(r.node, 'layout', 0) === 1;
  const [seq, batch] = batchFirst ? [xs[1] as number, xs[0] as number] : [xs[0] as number, xs[1] as number];
  const y = batchFirst ? [batch, seq, dirs, hidden] : [seq, dirs, batch, hidden];
  const state = batchFirst ? [batch, dirs, hidden] : [dirs, batch, hidden];
  return [{ shape: y }, { shape: state }, { shape: state }];
};

const depthToSpace = (inverse: boolean): ShapeRule => (r) => {
  const s = inShape(r, 0);
  const b = attrInt(r.node, 'blocksize', 1);
  if (s === null || s.length !== 4) return [{ shape: null }];
  const [n, c, h, w] = s as [number, number, number, number];
  return [{ shape: inverse ? [n, c * b * b, h / b, w / b] : [n, c / (b * b), h * b, w * b] }];
};

const oneHot: ShapeRule = (r) => {
  const s = inShape(r, 0);
  const depth = inValue(r, 1)?.[0];
  if (s === null || depth === undefined) return [{ shape: null, dtype: r.ins[2]?.dtype ?? 0 }];
  const out = [...s];
  out.splice(normAxis(attrInt(r.node, 'axis', -1), s.length + 1), 0, depth);
  return [{ shape: out, dtype: r.ins[2]?.dtype ?? 0 }];
};

/** com.microsoft:Attention: input [B, S, hidden] with packed QKV weights [hidden, 3*hidden]; output [B, S, v_hidden]. */
const msAttention: ShapeRule = (r) => {
  const xs = inShape(r, 0);
  const ws = inShape(r, 1);
  if (xs === null || ws === null || xs.length !== 3) return [{ shape: null }];
  const sizes = attrInts(r.node, 'qkv_hidden_sizes');
  const vHidden = sizes?.[2] ?? (ws[1] as number) / 3;
  return [{ shape: [xs[0] as number, xs[1] as number, vHidden] }];
};

const embedLayerNorm: ShapeRule = (r) => {
  const ids = inShape(r, 0);
  const words = inShape(r, 2);
  if (ids === null || words === null) return [{ shape: null }];
  return [{ shape: [...ids, words[1] as number], dtype: r.ins[2]?.dtype ?? 0 }, { shape: [ids[0] as number], dtype: DataType.INT32 }];
};

const matMulNBits: ShapeRule = (r) => {
  const a = inShape(r, 0);
  const n = attrInt(r.node, 'N', 0);
  return [{ shape: a === null || n === 0 ? null : [...a.slice(0, -1), n] }];
};

export const nnRules: Record<string, ShapeRule> = {
  MatMul: matmulOf(0, 1),
  MatMulInteger: matmulOf(0, 1, DataType.INT32),
  QLinearMatMul: (r) => [{ shape: matmulShape(inShape(r, 0), inShape(r, 3)), dtype: r.ins[7]?.dtype ?? DataType.UINT8 }],
  Gemm: gemm,
  Conv: convOf(0, 1),
  ConvInteger: convOf(0, 1, DataType.INT32),
  QLinearConv: (r) => convOf(0, 3, r.ins[7]?.dtype ?? DataType.UINT8)(r),
  ConvTranspose: convTranspose,
  MaxPool: pool,
  AveragePool: pool,
  LpPool: pool,
  GlobalAveragePool: globalPool,
  GlobalMaxPool: globalPool,
  GlobalLpPool: globalPool,
  ArgMax: argReduce,
  ArgMin: argReduce,
  LayerNormalization: layerNorm,
  SimplifiedLayerNormalization: layerNorm,
  Resize: resize,
  Upsample: resize,
  TopK: topK,
  LSTM: recurrent,
  GRU: recurrent,
  RNN: recurrent,
  DepthToSpace: depthToSpace(false),
  SpaceToDepth: depthToSpace(true),
  OneHot: oneHot,
  DynamicQuantizeLinear: (r) => [{ shape: inShape(r, 0), dtype: DataType.UINT8 }, { shape: [], dtype: DataType.FLOAT }, { shape: [], dtype: DataType.UINT8 }],
  'com.microsoft:Attention': msAttention,
  'com.microsoft:MultiHeadAttention': (r) => [{ shape: inShape(r, 0) }],
  'com.microsoft:EmbedLayerNormalization': embedLayerNorm,
  'com.microsoft:MatMulNBits': matMulNBits,
  'com.microsoft:QuantizeLinear': (r) => [{ shape: inShape(r, 0), dtype: r.ins[2]?.dtype || DataType.UINT8 }],
  'com.microsoft:DequantizeLinear': (r) => [{ shape: inShape(r, 0), dtype: r.ins[1]?.dtype ?? DataType.FLOAT }],
};

for (const op of SAME_SHAPE_OPS) nnRules[op] ??= (r) => [{ shape: inShape(r, 0) }];
for (const op of BROADCAST_OPS) nnRules[op] = (r) => [{ shape: broadcast(r.ins.map((t) => t.shape)) }];
for (const op of REDUCE_OPS) nnRules[op] = reduce;
nnRules.QuantizeLinear = (r) => [{ shape: inShape(r, 0), dtype: r.ins[2]?.dtype || DataType.UINT8 }];
nnRules.DequantizeLinear = (r) => [{ shape: inShape(r, 0), dtype: r.ins[1]?.dtype ?? DataType.FLOAT }];
nnRules.PRelu = (r) => [{ shape: broadcast([inShape(r, 0), inShape(r, 1)]) }];
nnRules.Einsum = (r) => [{ shape: einsumShape(attrString(r.node, 'equation', ''), r.ins.map((t) => t.shape)) }];

/** Letter sizes and the output shape of an Einsum; null when shapes are unknown or the equation unreadable. */
export function einsumSizes(equation: string, shapes: (number[] | null)[]): { sizes: Map<string, number>; ellipsis: number[]; out: number[] } | null {
  if (shapes.some((s) => s === null)) return null;
  const [lhs, rhs] = equation.replace(/\s/g, '').split('->') as [string, string | undefined];
  const terms = lhs.split(',');
  if (terms.length !== shapes.length) return null;
  const sizes = new Map<string, number>();
  const ellipses: number[][] = [];
  for (let t = 0; t < terms.length; t++) {
    const shape = shapes[t] as number[];
    const [before, after] = (terms[t] as string).split('...') as [string, string | undefined];
    const ellRank = after === undefined ? 0 : shape.length - before.length - after.length;
    if (ellRank < 0) return null;
    ellipses.push(shape.slice(before.length, before.length + ellRank));
    const letters = [...before, ...(after ?? '')];
    const dims = [...shape.slice(0, before.length), ...shape.slice(before.length + ellRank)];
    letters.forEach((l, i) => sizes.set(l, Math.max(sizes.get(l) ?? 1, dims[i] as number)));
  }
  const ellipsis = broadcast(ellipses);
  if (ellipsis === null) return null;
  let outTerm = rhs;
  if (outTerm === undefined) {
    const counts = new Map<string, number>();
    for (const l of lhs.replace(/[,.]/g, '')) counts.set(l, (counts.get(l) ?? 0) + 1);
    outTerm = (lhs.includes('...') ? '...' : '') + [...counts].filter(([, c]) => c === 1).map(([l]) => l).sort().join('');
  }
  const [ob, oa] = outTerm.split('...') as [string, string | undefined];
  const letterDims = (s: string): number[] => [...s].map((l) => sizes.get(l) ?? 1);
  const out = oa === undefined ? letterDims(ob) : [...letterDims(ob), ...ellipsis, ...letterDims(oa)];
  return { sizes, ellipsis, out };
}

function einsumShape(equation: string, shapes: (number[] | null)[]): number[] | null {
  return einsumSizes(equation, shapes)?.out ?? null;
}
