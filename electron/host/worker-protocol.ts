import { z } from 'zod';
import { replyEnvelope, requestEnvelope } from '../contract/rpc';
import { engineEventSchema } from '../contract/events';
import { phaseSchema } from '../contract/phase';

/** Messages between a host and its engine worker: request/response plus a stream of events. */
export const hostToWorkerSchema = requestEnvelope('request');
export type HostToWorker = z.infer<typeof hostToWorkerSchema>;

export const workerToHostSchema = z.union([
  z.object({ kind: z.literal('ready') }),
  ...replyEnvelope('response').options,
  z.object({ kind: z.literal('event'), event: engineEventSchema }),
  /** What the worker is doing (engine/phase.ts), so a deadline can say where it was stuck. */
  z.object({ kind: z.literal('phase'), phase: phaseSchema }),
]);
export type WorkerToHost = z.infer<typeof workerToHostSchema>;
