import { z } from 'zod';
import { replyEnvelope, requestEnvelope } from './rpc';
import { engineEventSchema } from './events';
import { sideTable } from './methods';

/**
 * The API the renderer sees as `window.infermeter`, the same in the Electron app (preload → main) and in browser
 * mode (WebSocket client → server). Two primitives only: `call` (request/response) and `subscribe` (the event
 * stream). Every method is declared once in contract/methods.ts; each side validates what arrives.
 */

export { builtinSummarySchema, runSummarySchema, type BuiltinSummaryInfo, type RunSummary } from './library';

/** The app's side of the one method table (contract/methods.ts). */
export const appMethods = sideTable('app');

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
