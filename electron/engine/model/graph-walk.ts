// Walking an ONNX graph: its subgraphs, its tensors, node attributes, and the opset each node's domain resolves to.
import { onnx, toNumber } from './onnx-proto';

/** The graph and, depth first, every subgraph held in a node attribute (If branches, Loop and Scan bodies). */
export function* walkGraphs(graph: onnx.IGraphProto): Generator<onnx.IGraphProto> {
  yield graph;
  for (const node of graph.node ?? []) {
    for (const a of node.attribute ?? []) {
      if (a.g) yield* walkGraphs(a.g);
      for (const g of a.graphs ?? []) yield* walkGraphs(g);
    }
  }
}

/** Every stored tensor in a graph and its subgraphs: initializers, sparse initializers' values and tensor attributes. */
export function* walkTensors(graph: onnx.IGraphProto): Generator<onnx.ITensorProto> {
  for (const g of walkGraphs(graph)) {
    yield* g.initializer ?? [];
    for (const s of g.sparseInitializer ?? []) if (s.values) yield s.values;
    for (const node of g.node ?? []) {
      for (const a of node.attribute ?? []) {
        if (a.t) yield a.t;
        yield* a.tensors ?? [];
      }
    }
  }
}

/** "Conv" for the default domain, "com.microsoft:Attention" otherwise: the key of op histograms and cost tables. */
export function opKey(node: onnx.INodeProto): string {
  const domain = node.domain ?? '';
  const op = node.opType ?? '';
  return domain === '' || domain === 'ai.onnx' ? op : `${domain}:${op}`;
}

export function findAttr(node: onnx.INodeProto, name: string): onnx.IAttributeProto | undefined {
  return (node.attribute ?? []).find((a) => a.name === name);
}

export function attrInt(node: onnx.INodeProto, name: string, fallback: number): number {
  const a = findAttr(node, name);
  return a === undefined ? fallback : toNumber(a.i);
}

export function attrInts(node: onnx.INodeProto, name: string): number[] | null {
  const a = findAttr(node, name);
  return a === undefined ? null : (a.ints ?? []).map((v) => toNumber(v));
}

export function attrFloat(node: onnx.INodeProto, name: string, fallback: number): number {
  const a = findAttr(node, name);
  return a === undefined ? fallback : (a.f ?? fallback);
}

export function attrString(node: onnx.INodeProto, name: string, fallback: string): string {
  const a = findAttr(node, name);
  return a?.s ? new TextDecoder().decode(a.s) : fallback;
}

/** Product of a list of dims (1 for a scalar). */
export function product(dims: readonly number[]): number {
  return dims.reduce((p, d) => p * d, 1);
}

/** The version imported for the default ONNX domain, 0 when none is. */
export function defaultOpset(model: onnx.IModelProto): number {
  const imp = (model.opsetImport ?? []).find((o) => (o.domain ?? '') === '' || o.domain === 'ai.onnx');
  return imp === undefined ? 0 : toNumber(imp.version);
}

/** Names of graph inputs that are not initializers (the tensors a caller feeds). */
export function feedInputs(graph: onnx.IGraphProto): onnx.IValueInfoProto[] {
  const inits = new Set((graph.initializer ?? []).map((t) => t.name ?? ''));
  return (graph.input ?? []).filter((i) => !inits.has(i.name ?? ''));
}

/**
 * A dim as the contract shows it: its value, its symbolic name, or null. Decoded protobufjs messages carry a default
 * dimValue on their prototype, so only an own property counts as set.
 */
export function dimOf(d: onnx.TensorShapeProto.IDimension): number | string | null {
  if (Object.prototype.hasOwnProperty.call(d, 'dimValue') && d.dimValue !== null && d.dimValue !== undefined) {
    // ONNX dims are never negative; some exporters write -1 for "dynamic", and onnxruntime reads it so: unknown.
    const value = toNumber(d.dimValue);
    return value < 0 ? null : value;
  }
  if (d.dimParam) return d.dimParam;
  return null;
}

/** The declared dims of a value (null when it declares no shape: rank unknown). */
export function declaredDims(vi: onnx.IValueInfoProto): (number | string | null)[] | null {
  const shape = vi.type?.tensorType?.shape;
  return shape ? (shape.dim ?? []).map(dimOf) : null;
}
