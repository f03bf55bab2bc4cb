import { z } from 'zod';

/** A dimension: a fixed size, a symbolic name, or unknown (null). */
export const dimSchema = z.union([z.number().int(), z.string(), z.null()]);
export type Dim = z.infer<typeof dimSchema>;

export const tensorInfoSchema = z.object({
  name: z.string(),
  /** onnxruntime's type names: float32, float16, int64, int32, int8, uint8, bool, string, ... */
  elemType: z.string(),
  shape: z.array(dimSchema),
});
export type TensorInfo = z.infer<typeof tensorInfoSchema>;

/** A Reshape whose literal target baked in batch 1 ([1, N] flatten), freed for any batch: `from` becomes `to`. */
export const reshapeRewriteSchema = z.object({
  node: z.string(),
  /** The initializer or Constant output holding the target. */
  tensor: z.string(),
  from: z.array(z.number().int()),
  to: z.array(z.number().int()),
});
export type ReshapeRewrite = z.infer<typeof reshapeRewriteSchema>;

export const batchAxisSchema = z.object({
  /**
   * symbolic: dim 0 is already symbolic on every input; rewritable: dim 0 is a fixed 1 and will be made
   * symbolic, and/or flatten Reshapes with a fixed [1, N] target get a free first dim; hard-coded: the graph bakes the batch in (Reshape targets etc.), measure batch 1 only;
   * none: no input has a batch-like leading dim.
   */
  kind: z.enum(['symbolic', 'rewritable', 'hard-coded', 'none']),
  /** Name of the symbolic batch dim (after any rewrite). */
  dimName: z.string().nullable(),
  /** Inputs that carry the batch axis at dim 0. */
  inputs: z.array(z.string()),
  reason: z.string(),
  /**
   * Flatten Reshapes whose target is rewritten with the batch (kind 'rewritable'); the rewrite is kept only when a
   * batch-2 run equals two batch-1 runs. Absent in records made before such rewrites existed.
   */
  reshapeRewrites: z.array(reshapeRewriteSchema).optional(),
});
export type BatchAxis = z.infer<typeof batchAxisSchema>;

export const costEstimateSchema = z.object({
  /** Floating-point operations per sample (a multiply-add counts as 2). */
  flopsPerSample: z.number(),
  /** Bytes read and written per sample: weights once per batch amortised at batch 1, plus activations. */
  bytesPerSample: z.number(),
  flopsByOp: z.record(z.string(), z.number()),
  /** Ops whose cost was not estimated (shape unknown or op not modelled). */
  unestimatedOps: z.array(z.string()),
  method: z.string(),
  /**
   * FLOPs of the matrix ops (MatMul, Gemm, Conv and their quantised forms) by the output elements each writes per
   * sample (ops reading the same input counted as one fused kernel), grouped to powers of √2: how many GPU thread
   * blocks a batch gives each kernel. Absent in older records.
   */
  gemmOutputs: z.array(z.object({ outputs: z.number(), flops: z.number() })).optional(),
});
export type CostEstimate = z.infer<typeof costEstimateSchema>;

/** Where counted parameters came from: constant tensors feeding compute, by the kind of source that holds them. */
export const parameterSourceSchema = z.object({
  source: z.enum(['initializer', 'external-data', 'sparse-initializer', 'constant-node', 'constant-of-shape']),
  tensors: z.number(),
  count: z.number(),
  bytes: z.number(),
});
export type ParameterSource = z.infer<typeof parameterSourceSchema>;

export const modelInfoSchema = z.object({
  path: z.string(),
  fileBytes: z.number(),
  sha256: z.string(),
  irVersion: z.number(),
  producer: z.string(),
  opsets: z.array(z.object({ domain: z.string(), version: z.number() })),
  inputs: z.array(tensorInfoSchema),
  outputs: z.array(tensorInfoSchema),
  nodeCount: z.number(),
  opHistogram: z.record(z.string(), z.number()),
  parameterCount: z.number(),
  parameterBytes: z.number(),
  /** Absent in records made before the sources were reported. */
  parameterSources: z.array(parameterSourceSchema).optional(),
  externalData: z.array(z.object({ location: z.string(), bytes: z.number() })),
  batch: batchAxisSchema,
  cost: costEstimateSchema,
  warnings: z.array(z.string()),
});
export type ModelInfo = z.infer<typeof modelInfoSchema>;
