// The facts shape inference keeps per tensor, and the helpers op rules share.
import type { onnx } from './onnx-proto';

/**
 * What is known of a tensor: its shape with every dim resolved (or null), its values when it is small and computable
 * (shape vectors, axes; flattened, row-major), and its ONNX element type (0 when unknown).
 */
export interface TensorFacts {
  shape: number[] | null;
  value: number[] | null;
  dtype: number;
}

export const UNKNOWN: TensorFacts = { shape: null, value: null, dtype: 0 };

/** What a rule says of one output; an omitted dtype means "the first input's". */
export interface OutFacts {
  shape: number[] | null;
  value?: number[] | null;
  dtype?: number;
}

export interface RuleInput {
  node: onnx.INodeProto;
  ins: TensorFacts[];
  /** Version of the default-domain opset: several ops moved attributes to inputs across versions. */
  opset: number;
}

export type ShapeRule = (r: RuleInput) => OutFacts[];

export function inShape(r: RuleInput, i: number): number[] | null {
  return r.ins[i]?.shape ?? null;
}

export function inValue(r: RuleInput, i: number): number[] | null {
  return r.ins[i]?.value ?? null;
}

/** True when input i is present (ONNX marks a skipped optional input with an empty name). */
export function hasInput(r: RuleInput, i: number): boolean {
  return (r.node.input ?? [])[i] !== undefined && (r.node.input ?? [])[i] !== '';
}

export function normAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

/** Numpy-style multidirectional broadcast; null when the shapes do not broadcast. */
export function broadcast(shapes: (number[] | null)[]): number[] | null {
  if (shapes.some((s) => s === null)) return null;
  const known = shapes as number[][];
  const rank = Math.max(0, ...known.map((s) => s.length));
  const out: number[] = [];
  for (let i = 0; i < rank; i++) {
    let d = 1;
    for (const s of known) {
      const v = s[s.length - rank + i] ?? 1;
      if (v === 1) continue;
      if (d !== 1 && d !== v) return null;
      d = v;
    }
    out.push(d);
  }
  return out;
}

function strides(shape: number[]): number[] {
  const out = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) out[i] = (out[i + 1] as number) * (shape[i + 1] as number);
  return out;
}

/** Elementwise function over broadcast values; null unless every input's values and shape are known. */
export function broadcastValues(ins: TensorFacts[], out: number[] | null, fn: (args: number[]) => number): number[] | null {
  if (out === null || ins.some((t) => t.value === null || t.shape === null)) return null;
  const count = out.reduce((p, d) => p * d, 1);
  if (count > 4096) return null;
  const outStrides = strides(out);
  const result: number[] = [];
  for (let flat = 0; flat < count; flat++) {
    const args = ins.map((t) => {
      const shape = t.shape as number[];
      const st = strides(shape);
      let offset = 0;
      for (let k = 0; k < shape.length; k++) {
        const axis = out.length - shape.length + k;
        const idx = Math.floor(flat / (outStrides[axis] as number)) % (out[axis] as number);
        offset += (shape[k] === 1 ? 0 : idx) * (st[k] as number);
      }
      return (t.value as number[])[offset] as number;
    });
    result.push(fn(args));
  }
  return result;
}
