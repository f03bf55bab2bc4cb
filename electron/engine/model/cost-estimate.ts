// FLOPs and bytes moved per sample, from a shape-propagation pass at batch 1 and the per-op counts of op-costs.
import type { BatchAxis, CostEstimate } from '../../contract/model';
import { elemTypeBytes, type onnx } from './onnx-proto';
import { opKey, product } from './graph-walk';
import { nodeFlops } from './op-costs';
import { UNKNOWN, type TensorFacts } from './shape-facts';
import { inferShapes } from './shape-inference';

export interface CostOptions {
  /** Values for symbolic non-batch dims, by dim name or "input:axis" (e.g. { sequence: 128 }). */
  dims?: Record<string, number>;
  /** Full input shapes, as the bench will feed them (their batch dim is counted as 1). */
  shapes?: Record<string, number[]>;
}

export const COST_METHOD =
  'Counted at batch 1 from inferred shapes: a multiply-add is 2 FLOPs (MatMul, Gemm, Conv, attention), elementwise and normalisation ops a few FLOPs per element, data movement none; bytes are each node\'s inputs (weights included, Gather only the rows it reads) and outputs, read or written once.';

/** Ops that are views or metadata in onnxruntime: they move no bytes worth counting. */
const NO_TRAFFIC = new Set(['Constant', 'Shape', 'Size', 'Reshape', 'Squeeze', 'Unsqueeze', 'Flatten', 'Identity', 'Dropout']);

/** Matrix ops: one tiled GEMM-like kernel each on a GPU, whose output size decides how many thread blocks it has. */
const MATRIX_OPS = new Set(['MatMul', 'MatMulInteger', 'QLinearMatMul', 'Gemm', 'Conv', 'ConvInteger', 'QLinearConv', 'ConvTranspose', 'Einsum', 'com.microsoft:Attention']);

/** Groups (output elements, FLOPs) pairs by output size, to the nearest power of √2: a few dozen entries for any model. */
export function groupGemmOutputs(pairs: ReadonlyArray<{ outputs: number; flops: number }>): Array<{ outputs: number; flops: number }> {
  const groups = new Map<number, { outputs: number; flops: number }>();
  for (const { outputs, flops } of pairs) {
    if (!(outputs > 0) || !(flops > 0)) continue;
    const key = Math.round(Math.log2(outputs) * 2);
    const g = groups.get(key) ?? { outputs: 2 ** (key / 2), flops: 0 };
    g.flops += flops;
    groups.set(key, g);
  }
  return [...groups.values()].sort((a, b) => a.outputs - b.outputs);
}

function tensorBytes(t: TensorFacts): number {
  if (t.shape === null) return 0;
  return product(t.shape) * (elemTypeBytes[t.dtype] || 4);
}

function nodeBytes(node: onnx.INodeProto, ins: TensorFacts[], outs: TensorFacts[]): number {
  const key = opKey(node);
  if (NO_TRAFFIC.has(key)) return 0;
  const written = outs.reduce((n, t) => n + tensorBytes(t), 0);
  if (key === 'Gather') return tensorBytes(ins[1] ?? UNKNOWN) + 2 * written;
  return ins.reduce((n, t) => n + tensorBytes(t), 0) + written;
}

/**
 * Estimates the model's cost per sample. The batch dim counts as 1 (dim 0 of `batchInfo.inputs`, and every dim named
 * `batchInfo.dimName`); other symbolic dims need `options.dims`, or the ops they reach go to unestimatedOps.
 */
export function estimateCost(model: onnx.IModelProto, batchInfo: BatchAxis, options: CostOptions = {}): CostEstimate {
  const facts = inferShapes(model, {
    batchDimName: batchInfo.dimName,
    batchInputs: batchInfo.kind === 'none' ? [] : batchInfo.inputs,
    batch: 1,
    dims: options.dims ?? {},
    shapes: options.shapes ?? {},
  });
  const flopsByOp: Record<string, number> = {};
  const unestimated = new Set<string>();
  let flops = 0;
  let bytes = 0;
  // Matrix ops reading the same activation run as one wider kernel on GPU runtimes: onnxruntime's Attention fusion
  // packs Q, K and V into one MatMul, TensorRT fuses layers that share an input horizontally (developer guide, "Layer fusion").
  const gemm = new Map<string, { outputs: number; flops: number }>();
  for (const node of model.graph?.node ?? []) {
    const ins = (node.input ?? []).map((n) => (n === '' ? UNKNOWN : (facts.get(n) ?? UNKNOWN)));
    const outs = (node.output ?? []).map((n) => facts.get(n) ?? UNKNOWN);
    const key = opKey(node);
    const f = nodeFlops(node, ins, outs);
    if (f === null || !Number.isFinite(f)) {
      unestimated.add(key);
    } else if (f > 0) {
      flopsByOp[key] = (flopsByOp[key] ?? 0) + f;
      flops += f;
      const shape = outs[0]?.shape;
      if (MATRIX_OPS.has(key) && shape) {
        const sibling = node.input?.[0] || `${node.name ?? ''}#${gemm.size}`;
        const g = gemm.get(sibling) ?? { outputs: 0, flops: 0 };
        gemm.set(sibling, { outputs: g.outputs + product(shape), flops: g.flops + f });
      }
    }
    bytes += nodeBytes(node, ins, outs);
  }
  return { flopsPerSample: flops, bytesPerSample: bytes, flopsByOp, unestimatedOps: [...unestimated].sort(), method: COST_METHOD, gemmOutputs: groupGemmOutputs([...gemm.values()]) };
}
