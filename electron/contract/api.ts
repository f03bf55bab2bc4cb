import { z } from 'zod';
import { checkOptionsSchema, checkReportSchema } from './check';
import { conversionReportSchema, convertOptionsSchema } from './convert';
import { hardwareReportSchema } from './hardware';
import { modelInfoSchema } from './model';
import { providerIdSchema } from './hardware';
import { machineRatesSchema, recommendationFileSchema, recommendRequestSchema } from './recommend';
import { benchOptionsSchema, pointResultSchema, precisionSchema, runRecordSchema, runStatusSchema } from './run';

/**
 * The engine's methods: each declared once with the schema of its parameters and result.
 * Hosts, shells and the worker derive their types from this table.
 */
export const engineMethods = {
  detectHardware: {
    params: z.object({ probeProviders: z.boolean() }),
    result: hardwareReportSchema,
  },
  /**
   * A model argument (a file path, or builtin:NAME[:tiny]) as a file path: a built-in model is generated (seeded)
   * into the cache first if needed. In the worker, because building one (BERT-base: 440 MB of weights) would
   * freeze the process that asks.
   */
  resolveModel: {
    params: z.object({ model: z.string(), cacheDir: z.string().optional() }),
    result: z.object({ path: z.string() }),
  },
  inspectModel: {
    params: z.object({ path: z.string() }),
    result: modelInfoSchema,
  },
  startRun: {
    params: z.object({
      runId: z.string(),
      options: benchOptionsSchema,
      /** Plan points before this index are not measured (an earlier worker measured them or died on them). */
      resumeFrom: z.number().int().nonnegative(),
      /** Results an earlier worker produced, so a resumed sweep still stops growing where it had stopped. */
      carried: z.array(pointResultSchema).optional(),
    }),
    result: z.object({ runId: z.string(), status: runStatusSchema }),
  },
  cancelRun: {
    params: z.object({ runId: z.string() }),
    result: z.object({ cancelled: z.boolean() }),
  },
  convertModel: {
    params: convertOptionsSchema.extend({ sourcePath: z.string() }),
    result: conversionReportSchema,
  },
  /** Runs a model on reference data (inputs and expected outputs) and compares what comes out. */
  checkModel: {
    params: checkOptionsSchema.extend({ modelPath: z.string() }),
    result: checkReportSchema,
  },
  /**
   * Batch-size and instance recommendation for `run` (measured here; `otherRuns` imported from other machines).
   * In the engine because it measures this machine's MatMul/copy rates through onnxruntime (once, then cached).
   */
  recommend: {
    params: recommendRequestSchema.extend({ run: runRecordSchema, otherRuns: z.array(runRecordSchema), runFiles: z.array(z.string()) }),
    result: recommendationFileSchema,
  },
  /** This machine's MatMul and copy rates through onnxruntime for one provider × precision (cached after the first time). */
  machineRates: {
    params: z.object({ provider: providerIdSchema, precision: precisionSchema, refresh: z.boolean() }),
    result: machineRatesSchema.extend({ cached: z.boolean() }),
  },
} as const;

export type EngineMethods = typeof engineMethods;
export type EngineMethod = keyof EngineMethods;
export type ParamsOf<M extends EngineMethod> = z.infer<EngineMethods[M]['params']>;
export type ResultOf<M extends EngineMethod> = z.infer<EngineMethods[M]['result']>;
