// Shape rules for ops that move, cut and join tensors without computing on them (and the small integer arithmetic
// exporters use to build shape vectors at run time: Shape -> Gather -> Unsqueeze -> Concat -> Reshape).
import { DataType } from './onnx-proto';
import { attrFloat, attrInt, attrInts, findAttr, product } from './graph-walk';
import { tensorValues } from './tensor-data';
import { broadcast, broadcastValues, hasInput, inShape, inValue, normAxis, type RuleInput, type ShapeRule } from './shape-facts';

const INT64_MAX_ISH = 2 ** 62;

/** An ints attribute before `sinceOpset`, input `index` from then on. */
function attrOrInput(r: RuleInput, attrName: string, index: number, sinceOpset: number): number[] | null {
  if (r.opset < sinceOpset) return attrInts(r.node, attrName);
  return hasInput(r, index) ? inValue(r, index) : null;
}

const reshape: ShapeRule = (r) => {
  const data = inShape(r, 0);
  const target = inValue(r, 1);
  if (target === null) return [{ shape: null }];
  const allowZero = attrInt(r.node, 'allowzero', 0) === 1;
  const out = target.map((d, i) => (d === 0 && !allowZero ? (data?.[i] ?? -2) : d));
  if (out.includes(-2)) return [{ shape: null }];
  const minus = out.indexOf(-1);
  if (minus >= 0) {
    if (data === null) return [{ shape: null }];
    const rest = product(out.filter((_, i) => i !== minus));
    out[minus] = rest === 0 ? 0 : product(data) / rest;
  }
  return [{ shape: out, value: r.ins[0]?.value ?? null }];
};

const transpose: ShapeRule = (r) => {
  const s = inShape(r, 0);
  if (s === null) return [{ shape: null }];
  const perm = attrInts(r.node, 'perm') ?? s.map((_, i) => s.length - 1 - i);
  return [{ shape: perm.map((p) => s[p] as number) }];
};

const flatten: ShapeRule = (r) => {
  const s = inShape(r, 0);
  if (s === null) return [{ shape: null }];
  const axis = normAxis(attrInt(r.node, 'axis', 1), s.length);
  return [{ shape: [product(s.slice(0, axis)), product(s.slice(axis))], value: inValue(r, 0) }];
};

const concat: ShapeRule = (r) => {
  const shapes = r.ins.map((t) => t.shape);
  const first = shapes[0];
  if (first === undefined || first === null || shapes.some((s) => s === null)) return [{ shape: null }];
  const axis = normAxis(attrInt(r.node, 'axis', 0), first.length);
  const out = [...first];
  out[axis] = (shapes as number[][]).reduce((n, s) => n + (s[axis] as number), 0);
  const values = r.ins.map((t) => t.value);
  const value = first.length === 1 && values.every((v) => v !== null) ? (values as number[][]).flat() : null;
  return [{ shape: out, value }];
};

const squeeze: ShapeRule = (r) => {
  const s = inShape(r, 0);
  if (s === null) return [{ shape: null }];
  const axes = attrOrInput(r, 'axes', 1, 13);
  if (axes === null && r.opset >= 13 && hasInput(r, 1)) return [{ shape: null }];
  const drop = new Set((axes ?? s.flatMap((d, i) => (d === 1 ? [i] : []))).map((a) => normAxis(a, s.length)));
  return [{ shape: s.filter((_, i) => !drop.has(i)), value: inValue(r, 0) }];
};

const unsqueeze: ShapeRule = (r) => {
  const s = inShape(r, 0);
  const axes = attrOrInput(r, 'axes', 1, 13);
  if (s === null || axes === null) return [{ shape: null }];
  const rank = s.length + axes.length;
  const at = new Set(axes.map((a) => normAxis(a, rank)));
  const out: number[] = [];
  let next = 0;
  for (let i = 0; i < rank; i++) out.push(at.has(i) ? 1 : (s[next++] as number));
  return [{ shape: out, value: inValue(r, 0) }];
};

function sliceRange(dim: number, start: number, end: number, step: number): number[] {
  let s = start < 0 ? start + dim : start;
  let e = end < 0 ? end + dim : end;
  if (step > 0) {
    s = Math.min(Math.max(s, 0), dim);
    e = Math.min(Math.max(e, 0), dim);
  } else {
    s = Math.min(Math.max(s, 0), dim - 1);
    e = Math.min(Math.max(e, -1), dim - 1);
  }
  const idx: number[] = [];
  for (let i = s; step > 0 ? i < e : i > e; i += step) idx.push(i);
  return idx;
}

