// The flatten Reshape exporters bake the batch into: `[1, C, H, W] -> [1, C·H·W]` before a classifier. Its leading 1
// is the batch itself, so it can be freed: -1 (or 0, "copy the input's dim", when the target already has a -1 and
// allowzero is unset). Any other fixed target keeps the batch baked in.
import type { ReshapeRewrite } from '../../contract/model';
import type { onnx } from './onnx-proto';
import { attrInt, findAttr, product } from './graph-walk';

/** Where a Reshape's target can be rewritten: an initializer, or a Constant node's `value`. */
function targetSource(graph: onnx.IGraphProto, name: string): 'initializer' | 'constant' | null {
  if ((graph.initializer ?? []).some((t) => t.name === name)) return 'initializer';
  const node = (graph.node ?? []).find((n) => n.opType === 'Constant' && n.output?.[0] === name);
  return node !== undefined && findAttr(node, 'value')?.t ? 'constant' : null;
}

/**
 * The rewrite that frees the batch of a Reshape with a literal target whose first dim is 1, or why it cannot be
 * freed. `inputShape` is the data input's shape at batch 1 (null when unknown).
 */
export function flattenRewrite(
  graph: onnx.IGraphProto,
  node: onnx.INodeProto,
  label: string,
  target: number[],
  inputShape: number[] | null,
): { rewrite: ReshapeRewrite } | { reason: string } {
  const tensor = node.input?.[1] ?? '';
  if (target[0] !== 1) return { reason: 'its first dim is not 1' };
  if (inputShape === null || inputShape.length === 0) return { reason: "its input's shape is not known" };
  if (inputShape[0] !== 1) return { reason: `its input's dim 0 is ${inputShape[0]}, not the batch` };
  const rest = target.slice(1);
  const flattens = (rest.length === 1 && rest[0] === -1) || (rest.every((d) => d > 0) && product(rest) === product(inputShape.slice(1)));
  if (!flattens) return { reason: `[${target.join(',')}] does not keep the input's other dims [${inputShape.slice(1).join(',')}] whole` };
  if (targetSource(graph, tensor) === null) return { reason: `its target '${tensor}' is computed in the graph, not stored` };
  const allowZero = attrInt(node, 'allowzero', 0) === 1;
  if (rest.includes(-1) && allowZero) return { reason: 'it already has a -1 and allowzero is set' };
  const first = rest.includes(-1) ? 0 : -1;
  return { rewrite: { node: label, tensor, from: target, to: [first, ...rest] } };
}
