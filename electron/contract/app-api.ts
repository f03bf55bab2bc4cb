import { z } from 'zod';
import { checkOptionsSchema, checkReportSchema } from './check';
import { conversionReportSchema, convertOptionsSchema } from './convert';
import { replyEnvelope, requestEnvelope } from './rpc';
import { engineEventSchema } from './events';
import { hardwareReportSchema } from './hardware';
import { modelInfoSchema, tensorInfoSchema } from './model';
import { recommendationFileSchema, recommendRequestSchema } from './recommend';
import { benchOptionsSchema, runRecordSchema, runStatusSchema } from './run';

/**
 * The API the renderer sees as `window.infermeter`, the same in the Electron app (preload → main) and in browser
 * mode (WebSocket client → server). Two primitives only: `call` (request/response) and `subscribe` (the event
 * stream). Every method is declared here once with its schemas; both sides validate what arrives.
 */

export const builtinSummarySchema = z.object({
  name: z.string(),
  description: z.string(),
  sizes: z.array(z.enum(['tiny', 'base'])),
  base: z.object({ params: z.number(), flopsPerSample: z.number(), cached: z.boolean(), inputs: z.array(tensorInfoSchema.extend({ description: z.string().optional() })) }),
  tiny: z.object({ params: z.number(), flopsPerSample: z.number(), cached: z.boolean(), inputs: z.array(tensorInfoSchema.extend({ description: z.string().optional() })) }),
});
export type BuiltinSummaryInfo = z.infer<typeof builtinSummarySchema>;

/** One line of the run history: enough to list, pick and compare runs without loading their samples. */
export const runSummarySchema = z.object({
  id: z.string(),
  status: runStatusSchema,
  startedAt: z.string(),
  model: z.string(),
  modelSha256: z.string(),
  machine: z.string(),
  points: z.number().int(),
  bestThroughput: z.number().nullable(),
  /** Where the run came from: measured here, or imported from a file made elsewhere. */
  origin: z.enum(['local', 'imported']),
  /** What the user wrote about the run (History's Notes): short tags and a free note. */
  tags: z.array(z.string()).default([]),
  note: z.string().default(''),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

export const appMethods = {
  detectHardware: { params: z.object({ probeProviders: z.boolean() }), result: hardwareReportSchema },
  listBuiltins: { params: z.object({}), result: z.array(builtinSummarySchema) },
  /** `model` is a file path or builtin:NAME[:tiny] (built on first use). */
  inspectModel: { params: z.object({ model: z.string() }), result: modelInfoSchema },
  /** Starts a run and returns at once; its progress and results arrive as events, and it is saved in the history. */
  startRun: { params: z.object({ model: z.string(), options: benchOptionsSchema.omit({ modelPath: true }) }), result: z.object({ runId: z.string() }) },
  cancelRun: { params: z.object({ runId: z.string() }), result: z.object({ cancelled: z.boolean() }) },
  convertModel: { params: convertOptionsSchema.extend({ model: z.string() }), result: conversionReportSchema },
  /** The CLI's `check`: the model on a reference data folder (`dataDir`), every output against its reference. */
  checkModel: { params: checkOptionsSchema.extend({ model: z.string() }), result: checkReportSchema },
  listRuns: { params: z.object({}), result: z.array(runSummarySchema) },
  getRun: { params: z.object({ runId: z.string() }), result: runRecordSchema },
  /** The run as the CLI writes it: CSV or JSON text, and a file name to save it under. */
  exportRun: { params: z.object({ runId: z.string(), format: z.enum(['csv', 'json']) }), result: z.object({ fileName: z.string(), content: z.string() }) },
  /** A CSV or JSON run file made on another machine, added to the history for comparison. */
  importRun: { params: z.object({ fileName: z.string(), content: z.string() }), result: runSummarySchema },
  /** Sets a run's tags and note (kept beside its record as `<run-id>.notes.json`); empty ones clear them. */
  annotateRun: { params: z.object({ runId: z.string(), tags: z.array(z.string().min(1).max(40)).max(20), note: z.string().max(2000) }), result: runSummarySchema },
  /**
   * Batch size under the SLO and instances ranked by cost per 1M for a run of the history (`otherRunIds`: runs
   * imported from other machines, measured numbers for their hardware). Saved beside the run as
   * `<run-id>.recommendation.{json,csv}`, as `bench --slo-ms` writes them.
   */
  recommend: {
    params: recommendRequestSchema.extend({ runId: z.string(), otherRunIds: z.array(z.string()).default([]), headroom: z.number().min(0).max(10).default(0.3), prices: recommendRequestSchema.shape.prices.default(null) }),
    result: recommendationFileSchema,
  },
  /** A recommendation as the CLI writes it: `<run-id>.recommendation.csv` (one row per instance) or `.json`. */
  exportRecommendation: { params: z.object({ recommendation: recommendationFileSchema, format: z.enum(['csv', 'json']) }), result: z.object({ fileName: z.string(), content: z.string() }) },
} as const;

export type AppMethods = typeof appMethods;
export type AppMethod = keyof AppMethods;
export type AppParams<M extends AppMethod> = z.infer<AppMethods[M]['params']>;
export type AppResult<M extends AppMethod> = z.infer<AppMethods[M]['result']>;

/** True for the names of the table's methods (and nothing inherited). */
export function isAppMethod(method: string): method is AppMethod {
  return Object.prototype.hasOwnProperty.call(appMethods, method);
}

/** Events the renderer receives: the engine's, plus the history changing. */
export const appEventSchema = z.union([engineEventSchema, z.object({ type: z.literal('history-changed') })]);
export type AppEvent = z.infer<typeof appEventSchema>;

/** What `window.infermeter` is, in both shells. */
export interface InfermeterApi {
  call<M extends AppMethod>(method: M, params: AppParams<M>): Promise<AppResult<M>>;
  subscribe(listener: (event: AppEvent) => void): () => void;
}

/** Wire messages of the browser-mode WebSocket (the Electron IPC carries the same shapes). */
export const clientMessageSchema = requestEnvelope('call');
export const serverMessageSchema = z.union([...replyEnvelope('result').options, z.object({ kind: z.literal('event'), event: appEventSchema })]);
export type ClientMessage = z.infer<typeof clientMessageSchema>;
export type ServerMessage = z.infer<typeof serverMessageSchema>;