const slice: ShapeRule = (r) => {
  const s = inShape(r, 0);
  const old = r.opset < 10;
  const starts = old ? attrInts(r.node, 'starts') : inValue(r, 1);
  const ends = old ? attrInts(r.node, 'ends') : inValue(r, 2);
  const axesGiven = old ? findAttr(r.node, 'axes') !== undefined : hasInput(r, 3);
  const axes = old ? attrInts(r.node, 'axes') : inValue(r, 3);
  const steps = !old && hasInput(r, 4) ? inValue(r, 4) : null;
  if (s === null || starts === null || ends === null || (axesGiven && axes === null) || (!old && hasInput(r, 4) && steps === null)) {
    return [{ shape: null }];
  }
  const out = [...s];
  let picked: number[] | null = null;
  starts.forEach((start, i) => {
    const axis = normAxis(axes?.[i] ?? i, s.length);
    const end = Math.min(ends[i] as number, INT64_MAX_ISH);
    const idx = sliceRange(s[axis] as number, start, end, steps?.[i] ?? 1);
    out[axis] = idx.length;
    if (s.length === 1) picked = idx;
  });
  const data = inValue(r, 0);
  const value = data !== null && picked !== null ? (picked as number[]).map((i) => data[i] as number) : null;
  return [{ shape: out, value }];
};

const gather: ShapeRule = (r) => {
  const s = inShape(r, 0);
  const idxShape = inShape(r, 1);
  if (s === null || idxShape === null) return [{ shape: null }];
  const axis = normAxis(attrInt(r.node, 'axis', 0), s.length);
  const out = [...s.slice(0, axis), ...idxShape, ...s.slice(axis + 1)];
  const data = inValue(r, 0);
  const idx = inValue(r, 1);
  const dim = s[axis] as number;
  const value = s.length === 1 && data !== null && idx !== null ? idx.map((i) => data[i < 0 ? i + dim : i] as number) : null;
  return [{ shape: out, value }];
};

const split: ShapeRule = (r) => {
  const s = inShape(r, 0);
  const n = (r.node.output ?? []).length;
  if (s === null) return [];
  const axis = normAxis(attrInt(r.node, 'axis', 0), s.length);
  const dim = s[axis] as number;
  let sizes = attrOrInput(r, 'split', 1, 13);
  if (sizes === null && r.opset >= 13 && hasInput(r, 1)) return [];
  if (sizes === null || sizes.length === 0) {
    const each = Math.ceil(dim / n);
    sizes = Array.from({ length: n }, (_, i) => Math.max(0, Math.min(each, dim - i * each)));
  }
  let offset = 0;
  const data = inValue(r, 0);
  return sizes.map((size) => {
    const shape = [...s];
    shape[axis] = size;
    const value = data !== null && s.length === 1 ? data.slice(offset, offset + size) : null;
    offset += size;
    return { shape, value };
  });
};

const pad: ShapeRule = (r) => {
  const s = inShape(r, 0);
  const pads = attrOrInput(r, 'pads', 1, 11) ?? (r.opset < 11 ? attrInts(r.node, 'paddings') : null);
  if (s === null || pads === null) return [{ shape: null }];
  const axes = r.opset >= 18 && hasInput(r, 3) ? inValue(r, 3) : s.map((_, i) => i);
  if (axes === null) return [{ shape: null }];
  const out = [...s];
  axes.forEach((a, i) => {
    const axis = normAxis(a, s.length);
    out[axis] = (out[axis] as number) + (pads[i] as number) + (pads[i + axes.length] as number);
  });
  return [{ shape: out }];
};

const shapeOp: ShapeRule = (r) => {
  const s = inShape(r, 0);
  if (s === null) return [{ shape: null, dtype: DataType.INT64 }];
  const start = normAxis(attrInt(r.node, 'start', 0), s.length);
  const endAttr = findAttr(r.node, 'end');
  const end = endAttr === undefined ? s.length : normAxis(attrInt(r.node, 'end', s.length), s.length);
  const value = s.slice(Math.max(0, start), Math.min(s.length, end));
  return [{ shape: [value.length], value, dtype: DataType.INT64 }];
};

const constantOfShape: ShapeRule = (r) => {
  const target = inValue(r, 0);
  const t = findAttr(r.node, 'value')?.t;
  const fill = (t ? tensorValues(t)?.[0] : 0) ?? 0;
  const dtype = t?.dataType ?? DataType.FLOAT;
  if (target === null) return [{ shape: null, dtype }];
  return [{ shape: target, value: product(target) <= 4096 ? new Array<number>(product(target)).fill(fill) : null, dtype }];
};

const constant: ShapeRule = (r) => {
  const t = findAttr(r.node, 'value')?.t;
  if (t) return [{ shape: (t.dims ?? []).map(Number), value: tensorValues(t), dtype: t.dataType ?? 0 }];
  const ints = attrInts(r.node, 'value_ints');
  if (ints !== null) return [{ shape: [ints.length], value: ints, dtype: DataType.INT64 }];
  const floats = findAttr(r.node, 'value_floats');
  if (floats) return [{ shape: [(floats.floats ?? []).length], value: floats.floats ?? [], dtype: DataType.FLOAT }];
  if (findAttr(r.node, 'value_int')) return [{ shape: [], value: [attrInt(r.node, 'value_int', 0)], dtype: DataType.INT64 }];
  if (findAttr(r.node, 'value_float')) return [{ shape: [], value: [attrFloat(r.node, 'value_float', 0)], dtype: DataType.FLOAT }];
  return [{ shape: null }];
};

