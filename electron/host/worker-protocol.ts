import { z } from 'zod';
import { errorInfoSchema } from '../contract/errors';
import { engineEventSchema } from '../contract/events';

/** Messages between a host and its engine worker: request/response plus a stream of events. */
export const hostToWorkerSchema = z.object({
  kind: z.literal('request'),
  id: z.number().int(),
  method: z.string(),
  params: z.unknown(),
});
export type HostToWorker = z.infer<typeof hostToWorkerSchema>;

export const workerToHostSchema = z.union([
  z.object({ kind: z.literal('ready') }),
  z.object({ kind: z.literal('response'), id: z.number().int(), ok: z.literal(true), result: z.unknown() }),
  z.object({ kind: z.literal('response'), id: z.number().int(), ok: z.literal(false), error: errorInfoSchema }),
  z.object({ kind: z.literal('event'), event: engineEventSchema }),
  /** What the worker is doing (engine/phase.ts), so a deadline can say where it was stuck. */
  z.object({ kind: z.literal('phase'), phase: z.object({ kind: z.enum(['session', 'inference', 'work']), what: z.string().max(200) }) }),
]);
export type WorkerToHost = z.infer<typeof workerToHostSchema>;
