// Rewrites one graph (and, recursively, its subgraphs) to float16 following its plan: casts where a float16
// tensor meets a float32 consumer or the other way round, float16 constants, retyped inputs, outputs and value_info.
import { DataType, type onnx } from '../model/onnx-proto';
import { opKey } from '../model/graph-walk';
import { rewriteAttributes } from './fp16-attrs';
import { CONTAINER_OPS, inputWant, planGraph, type NodeMode, type PlanSettings, type Precision } from './fp16-plan';
import { tensorToFloat16 } from './fp16-tensors';
import { inferElemTypes } from './fp16-types';
import type { NodeKept } from './types';

const { FLOAT, FLOAT16 } = DataType;
const AttributeType = { INT: 2 } as const;

/** What the whole conversion accumulates over every graph. */
export interface Fp16Accumulator {
  settings: PlanSettings;
  keepIoTypes: boolean;
  /** Every name in the model, so inserted tensors and nodes never collide. */
  names: Set<string>;
  nodesConverted: number;
  castsInserted: number;
  keptFp32: NodeKept[];
  clamped: { tensor: string; count: number }[];
}

interface Scope {
  types: ReadonlyMap<string, number>;
  storage: ReadonlyMap<string, Precision>;
  /** Outer tensors renamed by the enclosing graph (a main-graph output that got a cast in front of it). */
  alias: ReadonlyMap<string, string>;
}

export const ROOT_SCOPE: Scope = { types: new Map(), storage: new Map(), alias: new Map() };

function fresh(acc: Fp16Accumulator, base: string): string {
  let name = base;
  for (let i = 2; acc.names.has(name); i++) name = `${base}_${i}`;
  acc.names.add(name);
  return name;
}

const elemFor = (p: Precision): number => (p === 'fp16' ? FLOAT16 : FLOAT);

function castNode(acc: Fp16Accumulator, input: string, output: string, to: Precision): onnx.INodeProto {
  acc.castsInserted++;
  return { opType: 'Cast', domain: '', name: fresh(acc, `${output}_cast`), input: [input], output: [output], attribute: [{ name: 'to', type: AttributeType.INT, i: elemFor(to) }] };
}

function retype(vi: onnx.IValueInfoProto, elemType: number, name?: string): onnx.IValueInfoProto {
  const tensorType = vi.type?.tensorType;
  if (!tensorType) return name === undefined ? vi : { ...vi, name };
  return { ...vi, name: name ?? vi.name ?? '', type: { ...vi.type, tensorType: { ...tensorType, elemType } } };
}

/** Converts `graph`; `main` is the model's top graph (whose inputs and outputs keep their names and, optionally, types). */
export function convertGraph(graph: onnx.IGraphProto, outer: Scope, acc: Fp16Accumulator, main: boolean): onnx.IGraphProto {
  const types = inferElemTypes(graph, outer.types);
  const plan = planGraph(graph, types, outer.storage, acc.settings, { main, keepIoTypes: acc.keepIoTypes });
  acc.keptFp32.push(...plan.kept);
  const isFloat = (name: string): boolean => name !== '' && types.get(name) === FLOAT;
  const have = (name: string): Precision => plan.storage.get(name) ?? 'fp32';

  // Main-graph outputs whose stored precision differs from what the caller gets: the producer writes a renamed
  // tensor and a Cast at the end produces the output under its own name.
  const renames = new Map<string, string>(outer.alias);
  const tailCasts: [string, string, Precision][] = [];
  const outputs: onnx.IValueInfoProto[] = [];
  for (const o of graph.output ?? []) {
    const name = o.name ?? '';
    if (!isFloat(name) || have(name) === plan.outputWant) {
      outputs.push(isFloat(name) ? retype(o, elemFor(plan.outputWant)) : o);
    } else if (main) {
      const inner = fresh(acc, `${name}_${have(name)}`);
      renames.set(name, inner);
      tailCasts.push([inner, name, plan.outputWant]);
      outputs.push(retype(o, elemFor(plan.outputWant)));
    } else {
      // A subgraph's outputs bind by position: a new name is fine.
      const cast = fresh(acc, `${name}_${plan.outputWant}`);
      tailCasts.push([name, cast, plan.outputWant]);
      outputs.push(retype(o, elemFor(plan.outputWant), cast));
    }
  }
  const source = (name: string): string => renames.get(name) ?? name;

  const nodes: onnx.INodeProto[] = [];
  const casts = new Map<string, string>();
  const need = (name: string, want: Precision): string => {
    if (!isFloat(name) || have(name) === want) return source(name);
    const key = `${name}\u0000${want}`;
    let cast = casts.get(key);
    if (cast === undefined) {
      cast = fresh(acc, `${name}_${want}`);
      casts.set(key, cast);
      nodes.push(castNode(acc, source(name), cast, want));
    }
    return cast;
  };
  const inner: Scope = { types, storage: plan.storage, alias: renames };
  (graph.node ?? []).forEach((node, i) => {
    const mode = plan.modes[i] as NodeMode;
    const input = (node.input ?? []).map((name, j) => need(name, inputWant(node, mode, j)));
    const output = (node.output ?? []).map(source);
    let attribute = node.attribute ?? [];
    if (mode === 'convert') {
      const touches = [...(node.input ?? []), ...(node.output ?? [])].some(isFloat);
      if (touches || !CONTAINER_OPS.has(opKey(node))) acc.nodesConverted++;
      const rewritten = rewriteAttributes(node);
      attribute = rewritten.attribute;
      acc.clamped.push(...rewritten.clamped);
    }
    attribute = attribute.map((a) => {
      if (a.g) return { ...a, g: convertGraph(a.g, inner, acc, false) };
      if (a.graphs && a.graphs.length > 0) return { ...a, graphs: a.graphs.map((g) => convertGraph(g, inner, acc, false)) };
      return a;
    });
    nodes.push({ ...node, input, output, attribute });
  });
  for (const [from, to, want] of tailCasts) nodes.push(castNode(acc, source(from), to, want));

  const initializer = (graph.initializer ?? []).map((t) => {
    const name = t.name ?? '';
    if (!isFloat(name) || have(name) !== 'fp16') return renames.has(name) ? { ...t, name: source(name) } : t;
    const c = tensorToFloat16(t);
    if (c.clamped > 0) acc.clamped.push({ tensor: name, count: c.clamped });
    return { ...c.tensor, name: source(name) };
  });
  const typed = (vi: onnx.IValueInfoProto): onnx.IValueInfoProto => {
    const name = vi.name ?? '';
    return isFloat(name) ? retype(vi, elemFor(have(name)), source(name)) : vi;
  };
  return {
    ...graph,
    node: nodes,
    initializer,
    input: (graph.input ?? []).map(typed),
    output: outputs,
    valueInfo: (graph.valueInfo ?? []).map(typed),
  };
}