const tile: ShapeRule = (r) => {
  const s = inShape(r, 0);
  const reps = inValue(r, 1);
  return [{ shape: s === null || reps === null ? null : s.map((d, i) => d * (reps[i] ?? 1)) }];
};

const range: ShapeRule = (r) => {
  const [start, limit, delta] = [inValue(r, 0)?.[0], inValue(r, 1)?.[0], inValue(r, 2)?.[0]];
  if (start === undefined || limit === undefined || delta === undefined || delta === 0) return [{ shape: null }];
  const n = Math.max(Math.ceil((limit - start) / delta), 0);
  return [{ shape: [n], value: n <= 4096 ? Array.from({ length: n }, (_, i) => start + i * delta) : null }];
};

const cast: ShapeRule = (r) => {
  const to = attrInt(r.node, 'to', 0);
  const v = inValue(r, 0);
  const isInt = to !== DataType.FLOAT && to !== DataType.DOUBLE && to !== DataType.FLOAT16 && to !== DataType.BFLOAT16;
  return [{ shape: inShape(r, 0), value: v === null ? null : isInt ? v.map((x) => Math.trunc(x)) : v, dtype: to }];
};

const passValue: ShapeRule = (r) => [{ shape: inShape(r, 0), value: inValue(r, 0) }];

/** Integer-aware elementwise ops whose values shape computations need. */
function arith(fn: (a: number, b: number) => number): ShapeRule {
  return (r) => {
    const shape = broadcast(r.ins.map((t) => t.shape));
    const isInt = r.ins[0]?.dtype === DataType.INT64 || r.ins[0]?.dtype === DataType.INT32;
    const value = broadcastValues(r.ins, shape, (args) => {
      const v = args.slice(1).reduce(fn, args[0] as number);
      return isInt ? Math.trunc(v) : v;
    });
    return [{ shape, value }];
  };
}

function compare(fn: (a: number, b: number) => boolean): ShapeRule {
  return (r) => {
    const shape = broadcast(r.ins.map((t) => t.shape));
    return [{ shape, value: broadcastValues(r.ins, shape, ([a, b]) => (fn(a as number, b as number) ? 1 : 0)), dtype: DataType.BOOL }];
  };
}

const where: ShapeRule = (r) => {
  const shape = broadcast(r.ins.map((t) => t.shape));
  return [{ shape, value: broadcastValues(r.ins, shape, ([c, a, b]) => (c ? (a as number) : (b as number))), dtype: r.ins[1]?.dtype ?? 0 }];
};

export const tensorRules: Record<string, ShapeRule> = {
  Reshape: reshape,
  Transpose: transpose,
  Flatten: flatten,
  Concat: concat,
  Squeeze: squeeze,
  Unsqueeze: unsqueeze,
  Slice: slice,
  Gather: gather,
  GatherElements: (r) => [{ shape: inShape(r, 1) }],
  Split: split,
  Pad: pad,
  Shape: shapeOp,
  Size: (r) => {
    const s = inShape(r, 0);
    return [{ shape: [], value: s === null ? null : [product(s)], dtype: DataType.INT64 }];
  },
  ConstantOfShape: constantOfShape,
  Constant: constant,
  Expand: (r) => [{ shape: broadcast([inShape(r, 0), inValue(r, 1)]) }],
  Tile: tile,
  Range: range,
  Cast: cast,
  CastLike: (r) => [{ shape: inShape(r, 0), value: inValue(r, 0), dtype: r.ins[1]?.dtype ?? 0 }],
  Identity: passValue,
  Dropout: (r) => [{ shape: inShape(r, 0), value: inValue(r, 0) }, { shape: inShape(r, 0), dtype: DataType.BOOL }],
  Add: arith((a, b) => a + b),
  Sub: arith((a, b) => a - b),
  Mul: arith((a, b) => a * b),
  Div: arith((a, b) => a / b),
  Max: arith(Math.max),
  Min: arith(Math.min),
  Equal: compare((a, b) => a === b),
  Less: compare((a, b) => a < b),
  Greater: compare((a, b) => a > b),
  LessOrEqual: compare((a, b) => a <= b),
  GreaterOrEqual: compare((a, b) => a >= b),
  Where: where,
  Neg: (r) => [{ shape: inShape(r, 0), value: inValue(r, 0)?.map((v) => -v) ?? null }],
  Not: (r) => [{ shape: inShape(r, 0), value: inValue(r, 0)?.map((v) => (v ? 0 : 1)) ?? null, dtype: DataType.BOOL }],
};
