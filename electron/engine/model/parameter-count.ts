// Parameters: every constant tensor that feeds compute, whatever stores it — initializers (in the file or in external
// data), sparse initializers, Constant nodes, and ConstantOfShape nodes whose shape is itself constant (exporters and
// converters that build weights at load time).
import type { ParameterSource } from '../../contract/model';
import { DataType, elemTypeBytes, type onnx } from './onnx-proto';
import { findAttr, product, walkGraphs } from './graph-walk';
import { externalEntries, isExternal, tensorByteSize, tensorElements, tensorValues } from './tensor-data';

type SourceName = ParameterSource['source'];

/**
 * Inputs (by op, by position) that take a shape, axes, indices into a shape or a count: small integer vectors that steer
 * an op rather than enter its arithmetic. A constant read only there is not a parameter.
 */
const STEERING_INPUTS: Record<string, readonly number[]> = {
  Reshape: [1],
  ConstantOfShape: [0],
  Expand: [1],
  Tile: [1],
  Slice: [1, 2, 3, 4],
  Squeeze: [1],
  Unsqueeze: [1],
  Pad: [1, 3],
  Resize: [1, 2, 3],
  Upsample: [1],
  Split: [1],
  TopK: [1],
  ReduceSum: [1],
  ReduceMean: [1],
  ReduceMax: [1],
  ReduceMin: [1],
  ReduceProd: [1],
  ReduceL2: [1],
  Range: [0, 1, 2],
  OneHot: [1],
};

/** Names of tensors read somewhere other than a steering input (by any node of any graph: subgraphs read outer names). */
function computeInputs(graph: onnx.IGraphProto): Set<string> {
  const used = new Set<string>();
  for (const g of walkGraphs(graph)) {
    for (const node of g.node ?? []) {
      const steering = STEERING_INPUTS[(node.domain ?? '') === '' ? (node.opType ?? '') : ''] ?? [];
      (node.input ?? []).forEach((name, i) => {
        if (!steering.includes(i)) used.add(name);
      });
    }
    for (const o of g.output ?? []) used.add(o.name ?? '');
  }
  return used;
}

/** Elements and bytes of a Constant node's value, whichever attribute holds it; null when it holds none. */
function constantNodeValue(node: onnx.INodeProto): { count: number; bytes: number } | null {
  for (const a of node.attribute ?? []) {
    if (a.name === 'value' && a.t) return { count: tensorElements(a.t), bytes: tensorByteSize(a.t) };
    if (a.name === 'value_float' || a.name === 'value_int') return { count: 1, bytes: a.name === 'value_int' ? 8 : 4 };
    if (a.name === 'value_floats') return { count: (a.floats ?? []).length, bytes: 4 * (a.floats ?? []).length };
    if (a.name === 'value_ints') return { count: (a.ints ?? []).length, bytes: 8 * (a.ints ?? []).length };
  }
  return null;
}

/** Shape vectors fixed in a graph: small integer initializers and Constant node values. */
function constantShapes(graph: onnx.IGraphProto): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const t of graph.initializer ?? []) {
    const v = tensorValues(t);
    if (v !== null) out.set(t.name ?? '', v);
  }
  for (const node of graph.node ?? []) {
    if (node.opType !== 'Constant') continue;
    const a = findAttr(node, 'value');
    const v = a?.t ? tensorValues(a.t) : (findAttr(node, 'value_ints')?.ints ?? null)?.map(Number) ?? null;
    if (v !== null && v !== undefined) out.set(node.output?.[0] ?? '', v);
  }
  return out;
}

export interface ParameterCount {
  count: number;
  bytes: number;
  /** What was counted from each kind of source (sources that contributed nothing are left out). */
  sources: ParameterSource[];
}

/** Counts the parameters of a model (see the file comment), with the sources they came from. */
export function countParameters(graph: onnx.IGraphProto): ParameterCount {
  const totals = new Map<SourceName, ParameterSource>();
  const add = (source: SourceName, count: number, bytes: number): void => {
    const s = totals.get(source) ?? { source, tensors: 0, count: 0, bytes: 0 };
    totals.set(source, { source, tensors: s.tensors + 1, count: s.count + count, bytes: s.bytes + bytes });
  };
  const feedsCompute = computeInputs(graph);
  for (const g of walkGraphs(graph)) {
    for (const t of g.initializer ?? []) {
      if (!feedsCompute.has(t.name ?? '')) continue;
      const length = isExternal(t) ? externalEntries(t).get('length') : undefined;
      if (isExternal(t)) add('external-data', tensorElements(t), length !== undefined ? Number(length) : tensorByteSize(t));
      else add('initializer', tensorElements(t), tensorByteSize(t));
    }
    for (const s of g.sparseInitializer ?? []) if (s.values && feedsCompute.has(s.values.name ?? '')) add('sparse-initializer', tensorElements(s.values), tensorByteSize(s.values));
    const shapes = constantShapes(g);
    for (const node of g.node ?? []) {
      if ((node.domain ?? '') !== '' || !feedsCompute.has(node.output?.[0] ?? '')) continue;
      if (node.opType === 'Constant') {
        const v = constantNodeValue(node);
        if (v !== null) add('constant-node', v.count, v.bytes);
      } else if (node.opType === 'ConstantOfShape') {
        const shape = shapes.get(node.input?.[0] ?? '');
        if (shape === undefined) continue; // computed at run time from another tensor's shape: not a stored weight
        const count = product(shape);
        add('constant-of-shape', count, count * (elemTypeBytes[findAttr(node, 'value')?.t?.dataType ?? DataType.FLOAT] ?? 4));
      }
    }
  }
  const sources = [...totals.values()];
  return { count: sources.reduce((n, s) => n + s.count, 0), bytes: sources.reduce((n, s) => n + s.bytes, 0), sources };
}
