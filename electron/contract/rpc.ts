import { z } from 'zod';
import { errorInfoSchema } from './errors';

/**
 * The one request/response envelope of every process boundary: the engine worker's messages
 * (host/worker-protocol.ts), the browser mode's WebSocket (app-api.ts) and Electron's IPC call (shell.ts) all
 * build theirs here. A request names a method of a contract table; a reply carries its result or an ErrorInfo.
 */

/** A call's outcome: errors travel as data. */
export const callReplySchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({ ok: z.literal(false), error: errorInfoSchema }),
]);
export type CallReply = z.infer<typeof callReplySchema>;

/** A numbered request, tagged KIND on its wire. */
export function requestEnvelope<K extends string>(kind: K) {
  return z.object({ kind: z.literal(kind), id: z.number().int(), method: z.string(), params: z.unknown() });
}

/** The numbered reply to a request, tagged KIND on its wire: the call's outcome with the request's id. */
export function replyEnvelope<K extends string>(kind: K) {
  const tag = z.object({ kind: z.literal(kind), id: z.number().int() });
  return z.union([tag.extend(callReplySchema.options[0].shape), tag.extend(callReplySchema.options[1].shape)]);
}
