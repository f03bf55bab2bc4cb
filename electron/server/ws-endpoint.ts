import type { RawData, WebSocket } from 'ws';
import { clientMessageSchema, type ServerMessage } from '../contract/app-api';
import type { AppService } from '../host/app-service';
import type { CallPolicy } from './call-policy';

/** The id an off-contract message is answered with when it carries no usable id of its own. */
export const NO_ID = -1;

function send(socket: WebSocket, message: ServerMessage): void {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
}

function usableId(raw: unknown): number {
  const id = typeof raw === 'object' && raw !== null ? (raw as { id?: unknown }).id : undefined;
  return typeof id === 'number' && Number.isInteger(id) ? id : NO_ID;
}

/**
 * One browser connection speaking the contract's wire messages: every incoming message is validated (an
 * off-contract one is answered with a bad-input error, never trusted), calls pass the server's policy (allowed
 * folders, run-start rate) and go to the service, and every app event is pushed to the client.
 */
export function serveConnection(socket: WebSocket, service: AppService, policy: CallPolicy): void {
  const unsubscribe = service.subscribe((event) => send(socket, { kind: 'event', event }));
  socket.on('close', unsubscribe);
  socket.on('error', () => socket.terminate());
  socket.on('message', (data: RawData, isBinary: boolean) => {
    let raw: unknown;
    try {
      raw = isBinary ? undefined : JSON.parse(data.toString());
    } catch {
      raw = undefined;
    }
    const parsed = clientMessageSchema.safeParse(raw);
    if (!parsed.success) {
      const error = { code: 'bad-input' as const, message: 'off-contract message: send {"kind":"call","id":N,"method":"...","params":{...}} as JSON text' };
      send(socket, { kind: 'result', id: usableId(raw), ok: false, error });
      return;
    }
    const { id, method } = parsed.data;
    void service.handle(method, parsed.data.params, (m, params) => policy.check(m, params)).then((outcome) => send(socket, outcome.ok ? { kind: 'result', id, ok: true, result: outcome.result } : { kind: 'result', id, ok: false, error: outcome.error }));
  });
}
