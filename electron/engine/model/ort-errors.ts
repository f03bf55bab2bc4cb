// Reading onnxruntime's error messages: which op of a model no execution provider could run.
import type { onnx } from './onnx-proto';

/**
 * The op named by an onnxruntime "no kernel / no schema" error, or null for any other error. The forms seen with
 * onnxruntime-node 1.30:
 * - "Could not find an implementation for Relu(1) node with name 'Relu_node'" (known op, no kernel for that version/type)
 * - "Fatal error: com.example:Foo(-1) is not a registered function/op" (custom domain)
 * - "... Error No Op registered for FooBar with domain_version of 17" (unknown op in a known domain)
 * The first form names no domain; given the model, the node's domain is looked up by its name.
 */
export function unsupportedOpFromOrtError(message: string, model?: onnx.IModelProto): { op: string; domain: string } | null {
  const impl = /Could not find an implementation for ([\w.]+)\(\d+\) node with name '([^']*)'/.exec(message);
  if (impl) {
    const [, op, nodeName] = impl as unknown as [string, string, string];
    const node = (model?.graph?.node ?? []).find((n) => n.name === nodeName && n.opType === op);
    return { op, domain: node?.domain ?? '' };
  }
  const fatal = /([\w.]*):([\w.]+)\(-?\d+\) is not a registered function\/op/.exec(message);
  if (fatal) return { op: fatal[2] as string, domain: fatal[1] as string };
  const noOp = /No Op registered for ([\w.]+) with domain_version of \d+/.exec(message);
  if (noOp) {
    const domain = /In Node, \("[^"]*", [\w.]+, "([^"]*)"/.exec(message)?.[1] ?? '';
    return { op: noOp[1] as string, domain };
  }
  return null;
}
