// Makes a fixed batch of 1 symbolic so onnxruntime accepts other batch sizes (inputs, outputs, and the targets of
// flatten Reshapes that baked it in), and encodes the result.
import type { ReshapeRewrite } from '../../contract/model';
import { DataType, onnx } from './onnx-proto';
import { declaredDims, feedInputs } from './graph-walk';
import { spliceGraphIo, type GraphReplacements } from './protobuf-wire';

function cloneValueInfo(vi: onnx.IValueInfoProto): onnx.ValueInfoProto {
  return onnx.ValueInfoProto.decode(onnx.ValueInfoProto.encode(vi).finish());
}

const leadsWithOne = (vi: onnx.IValueInfoProto): boolean => declaredDims(vi)?.[0] === 1;

/** A copy of `vi` whose dim 0 is `dim` (a name, or unknown when null). */
function withDim0(vi: onnx.IValueInfoProto, dimName: string | null): onnx.ValueInfoProto {
  const copy = cloneValueInfo(vi);
  const dims = copy.type?.tensorType?.shape?.dim;
  if (dims && dims.length > 0) dims[0] = onnx.TensorShapeProto.Dimension.create(dimName === null ? {} : { dimParam: dimName });
  return copy;
}

/**
 * A copy of the model whose inputs and outputs with dim 0 fixed at 1 get the symbolic dim `dimName` there; value_info
 * entries of the main graph with dim 0 = 1 lose that dim's value (onnxruntime infers it again). Nodes and weights are
 * shared with `model`, not copied; `model` itself is not changed.
 */
export function rewriteBatchDim(model: onnx.IModelProto, dimName = 'batch'): onnx.ModelProto {
  const graph = model.graph ?? {};
  const feeds = new Set(feedInputs(graph).map((i) => i.name ?? ''));
  const input = (graph.input ?? []).map((vi) => (feeds.has(vi.name ?? '') && leadsWithOne(vi) ? withDim0(vi, dimName) : vi));
  const output = (graph.output ?? []).map((vi) => (leadsWithOne(vi) ? withDim0(vi, dimName) : vi));
  const valueInfo = (graph.valueInfo ?? []).map((vi) => (leadsWithOne(vi) ? withDim0(vi, null) : vi));
  return onnx.ModelProto.create({ ...model, graph: onnx.GraphProto.create({ ...graph, input, output, valueInfo }) });
}

/** Encodes a model with protobufjs (fields newer than ONNX 1.10 that were decoded from a file are lost). */
export function encodeModel(model: onnx.IModelProto): Uint8Array {
  return onnx.ModelProto.encode(model).finish();
}

/** The new int64 targets of rewritten Reshapes: replacement initializers and Constant nodes, encoded. */
function reshapeTargets(graph: onnx.IGraphProto, rewrites: readonly ReshapeRewrite[]): GraphReplacements {
  const initializers = new Map<string, Uint8Array>();
  const nodes = new Map<string, Uint8Array>();
  for (const r of rewrites) {
    const values = BigInt64Array.from(r.to.map(BigInt));
    const tensor = { name: r.tensor, dataType: DataType.INT64, dims: [r.to.length], rawData: new Uint8Array(values.buffer) };
    if ((graph.initializer ?? []).some((t) => t.name === r.tensor)) {
      initializers.set(r.tensor, onnx.TensorProto.encode(tensor).finish());
      continue;
    }
    const node = (graph.node ?? []).find((n) => n.opType === 'Constant' && n.output?.[0] === r.tensor);
    if (node === undefined) throw new Error(`no initializer or Constant node holds '${r.tensor}'`);
    const attribute = (node.attribute ?? []).map((a) => (a.name === 'value' ? { ...a, t: { ...tensor, name: a.t?.name ?? '' } } : a));
    nodes.set(r.tensor, onnx.NodeProto.encode({ ...node, attribute }).finish());
  }
  return { initializers, nodes };
}

/**
 * Encodes `rewritten` by splicing its graph inputs, outputs and value_info into `originalBytes`, the file it was decoded
 * from, with the targets of `rewrites` replaced: every other byte is kept, including fields protobufjs cannot decode.
 */
export function encodeRewrittenModel(originalBytes: Uint8Array, rewritten: onnx.IModelProto, rewrites: readonly ReshapeRewrite[] = []): Uint8Array {
  const graph = rewritten.graph ?? {};
  const enc = (list: onnx.IValueInfoProto[] | null | undefined): Uint8Array[] => (list ?? []).map((vi) => onnx.ValueInfoProto.encode(vi).finish());
  return spliceGraphIo(originalBytes, { inputs: enc(graph.input), outputs: enc(graph.output), valueInfo: enc(graph.valueInfo) }, reshapeTargets(graph, rewrites));
}
