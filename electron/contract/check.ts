import { z } from 'zod';
import { providerIdSchema } from './hardware';
import { precisionSchema } from './precision';

/** numpy.testing.assert_allclose's rule, as the ONNX backend tests use it: |actual - expected| <= atol + rtol·|expected|. */
export const toleranceSchema = z.object({ rtol: z.number().nonnegative(), atol: z.number().nonnegative() });
export type Tolerance = z.infer<typeof toleranceSchema>;

/** The ONNX backend tests' defaults (onnx/backend/test/runner: rtol=1e-3, atol=1e-7). */
export const DEFAULT_TOLERANCE: Tolerance = { rtol: 1e-3, atol: 1e-7 };

export const checkOptionsSchema = z.object({
  /** A data folder: test_data_set_N/ subfolders (or one set) of input_K / output_K as TensorProto .pb or .npy. */
  dataDir: z.string(),
  providers: z.array(providerIdSchema).min(1),
  precisions: z.array(precisionSchema).min(1),
  tolerance: toleranceSchema,
});
export type CheckOptions = z.infer<typeof checkOptionsSchema>;

/** How far one output is from a reference, over one data set or (aggregated) over all of them. */
export const outputErrorSchema = z.object({
  maxAbsError: z.number(),
  /** max |actual - expected| / |expected| over elements whose expected value is not 0. */
  maxRelError: z.number(),
  cosine: z.number(),
  /** Rows whose argmax agrees, when the output looks like class scores ([batch, classes]); null otherwise. */
  top1: z.object({ agree: z.number().int(), rows: z.number().int() }).nullable(),
  /** Elements outside the tolerance (NaN where the reference is not NaN counts). */
  mismatched: z.number().int(),
  elements: z.number().int(),
});
export type OutputError = z.infer<typeof outputErrorSchema>;

export const outputCheckSchema = z.object({
  output: z.string(),
  /** Against the reference data, worst over the data sets (mismatched and elements summed). */
  reference: outputErrorSchema,
  /** Against the CPU FP32 run on the same data (every row but CPU FP32 itself). */
  againstCpuFp32: outputErrorSchema.nullable(),
  pass: z.boolean(),
  /** Per data set, in the order of `sets`. */
  perSet: z.array(outputErrorSchema.extend({ pass: z.boolean(), note: z.string().nullable() })),
});
export type OutputCheck = z.infer<typeof outputCheckSchema>;

export const checkRowSchema = z.object({
  provider: providerIdSchema,
  precision: precisionSchema,
  /** All outputs of all sets within tolerance; false when the row could not run. */
  pass: z.boolean(),
  /** Why the model could not be made or run at this provider × precision; null when it ran. */
  error: z.string().nullable(),
  outputs: z.array(outputCheckSchema),
});
export type CheckRow = z.infer<typeof checkRowSchema>;

export const checkReportSchema = z.object({
  modelPath: z.string(),
  dataDir: z.string(),
  /** The data sets' folder names, in the order they ran. */
  sets: z.array(z.string()),
  tolerance: toleranceSchema,
  rows: z.array(checkRowSchema),
  /** Reference data that cannot tell a right model from a wrong one (constant, or the same for every input). */
  warnings: z.array(z.string()),
  pass: z.boolean(),
});
export type CheckReport = z.infer<typeof checkReportSchema>;
