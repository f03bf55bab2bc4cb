// A minimal client of the browser-mode wire protocol, for tests: calls by id, events collected in order.
import WebSocket from 'ws';
import type { AppEvent, ServerMessage } from '../../../electron/contract/app-api';
import { serverMessageSchema } from '../../../electron/contract/app-api';

type Outcome = Extract<ServerMessage, { kind: 'result' }>;

export class TestClient {
  readonly events: AppEvent[] = [];
  readonly results: Outcome[] = [];
  private nextId = 1;
  private readonly waiting = new Map<number, (outcome: Outcome) => void>();
  private eventWaiters: (() => void)[] = [];

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const message = serverMessageSchema.parse(JSON.parse(data.toString()));
      if (message.kind === 'event') {
        this.events.push(message.event);
        for (const wake of this.eventWaiters.splice(0)) wake();
        return;
      }
      this.results.push(message);
      this.waiting.get(message.id)?.(message);
      this.waiting.delete(message.id);
    });
  }

  static connect(url: string, options: WebSocket.ClientOptions = {}): Promise<TestClient> {
    const socket = new WebSocket(url, options);
    return new Promise((resolve, reject) => {
      socket.once('open', () => resolve(new TestClient(socket)));
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    });
  }

  send(text: string): void {
    this.socket.send(text);
  }

  raw(method: string, params: unknown): Promise<Outcome> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      this.waiting.set(id, resolve);
      this.socket.send(JSON.stringify({ kind: 'call', id, method, params }));
    });
  }

  async call(method: string, params: unknown): Promise<unknown> {
    const outcome = await this.raw(method, params);
    if (!outcome.ok) throw new Error(`${method}: ${outcome.error.code}: ${outcome.error.message}`);
    return outcome.result;
  }

  /** Resolves once an event matching `match` has arrived (or already had). */
  async waitFor(match: (event: AppEvent) => boolean, timeoutMs = 20000): Promise<AppEvent> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no such event after ${timeoutMs} ms; got ${this.events.map((e) => e.type).join(', ')}`);
      await new Promise<void>((resolve) => {
        this.eventWaiters.push(resolve);
        setTimeout(resolve, 200);
      });
    }
  }

  close(): void {
    this.socket.close();
  }
}
