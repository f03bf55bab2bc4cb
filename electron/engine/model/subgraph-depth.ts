// How deep subgraphs nest, read from the wire bytes with an explicit stack: protobufjs's decoder (and any recursive
// walker) overflows the JS stack on a model nested deeply enough, so this runs before anything decodes the model.
import { scanFields } from './protobuf-wire';

const MODEL_GRAPH = 7;
const GRAPH_NODE = 1;
const NODE_ATTRIBUTE = 5;
const ATTRIBUTE_G = 6;
const ATTRIBUTE_GRAPHS = 11;

/**
 * The most subgraph levels onnxruntime loads: measured with onnxruntime 1.30, 32 Ifs nested in each other's
 * then_branch load and 33 fail with "Protobuf parsing failed" (its parser stops at 100 nested messages, and each
 * level costs three: graph, node, attribute).
 */
export const MAX_SUBGRAPH_DEPTH = 32;

function fieldsOf(bytes: Uint8Array, wanted: number): Uint8Array[] {
  const scan = scanFields(bytes, null);
  return scan.fields.filter((f) => f.field === wanted && f.wireType === 2).map((f) => bytes.subarray(f.payloadStart, f.end));
}

/** Levels of subgraph under the main graph (0: no If, Loop or Scan body). Unreadable parts count as nothing. */
export function subgraphDepth(modelBytes: Uint8Array): number {
  const stack = fieldsOf(modelBytes, MODEL_GRAPH).map((graph) => ({ graph, depth: 0 }));
  let deepest = 0;
  for (let item = stack.pop(); item !== undefined; item = stack.pop()) {
    deepest = Math.max(deepest, item.depth);
    for (const node of fieldsOf(item.graph, GRAPH_NODE)) {
      for (const attribute of fieldsOf(node, NODE_ATTRIBUTE)) {
        const bodies = [...fieldsOf(attribute, ATTRIBUTE_G), ...fieldsOf(attribute, ATTRIBUTE_GRAPHS)];
        for (const graph of bodies) stack.push({ graph, depth: item.depth + 1 });
      }
    }
  }
  return deepest;
}
