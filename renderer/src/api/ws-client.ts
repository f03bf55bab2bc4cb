import { appMethods, serverMessageSchema, type AppEvent, type AppMethod, type AppParams, type AppResult, type ClientMessage, type InfermeterApi } from '../../../electron/contract/app-api';
import { ApiError } from './errors';

/** What the connection is doing, for the status line. */
export type ConnectionState = { kind: 'connecting' } | { kind: 'connected' } | { kind: 'reconnecting'; inMs: number; reason: string } | { kind: 'no-token' };

interface Pending {
  method: AppMethod;
  resolve: (value: unknown) => void;
  reject: (error: ApiError) => void;
}

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 5000;

/**
 * InfermeterApi over browser mode's WebSocket (`/ws?token=…`). Everything that arrives is validated against the
 * contract; calls made while disconnected wait for the connection; a dropped connection fails the calls in
 * flight (their outcome is unknown) and reconnects with backoff. After a reconnect, listeners get a
 * `history-changed` so views reload what they show.
 */
export function createWsClient(url: string, onState: (state: ConnectionState) => void): InfermeterApi {
  const listeners = new Set<(event: AppEvent) => void>();
  const pending = new Map<number, Pending>();
  let outbox: string[] = [];
  let nextId = 1;
  let socket: WebSocket | null = null;
  let retryMs = RETRY_MIN_MS;
  let everConnected = false;

  const emit = (event: AppEvent) => {
    for (const l of listeners) l(event);
  };

  const connect = () => {
    onState({ kind: 'connecting' });
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      retryMs = RETRY_MIN_MS;
      onState({ kind: 'connected' });
      for (const m of outbox) ws.send(m);
      outbox = [];
      if (everConnected) emit({ type: 'history-changed' });
      everConnected = true;
    };
    ws.onmessage = (message) => receive(message.data);
    ws.onclose = (closed) => {
      socket = null;
      const reason = closed.reason || (closed.code === 1008 ? 'the server refused the token' : 'the connection to the infermeter server dropped');
      for (const [id, p] of pending) {
        p.reject(new ApiError({ code: 'internal', message: `${p.method}: ${reason}; it may or may not have run. Try again once reconnected.` }));
        pending.delete(id);
      }
      onState({ kind: 'reconnecting', inMs: retryMs, reason });
      setTimeout(connect, retryMs);
      retryMs = Math.min(RETRY_MAX_MS, retryMs * 2);
    };
  };

  const receive = (data: unknown) => {
    let json: unknown;
    try {
      json = JSON.parse(typeof data === 'string' ? data : '');
    } catch {
      console.warn('infermeter: ignored a WebSocket message that is not JSON');
      return;
    }
    const parsed = serverMessageSchema.safeParse(json);
    if (!parsed.success) {
      console.warn('infermeter: ignored a message that does not match the contract', parsed.error.issues.slice(0, 3));
      return;
    }
    const msg = parsed.data;
    if (msg.kind === 'event') {
      emit(msg.event);
      return;
    }
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (!msg.ok) {
      p.reject(new ApiError(msg.error));
      return;
    }
    const result = appMethods[p.method].result.safeParse(msg.result);
    if (result.success) p.resolve(result.data);
    else p.reject(new ApiError({ code: 'internal', message: `${p.method}: the server's answer does not match the contract`, detail: result.error.message }));
  };

  const token = new URLSearchParams(location.search).get('token');
  if (token) connect();
  else onState({ kind: 'no-token' });

  return {
    call<M extends AppMethod>(method: M, params: AppParams<M>): Promise<AppResult<M>> {
      if (!token) return Promise.reject(new ApiError({ code: 'bad-input', message: 'This page was opened without its token: open the URL that `infermeter serve` printed.' }));
      const checked = appMethods[method].params.safeParse(params);
      if (!checked.success) return Promise.reject(new ApiError({ code: 'bad-input', message: `${method}: ${checked.error.issues[0]?.message ?? 'invalid parameters'}` }));
      const id = nextId++;
      const message: ClientMessage = { kind: 'call', id, method, params: checked.data };
      return new Promise<AppResult<M>>((resolve, reject) => {
        pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject });
        const text = JSON.stringify(message);
        if (socket && socket.readyState === WebSocket.OPEN) socket.send(text);
        else outbox.push(text);
      });
    },
    subscribe(listener: (event: AppEvent) => void): () => void {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** The WebSocket URL of the page's own server, carrying the page's token. */
export function wsUrlForPage(): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws?token=${encodeURIComponent(token)}`;
}
