import { z } from 'zod';

/**
 * What the engine worker is doing right now, reported to its host for the deadlines (engine/phase.ts sends it):
 * a session being created, a model being run, this machine's rate measurement (a part of a recommendation that
 * gets a deadline of its own, named by `what`), or other work.
 */
export const phaseSchema = z.object({ kind: z.enum(['session', 'inference', 'rates', 'work']), what: z.string().max(200) });
export type Phase = z.infer<typeof phaseSchema>;
export type PhaseKind = Phase['kind'];
