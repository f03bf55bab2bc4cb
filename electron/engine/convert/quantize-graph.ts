// What the quantizers need to know about a graph: who produces and consumes each tensor, and which tensors are
// float constants (initializers, Constant nodes, ConstantOfShape of a constant shape, Transpose of a constant).
import { attrFloat, attrInts, findAttr, product } from '../model/graph-walk';
import { DataType, onnx } from '../model/onnx-proto';
import { isExternal, tensorDims, tensorValues } from '../model/tensor-data';
import { transpose2d } from './quantize-weights';

export interface FloatConstant {
  dims: number[];
  data: Float32Array;
}

/** A constant, or why the tensor is not one we can read. */
export type ConstantLookup = { kind: 'constant'; value: FloatConstant } | { kind: 'not-constant'; reason: string };

/** The float32 values of a stored tensor, or why they cannot be read. */
export function readFloatTensor(t: onnx.ITensorProto): FloatConstant | string {
  if (isExternal(t)) return 'weight is in an external data file (inline external data first)';
  const type = t.dataType ?? 0;
  if (type === DataType.FLOAT16) return 'weight is float16';
  if (type !== DataType.FLOAT) return `weight is of type ${type === DataType.DOUBLE ? 'float64' : String(type)}, not float32`;
  const dims = tensorDims(t);
  const count = product(dims);
  let data: Float32Array;
  if (t.rawData && t.rawData.length > 0) {
    if (t.rawData.length !== count * 4) return 'weight data has the wrong size';
    data = new Float32Array(count);
    new Uint8Array(data.buffer).set(t.rawData);
  } else {
    data = Float32Array.from(t.floatData ?? []);
    if (data.length !== count) return 'weight data has the wrong size';
  }
  return { dims, data };
}

/** Permutes a constant (Transpose with `perm`; the default reverses the axes). Rank 2 only beyond identity. */
function permute(c: FloatConstant, perm: number[] | null): FloatConstant | string {
  const order = perm ?? c.dims.map((_, i) => c.dims.length - 1 - i);
  if (order.every((p, i) => p === i)) return c;
  if (c.dims.length !== 2) return `Transpose of a rank-${c.dims.length} constant`;
  const [rows, cols] = c.dims as [number, number];
  return { dims: [cols, rows], data: transpose2d(c.data, rows, cols) };
}

export class GraphIndex {
  readonly producer = new Map<string, onnx.INodeProto>();
  readonly consumers = new Map<string, onnx.INodeProto[]>();
  readonly initializers = new Map<string, onnx.ITensorProto>();
  readonly graphInputs = new Set<string>();
  readonly graphOutputs = new Set<string>();
  readonly names = new Set<string>();

  constructor(readonly graph: onnx.IGraphProto) {
    for (const t of graph.initializer ?? []) this.initializers.set(t.name ?? '', t);
    for (const i of graph.input ?? []) this.graphInputs.add(i.name ?? '');
    for (const o of graph.output ?? []) this.graphOutputs.add(o.name ?? '');
    for (const n of graph.node ?? []) {
      for (const o of n.output ?? []) {
        this.producer.set(o, n);
        this.names.add(o);
      }
      for (const i of n.input ?? []) {
        if (i === '') continue;
        const list = this.consumers.get(i) ?? [];
        list.push(n);
        this.consumers.set(i, list);
      }
      if (n.name) this.names.add(n.name);
    }
    for (const name of [...this.initializers.keys(), ...this.graphInputs]) this.names.add(name);
  }

  /** A name not used in the graph, from a readable prefix. */
  unique(prefix: string): string {
    let name = prefix;
    for (let k = 2; this.names.has(name); k++) name = `${prefix}_${k}`;
    this.names.add(name);
    return name;
  }

  /** The float constant behind `name`, following Constant, ConstantOfShape and Transpose producers. */
  constant(name: string): ConstantLookup {
    const found = this.resolve(name);
    return typeof found === 'string' ? { kind: 'not-constant', reason: found } : { kind: 'constant', value: found };
  }

  private resolve(name: string): FloatConstant | string {
    const init = this.initializers.get(name);
    if (init !== undefined) return readFloatTensor(init);
    const node = this.producer.get(name);
    if (node === undefined) return this.graphInputs.has(name) ? `weight is not a constant (graph input '${name}')` : `weight is not a constant ('${name}')`;
    switch (node.opType) {
      case 'Constant': return constantNodeValue(node);
      case 'ConstantOfShape': return this.constantOfShape(node);
      case 'Transpose': {
        const inner = this.resolve(node.input?.[0] ?? '');
        return typeof inner === 'string' ? inner : permute(inner, attrInts(node, 'perm'));
      }
      case 'Identity': return this.resolve(node.input?.[0] ?? '');
      default: return `weight is not a constant (computed by ${node.opType})`;
    }
  }

  /** ConstantOfShape with a constant shape input: materialized (its value attribute, default 0.0). */
  private constantOfShape(node: onnx.INodeProto): FloatConstant | string {
    const shapeName = node.input?.[0] ?? '';
    const shapeInit = this.initializers.get(shapeName) ?? constantTensor(this.producer.get(shapeName));
    const dims = shapeInit === undefined ? null : tensorValues(shapeInit);
    if (dims === null) return 'weight is not a constant (ConstantOfShape of a computed shape)';
    const valueAttr = findAttr(node, 'value')?.t;
    let fill = 0;
    if (valueAttr) {
      if ((valueAttr.dataType ?? DataType.FLOAT) !== DataType.FLOAT) return 'ConstantOfShape value is not float32';
      fill = tensorValues(valueAttr)?.[0] ?? 0;
    }
    return { dims, data: new Float32Array(product(dims)).fill(fill) };
  }
}

function constantTensor(node: onnx.INodeProto | undefined): onnx.ITensorProto | undefined {
  return node?.opType === 'Constant' ? findAttr(node, 'value')?.t ?? undefined : undefined;
}

/** The value of a Constant node: its `value` tensor, or `value_float` / `value_floats`. */
function constantNodeValue(node: onnx.INodeProto): FloatConstant | string {
  const t = constantTensor(node);
  if (t) return readFloatTensor(t);
  if (findAttr(node, 'value_float')) return { dims: [], data: Float32Array.of(attrFloat(node, 'value_float', 0)) };
  const floats = findAttr(node, 'value_floats');
  if (floats) return { dims: [(floats.floats ?? []).length], data: Float32Array.from(floats.floats ?? []) };
  return 'weight is not a constant (Constant of a non-float value)';
}
