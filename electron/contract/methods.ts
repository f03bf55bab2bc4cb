import { z } from 'zod';
import { checkOptionsSchema, checkReportSchema } from './check';
import { conversionReportSchema, convertOptionsSchema } from './convert';
import { generationShapeSchema } from './generation';
import { hardwareReportSchema, providerIdSchema } from './hardware';
import { builtinSummarySchema, runSummarySchema } from './library';
import { modelInfoSchema } from './model';
import { recommendationFileSchema, recommendationInputsSchema, recommendRequestSchema } from './recommend';
import { benchOptionsSchema, pointResultSchema, precisionSchema, runRecordSchema, runStatusSchema } from './run';

/**
 * The one method table: every method by name, with the schemas of its parameters and result on each side that
 * serves it. `app` is what the renderer calls (`window.infermeter`: Electron IPC and browser mode's WebSocket);
 * `engine` is what a host asks the engine worker. A name on both sides is one operation seen from two places: the
 * app names a model (a path or builtin:NAME), the engine a file, so their parameters differ where noted.
 * contract/app-api.ts (app API, IPC guard, WebSocket routes) and contract/api.ts (worker protocol) derive from it.
 */

const exportedFile = z.object({ fileName: z.string(), content: z.string() });
const hardware = { params: z.object({ probeProviders: z.boolean() }), result: hardwareReportSchema };
const cancel = { params: z.object({ runId: z.string() }), result: z.object({ cancelled: z.boolean() }) };
/** A generation run's recommendation: generated tokens/s to serve instead of `qps` requests, and the measured prompt × gen shape. */
const generationTarget = { tokensPerS: z.number().positive().optional(), shape: generationShapeSchema.optional() };

