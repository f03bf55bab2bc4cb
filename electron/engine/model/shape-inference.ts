// A small shape-propagation pass: resolves every tensor's shape it can, in graph order, from the inputs' declared
// shapes (batch and named dims given values), initializers, the op rules and, where those fail, the model's value_info.
import type { onnx } from './onnx-proto';
import { declaredDims, defaultOpset, feedInputs, opKey } from './graph-walk';
import { tensorDims, tensorValues } from './tensor-data';
import { UNKNOWN, type ShapeRule, type TensorFacts } from './shape-facts';
import { tensorRules } from './shape-ops-tensor';
import { nnRules } from './shape-ops-nn';

export interface ShapeOptions {
  /** The symbolic batch dim's name; every dim of that name gets `batch`. */
  batchDimName?: string | null;
  /** Inputs whose dim 0 is the batch, fixed or symbolic. */
  batchInputs?: string[];
  /** Value of the batch dim (default 1: estimates are per sample). */
  batch?: number;
  /** Values for other symbolic dims, by dim name or "input:axis". */
  dims?: Record<string, number>;
  /** Full shapes for some inputs (their batch dim is still set to `batch`). */
  shapes?: Record<string, number[]>;
}

const rules: Record<string, ShapeRule> = { ...nnRules, ...tensorRules };

/** A declared shape with every dim resolved; null when some dim has no value. */
export function resolveDeclared(vi: onnx.IValueInfoProto, options: ShapeOptions, isBatchInput: boolean): number[] | null {
  const name = vi.name ?? '';
  const batch = options.batch ?? 1;
  const given = options.shapes?.[name];
  if (given !== undefined) return given.map((d, axis) => (axis === 0 && isBatchInput ? batch : d));
  const dims = declaredDims(vi);
  if (dims === null) return null;
  const out: number[] = [];
  for (const [axis, d] of dims.entries()) {
    const byAxis = options.dims?.[`${name}:${axis}`];
    let v: number | undefined;
    if (axis === 0 && isBatchInput) v = batch;
    else if (typeof d === 'number') v = d;
    else if (typeof d === 'string') v = d === options.batchDimName ? batch : (options.dims?.[d] ?? byAxis);
    else v = byAxis;
    if (v === undefined || v < 0) return null;
    out.push(v);
  }
  return out;
}

function validShape(shape: number[] | null): number[] | null {
  return shape !== null && shape.every((d) => Number.isInteger(d) && d >= 0) ? shape : null;
}

function declaredFacts(vi: onnx.IValueInfoProto, options: ShapeOptions, isBatchInput: boolean): TensorFacts {
  return { shape: validShape(resolveDeclared(vi, options, isBatchInput)), value: null, dtype: vi.type?.tensorType?.elemType ?? 0 };
}

/** Facts for every tensor of the main graph (subgraphs are not entered). */
export function inferShapes(model: onnx.IModelProto, options: ShapeOptions = {}): Map<string, TensorFacts> {
  const graph = model.graph ?? {};
  const opset = defaultOpset(model);
  const facts = new Map<string, TensorFacts>();
  const batchInputs = new Set(options.batchInputs ?? []);
  for (const t of graph.initializer ?? []) facts.set(t.name ?? '', { shape: tensorDims(t), value: tensorValues(t), dtype: t.dataType ?? 0 });
  for (const vi of feedInputs(graph)) facts.set(vi.name ?? '', declaredFacts(vi, options, batchInputs.has(vi.name ?? '')));
  const declared = new Map<string, onnx.IValueInfoProto>();
  for (const vi of [...(graph.valueInfo ?? []), ...(graph.output ?? [])]) declared.set(vi.name ?? '', vi);
  for (const node of graph.node ?? []) {
    const ins = (node.input ?? []).map((n) => (n === '' ? UNKNOWN : (facts.get(n) ?? UNKNOWN)));
    const rule = rules[opKey(node)];
    let outs: ReturnType<ShapeRule> = [];
    try {
      outs = rule ? rule({ node, ins, opset }) : [];
    } catch {
      outs = [];
    }
    (node.output ?? []).forEach((name, j) => {
      if (name === '') return;
      const o = outs[j];
      let shape = validShape(o?.shape ?? null);
      let value = o?.value ?? null;
      let dtype = o?.dtype ?? ins[0]?.dtype ?? 0;
      const vi = declared.get(name);
      if (vi) {
        const d = declaredFacts(vi, options, false);
        shape ??= d.shape;
        if (d.dtype !== 0) dtype = d.dtype;
      }
      if (value !== null && (shape === null || value.length !== shape.reduce((p, x) => p * x, 1))) value = null;
      facts.set(name, { shape, value, dtype });
    });
  }
  return facts;
}
