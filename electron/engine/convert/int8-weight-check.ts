// Whether a model's INT8 weights are stored in the form that saturates on this CPU: a model converted on a CPU with
// VNNI (signed int8 weights) and shared with one without loses accuracy silently unless someone says so.
import type { Int8Path } from '../../contract/hardware';
import { walkGraphs } from '../model/graph-walk';
import { DataType, onnx } from '../model/onnx-proto';

/** The input that holds the weight of each integer op, by op type (any domain). */
const WEIGHT_INPUT: Record<string, number> = {
  DynamicQuantizeMatMul: 1,
  MatMulInteger: 1,
  MatMulIntegerToFloat: 1,
  ConvInteger: 1,
  QLinearConv: 3,
  QLinearMatMul: 3,
  QGemm: 3,
  // QDQ form: the weight is the input of its DequantizeLinear.
  DequantizeLinear: 0,
};

/** Names of the signed int8 weight tensors (rank 2 or more, constant) read by integer ops, in any graph. */
export function signedInt8Weights(model: onnx.IModelProto): string[] {
  const found = new Set<string>();
  for (const graph of walkGraphs(model.graph ?? {})) {
    const int8Constants = new Set<string>();
    for (const t of graph.initializer ?? []) if (t.dataType === DataType.INT8 && (t.dims ?? []).length >= 2) int8Constants.add(t.name ?? '');
    for (const node of graph.node ?? []) {
      if (node.opType !== 'Constant') continue;
      const t = (node.attribute ?? []).find((a) => a.name === 'value')?.t;
      if (t && t.dataType === DataType.INT8 && (t.dims ?? []).length >= 2) int8Constants.add(node.output?.[0] ?? '');
    }
    for (const node of graph.node ?? []) {
      const at = WEIGHT_INPUT[node.opType ?? ''];
      const name = at === undefined ? undefined : node.input?.[at];
      if (name !== undefined && int8Constants.has(name)) found.add(name);
    }
  }
  return [...found];
}

/** The warning for running `shown` on a CPU whose u8s8 kernels saturate, or null when its weights are safe here. */
export function int8SaturationWarning(model: onnx.IModelProto, path: Int8Path | undefined, shown: string): string | null {
  if (path === undefined || !path.signedWeightsSaturate) return null;
  const signed = signedInt8Weights(model);
  if (signed.length === 0) return null;
  return (
    `${shown} stores ${signed.length} weight tensor(s) as signed int8 (made for a CPU with VNNI, AMX or Arm dot product); ` +
    `on this CPU (${path.kernel}) onnxruntime's u8s8 kernels can saturate them and lose accuracy silently: convert the FP32 model ` +
    'here, or with --int8-weights u8 for a file to share'
  );
}