export const methods = {
  detectHardware: { app: hardware, engine: hardware },
  listBuiltins: { app: { params: z.object({}), result: z.array(builtinSummarySchema) } },
  /**
   * A model argument (a file path, or builtin:NAME[:tiny]) as a file path: a built-in model is generated (seeded)
   * into the cache first if needed. In the worker, because building one (BERT-base: 440 MB of weights) would
   * freeze the process that asks.
   */
  resolveModel: { engine: { params: z.object({ model: z.string(), cacheDir: z.string().optional() }), result: z.object({ path: z.string() }) } },
  /** App: `model` is a file path or builtin:NAME[:tiny] (built on first use); engine: the file. */
  inspectModel: {
    app: { params: z.object({ model: z.string() }), result: modelInfoSchema },
    engine: { params: z.object({ path: z.string() }), result: modelInfoSchema },
  },
  /**
   * App: starts a run and returns at once; its progress and results arrive as events, and it is saved in the
   * history. Engine: measures it, resuming where an earlier worker stopped, and returns when it ends.
   */
  startRun: {
    app: { params: z.object({ model: z.string(), options: benchOptionsSchema.omit({ modelPath: true }) }), result: z.object({ runId: z.string() }) },
    engine: {
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
  },
  cancelRun: { app: cancel, engine: cancel },
  convertModel: {
    app: { params: convertOptionsSchema.extend({ model: z.string() }), result: conversionReportSchema },
    engine: { params: convertOptionsSchema.extend({ sourcePath: z.string() }), result: conversionReportSchema },
  },
  /**
   * Runs a model on reference data (inputs and expected outputs) and compares what comes out. App: the CLI's
   * `check`, the model (a path or builtin:NAME) on a reference data folder (`dataDir`); engine: the file.
   */
  checkModel: {
    app: { params: checkOptionsSchema.extend({ model: z.string() }), result: checkReportSchema },
    engine: { params: checkOptionsSchema.extend({ modelPath: z.string() }), result: checkReportSchema },
  },
  listRuns: { app: { params: z.object({}), result: z.array(runSummarySchema) } },
  getRun: { app: { params: z.object({ runId: z.string() }), result: runRecordSchema } },
  /** The run as the CLI writes it: CSV or JSON text, and a file name to save it under. */
  exportRun: { app: { params: z.object({ runId: z.string(), format: z.enum(['csv', 'json']) }), result: exportedFile } },
  /** A CSV or JSON run file made on another machine, added to the history for comparison. */
  importRun: { app: { params: exportedFile, result: runSummarySchema } },
  /** Sets a run's tags and note (kept beside its record as `<run-id>.notes.json`); empty ones clear them. */
  annotateRun: { app: { params: z.object({ runId: z.string(), tags: z.array(z.string().min(1).max(40)).max(20), note: z.string().max(2000) }), result: runSummarySchema } },
  /**
   * Batch size under the SLO and instances ranked by cost per 1M. App: for a run of the history (`otherRunIds`:
   * runs imported from other machines), saved beside it as `<run-id>.recommendation.{json,csv}` as `bench --slo-ms`
   * writes them. Engine: the whole recommendation for the records themselves, for the app, `infermeter recommend`
   * and `bench --slo-ms` alike; there because it measures this machine's MatMul/copy rates through onnxruntime
   * (once, then cached). `ratesUnmeasured`: why the rates are not measured this time (the measurement passed its
   * deadline in an earlier worker, host/recommend-call.ts); the rows they would have fed say so. The result is
   * null when no point of the batch sweep was measured (each caller says so in its own words).
   */
  recommend: {
    app: {
      params: recommendRequestSchema.extend({
        runId: z.string(),
        otherRunIds: z.array(z.string()).default([]),
        headroom: z.number().min(0).max(10).default(0.3),
        prices: recommendRequestSchema.shape.prices.default(null),
        ...generationTarget,
      }),
      result: recommendationFileSchema,
    },
    engine: {
      params: recommendRequestSchema.extend({
        run: runRecordSchema,
        otherRuns: z.array(runRecordSchema),
        runFiles: z.array(z.string()),
        precision: precisionSchema.nullable(),
        provider: providerIdSchema.nullable(),
        qpsFrom: recommendationInputsSchema.shape.qpsFrom,
        /** Measure this machine's rates again instead of reading the cache. */
        refreshRates: z.boolean(),
        ratesUnmeasured: z.string().nullable(),
        ...generationTarget,
      }),
      result: z.object({ recommendation: recommendationFileSchema.nullable(), ratesCached: z.boolean().nullable() }),
    },
  },
  /** A recommendation as the CLI writes it: `<run-id>.recommendation.csv` (one row per instance) or `.json`. */
  exportRecommendation: { app: { params: z.object({ recommendation: recommendationFileSchema, format: z.enum(['csv', 'json']) }), result: exportedFile } },
} as const;

type Side = 'app' | 'engine';
type Signature = { params: z.ZodTypeAny; result: z.ZodTypeAny };
type Methods = typeof methods;
/** The methods one side serves, each with its signature. */
export type SideTable<S extends Side> = { [K in keyof Methods as S extends keyof Methods[K] ? K : never]: Methods[K][S & keyof Methods[K]] };

/** The table of one side, derived (not written a second time). */
export function sideTable<S extends Side>(side: S): SideTable<S> {
  const entries = Object.entries(methods).flatMap(([name, sides]) => {
    const signature = (sides as Partial<Record<Side, Signature>>)[side];
    return signature ? [[name, signature] as const] : [];
  });
  return Object.fromEntries(entries) as SideTable<S>;
}

/** The first problem with a call's parameters: where (a dotted path, '' for the whole) and what. */
export type ParamsIssue = { path: string; message: string };

/**
 * The one check of a call arriving from outside: the method is on TABLE (own names only, nothing inherited), and
 * its parameters parse (defaults applied). Each boundary words the refusal its own way.
 */
export function checkCall<T extends Record<string, Signature>>(
  table: T,
  method: string,
  params: unknown,
): { ok: true; method: keyof T & string; params: unknown } | { ok: false; unknownMethod: true } | { ok: false; unknownMethod: false; issue: ParamsIssue } {
  if (!Object.prototype.hasOwnProperty.call(table, method)) return { ok: false, unknownMethod: true };
  const parsed = (table[method] as Signature).params.safeParse(params);
  if (parsed.success) return { ok: true, method, params: parsed.data };
  const first = parsed.error.issues[0];
  return { ok: false, unknownMethod: false, issue: { path: first?.path.join('.') ?? '', message: first?.message ?? 'invalid' } };
}
