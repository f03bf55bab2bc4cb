import { z } from 'zod';
import { checkReportSchema } from './check';
import { errorInfoSchema } from './errors';
import { hardwareReportSchema } from './hardware';
import { modelInfoSchema } from './model';
import {
  benchOptionsSchema,
  failedPointSchema,
  planPointSchema,
  pointResultSchema,
  precisionVariantSchema,
  sessionSettingsSchema,
} from './run';
import { scenarioResultSchema } from './scenario';

/** Every event the engine streams. Validated on arrival in every process that receives one. */
export const engineEventSchema = z.discriminatedUnion('type', [
  /**
   * Written by the host the moment a run is asked for, before any worker has read the model: a run that dies at
   * once (a crash while the model is read, a refused model) is still on disk and listed, with its reason.
   */
  z.object({ type: z.literal('run-requested'), runId: z.string(), requestedAt: z.string(), options: benchOptionsSchema }),
  z.object({
    type: z.literal('run-started'),
    runId: z.string(),
    startedAt: z.string(),
    plan: z.array(planPointSchema),
    variants: z.array(precisionVariantSchema),
    model: modelInfoSchema,
    hardware: hardwareReportSchema,
    session: sessionSettingsSchema,
    options: benchOptionsSchema,
    /** The reference check of bench --data, run before the first point (absent without reference outputs). */
    check: checkReportSchema.optional(),
  }),
  z.object({
    type: z.literal('point-started'),
    runId: z.string(),
    point: planPointSchema,
    /** Which of the point's independent trials starts (trials of neighbouring points are interleaved). */
    trial: z.object({ number: z.number().int().positive(), of: z.number().int().positive() }).optional(),
  }),
  z.object({
    type: z.literal('progress'),
    runId: z.string(),
    index: z.number().int(),
    phase: z.enum(['session', 'warmup', 'timing', 'profile']),
    iterations: z.number().int(),
    elapsedMs: z.number(),
    /** Current relative CI half-width, once there are enough samples. */
    ciRelative: z.number().nullable(),
  }),
  z.object({ type: z.literal('point-finished'), runId: z.string(), point: pointResultSchema }),
  z.object({ type: z.literal('point-failed'), runId: z.string(), point: failedPointSchema }),
  z.object({ type: z.literal('scenario-finished'), runId: z.string(), result: scenarioResultSchema }),
  z.object({ type: z.literal('run-finished'), runId: z.string(), finishedAt: z.string() }),
  z.object({ type: z.literal('run-cancelled'), runId: z.string(), finishedAt: z.string() }),
  z.object({
    type: z.literal('engine-crashed'),
    runId: z.string().nullable(),
    /** The plan point the worker was on when it died, if a run was going. */
    pointIndex: z.number().int().nullable(),
    error: errorInfoSchema,
  }),
]);
export type EngineEvent = z.infer<typeof engineEventSchema>;
export type EngineEventType = EngineEvent['type'];
export type EngineEventOf<T extends EngineEventType> = Extract<EngineEvent, { type: T }>;
