import type { Dim } from '../../contract/model';
import { DataType, onnx } from './onnx-proto';

type AttrValue =
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'ints'; value: number[] }
  | { kind: 'floats'; value: number[] }
  | { kind: 'string'; value: string }
  | { kind: 'tensor'; value: onnx.ITensorProto }
  | { kind: 'graph'; value: onnx.IGraphProto };

/** Typed attribute values: an ONNX attribute's type cannot be guessed from a JS number. */
export const attr = {
  int: (value: number): AttrValue => ({ kind: 'int', value }),
  float: (value: number): AttrValue => ({ kind: 'float', value }),
  ints: (value: number[]): AttrValue => ({ kind: 'ints', value }),
  floats: (value: number[]): AttrValue => ({ kind: 'floats', value }),
  string: (value: string): AttrValue => ({ kind: 'string', value }),
  tensor: (value: onnx.ITensorProto): AttrValue => ({ kind: 'tensor', value }),
  graph: (value: onnx.IGraphProto): AttrValue => ({ kind: 'graph', value }),
};

const AttributeType = onnx.AttributeProto.AttributeType;

function toAttribute(name: string, a: AttrValue): onnx.IAttributeProto {
  switch (a.kind) {
    case 'int':
      return { name, type: AttributeType.INT, i: a.value };
    case 'float':
      return { name, type: AttributeType.FLOAT, f: a.value };
    case 'ints':
      return { name, type: AttributeType.INTS, ints: a.value };
    case 'floats':
      return { name, type: AttributeType.FLOATS, floats: a.value };
    case 'string':
      return { name, type: AttributeType.STRING, s: new TextEncoder().encode(a.value) };
    case 'tensor':
      return { name, type: AttributeType.TENSOR, t: a.value };
    case 'graph':
      return { name, type: AttributeType.GRAPH, g: a.value };
  }
}

export type TensorData = Float32Array | Uint16Array | Int32Array | BigInt64Array | Int8Array | Uint8Array;

/** A tensor with its bytes in raw_data (little-endian, as ONNX stores it). */
export function tensorProto(name: string, dataType: number, dims: number[], data: TensorData): onnx.ITensorProto {
  return {
    name,
    dataType,
    dims,
    rawData: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
  };
}

export function valueInfo(name: string, elemType: number, shape: Dim[] | null): onnx.IValueInfoProto {
  const tensorType: onnx.TypeProto.ITensor = { elemType };
  if (shape !== null) {
    tensorType.shape = {
      dim: shape.map((d) => (typeof d === 'number' ? { dimValue: d } : typeof d === 'string' ? { dimParam: d } : {})),
    };
  }
  return { name, type: { tensorType } };
}

/** Builds an ONNX graph node by node. Used by the built-in model generators and the test fixtures. */
export class GraphBuilder {
  readonly nodes: onnx.INodeProto[] = [];
  readonly initializers: onnx.ITensorProto[] = [];
  readonly inputs: onnx.IValueInfoProto[] = [];
  readonly outputs: onnx.IValueInfoProto[] = [];
  private readonly counters = new Map<string, number>();

  constructor(readonly name = 'graph') {}

  /** A name not used before in this graph, from a readable prefix. */
  unique(prefix: string): string {
    const n = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, n);
    return n === 1 ? prefix : `${prefix}_${n}`;
  }

  input(name: string, elemType: number, shape: Dim[]): string {
    this.inputs.push(valueInfo(name, elemType, shape));
    return name;
  }

  output(name: string, elemType: number, shape: Dim[] | null): string {
    this.outputs.push(valueInfo(name, elemType, shape));
    return name;
  }

  initializer(name: string, dataType: number, dims: number[], data: TensorData): string {
    this.initializers.push(tensorProto(name, dataType, dims, data));
    return name;
  }

  floatInit(prefix: string, dims: number[], data: Float32Array): string {
    return this.initializer(this.unique(prefix), DataType.FLOAT, dims, data);
  }

  int64Init(prefix: string, values: number[]): string {
    return this.initializer(this.unique(prefix), DataType.INT64, [values.length], BigInt64Array.from(values.map(BigInt)));
  }

  /** Adds a node; returns its output names (one fresh name per output when not given). */
  node(opType: string, inputs: string[], options: { outputs?: string[] | number; attrs?: Record<string, AttrValue>; domain?: string; name?: string } = {}): string[] {
    const outputs =
      typeof options.outputs === 'number' || options.outputs === undefined
        ? Array.from({ length: typeof options.outputs === 'number' ? options.outputs : 1 }, () => this.unique(opType.toLowerCase()))
        : options.outputs;
    this.nodes.push({
      opType,
      input: inputs,
      output: outputs,
      name: options.name ?? this.unique(`${opType}_node`),
      domain: options.domain ?? '',
      attribute: Object.entries(options.attrs ?? {}).map(([k, v]) => toAttribute(k, v)),
    });
    return outputs;
  }

  /** Shorthand for a single-output node. */
  op(opType: string, inputs: string[], attrs?: Record<string, AttrValue>, output?: string): string {
    const [out] = this.node(opType, inputs, { attrs, outputs: output === undefined ? 1 : [output] });
    return out as string;
  }

  graph(): onnx.IGraphProto {
    return { name: this.name, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs };
  }

  model(options: { opset?: number; irVersion?: number; producer?: string; extraOpsets?: onnx.IOperatorSetIdProto[] } = {}): onnx.IModelProto {
    return {
      irVersion: options.irVersion ?? 8,
      producerName: options.producer ?? 'infermeter',
      producerVersion: '1',
      opsetImport: [{ domain: '', version: options.opset ?? 17 }, ...(options.extraOpsets ?? [])],
      graph: this.graph(),
    };
  }

  encode(options?: Parameters<GraphBuilder['model']>[0]): Uint8Array {
    return onnx.ModelProto.encode(onnx.ModelProto.create(this.model(options))).finish();
  }
}
