// What every converter (FP16, INT8 dynamic, INT8 static) hands back to convertModel.
import type { onnx } from '../model/onnx-proto';

/** A node left in FP32, and why (block list, no kernel, not quantizable, ...). */
export type NodeKept = { node: string; op: string; reason: string };

export interface TransformResult {
  model: onnx.ModelProto;
  nodesConverted: number;
  keptFp32: NodeKept[];
  warnings: string[];
  /** Set when nothing was converted (the reason, e.g. "already float16"); `model` is then the input model. */
  skipped: string | null;
}
