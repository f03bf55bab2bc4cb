import { z } from 'zod';
import { int8PathSchema, int8WeightEncodingSchema } from './hardware';

export const conversionTargetSchema = z.enum(['fp16', 'int8', 'int8-static']);
export type ConversionTarget = z.infer<typeof conversionTargetSchema>;

/** One output of the converted model against the FP32 model's, on the same inputs. */
export const outputAccuracySchema = z.object({
  name: z.string(),
  maxAbsError: z.number(),
  /** ||converted - reference||₂ / ||reference||₂ */
  relativeL2: z.number(),
  cosine: z.number(),
  /** Share of samples whose argmax agrees, when the output looks like class scores; null otherwise. */
  top1Agreement: z.number().nullable(),
});
export type OutputAccuracy = z.infer<typeof outputAccuracySchema>;

export const accuracyReportSchema = z.object({
  /** How many input samples were compared, and where they came from. */
  samples: z.number().int(),
  inputs: z.enum(['random', 'user']),
  outputs: z.array(outputAccuracySchema),
  /** The worst figure over the outputs. */
  maxAbsError: z.number(),
  relativeL2: z.number(),
  cosine: z.number(),
  top1Agreement: z.number().nullable(),
  /** FP32 outputs that make the comparison meaningless (constant, or the same for every input). Absent in older reports. */
  warnings: z.array(z.string()).optional(),
});
export type AccuracyReport = z.infer<typeof accuracyReportSchema>;

/** `auto` stores INT8 weights in the form that cannot saturate on the CPU converting; s8 or u8 ask for one. */
export const int8WeightsChoiceSchema = z.enum(['auto', 's8', 'u8']);
export type Int8WeightsChoice = z.infer<typeof int8WeightsChoiceSchema>;

/** How an INT8 variant stores its weights, and the INT8 path of the CPU it was made on. */
export const int8EncodingReportSchema = z.object({
  weightEncoding: int8WeightEncodingSchema,
  choice: int8WeightsChoiceSchema,
  madeOn: int8PathSchema,
});
export type Int8EncodingReport = z.infer<typeof int8EncodingReportSchema>;

export const conversionReportSchema = z.object({
  target: conversionTargetSchema,
  converterVersion: z.number().int(),
  sourcePath: z.string(),
  sourceSha256: z.string(),
  outputPath: z.string(),
  sourceBytes: z.number(),
  outputBytes: z.number(),
  nodesTotal: z.number().int(),
  nodesConverted: z.number().int(),
  /** Nodes left in FP32, each with why (block list, no kernel, not quantizable, ...). */
  keptFp32: z.array(z.object({ node: z.string(), op: z.string(), reason: z.string() })),
  warnings: z.array(z.string()),
  /** Set when nothing was converted because the model already is in the target precision (the reason). */
  skipped: z.string().nullable(),
  accuracy: accuracyReportSchema.nullable(),
  convertMs: z.number(),
  /** INT8 targets: the weight encoding and why; null for FP16 and in reports made before it was recorded. */
  int8: int8EncodingReportSchema.nullable().default(null),
});
export type ConversionReport = z.infer<typeof conversionReportSchema>;

/** What `convertModel` is asked to do (the engine API's parameters, less the source path). */
export const convertOptionsSchema = z.object({
  to: conversionTargetSchema,
  outPath: z.string(),
  /** FP16: keep float32 model inputs and outputs, with casts at the edges (default true). */
  keepIoTypes: z.boolean().optional(),
  /** FP16: ops kept in float32 (default: the converter's own list). */
  blockList: z.array(z.string()).optional(),
  /** INT8: one scale per output channel. */
  perChannel: z.boolean().optional(),
  /** INT8: how weights are stored (default auto: what cannot saturate on this CPU). */
  int8Weights: int8WeightsChoiceSchema.optional(),
  /** INT8 static: calibration inputs, random or a folder of input tensors. */
  calibration: z.union([
    z.object({ kind: z.literal('random'), count: z.number().int().positive() }),
    z.object({ kind: z.literal('folder'), path: z.string() }),
  ]).optional(),
  calibrationMethod: z.enum(['minmax', 'percentile']).optional(),
  /** Random samples the accuracy check runs (default 8); 0 skips the check. */
  accuracySamples: z.number().int().nonnegative().optional(),
  /** A folder of user inputs for the accuracy check, in the calibration folder's format. */
  accuracyInputs: z.string().optional(),
  /** A reference data folder in `check`'s layout (test_data_set_N/input_K.pb|npy): its inputs for the accuracy check. */
  referenceData: z.string().optional(),
  seed: z.number().int().optional(),
  dims: z.record(z.string(), z.number().int().positive()).optional(),
  intRanges: z.record(z.string(), z.tuple([z.number().int(), z.number().int()])).optional(),
});
export type ConvertOptions = z.infer<typeof convertOptionsSchema>;
