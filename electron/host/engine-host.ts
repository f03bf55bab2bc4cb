import { engineMethods, type EngineMethod, type ParamsOf, type ResultOf } from '../contract/api';
import type { ErrorInfo } from '../contract/errors';
import type { EngineEvent } from '../contract/events';
import type { PlanPoint } from '../contract/run';
import type { Phase } from '../engine/phase';
import { describePoint } from '../engine/bench/plan';
import { engineRunFold, type EngineRunFold } from '../contract/run-fold';
import { EngineError } from '../engine/errors';
import { forkEngineWorker, type WorkerChannel } from './worker-channel';
import { workerToHostSchema } from './worker-protocol';

type Pending = { method: EngineMethod; resolve: (value: unknown) => void; reject: (error: Error) => void };
export type EventListener = (event: EngineEvent) => void;
export type PhaseListener = (phase: Phase) => void;

/**
 * Runs the engine in an expendable process and speaks the contract to it: `call` (request/response) and
 * `subscribe` (the event stream). Everything arriving from the worker is validated. If the worker dies, the host
 * says which point it was on and fails the calls in flight; events already delivered are the caller's to keep.
 */
export class EngineHost {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<EventListener>();
  private readonly phaseListeners = new Set<PhaseListener>();
  private closing = false;
  private exited = false;
  /** Set when the host ended the worker on purpose (a watchdog's deadline): reported instead of the signal. */
  private stopReason: string | null = null;
  /** The run going in this worker, folded as every run is (common/run-fold.ts): the point a crash is blamed on. */
  private run: EngineRunFold<{ runId: string; plan: PlanPoint[] }> | null = null;

  constructor(private readonly worker: WorkerChannel) {
    worker.onMessage((raw) => this.receive(raw));
    worker.onExit((code, signal) => this.workerExited(code, signal));
  }

  static start(): EngineHost {
    return new EngineHost(forkEngineWorker());
  }

  get workerPid(): number | undefined {
    return this.worker.pid;
  }

  /** False once the worker has exited (crashed or closed): start a new host to go on. */
  get alive(): boolean {
    return !this.exited;
  }

  call<M extends EngineMethod>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
    if (this.exited) return Promise.reject(new EngineError('engine-crashed', 'the engine worker is not running'));
    const id = this.nextId++;
    return new Promise<ResultOf<M>>((resolve, reject) => {
      this.pending.set(id, { method, resolve: resolve as (value: unknown) => void, reject });
      this.worker.send({ kind: 'request', id, method, params });
    });
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** What the worker reports it is doing (session creation, inference, other work), for deadlines. */
  onPhase(listener: PhaseListener): () => void {
    this.phaseListeners.add(listener);
    return () => this.phaseListeners.delete(listener);
  }

  close(): void {
    this.closing = true;
    this.worker.kill();
  }

  /** Ends a worker that is stuck (a deadline passed): the run and the calls in flight fail with REASON. */
  stop(reason: string): void {
    if (this.exited || this.closing) return;
    this.stopReason = reason;
    this.worker.kill();
  }

  private receive(raw: unknown): void {
    const parsed = workerToHostSchema.safeParse(raw);
    if (!parsed.success) return; // off-contract messages are dropped, never trusted
    const message = parsed.data;
    if (message.kind === 'event') {
      this.track(message.event);
      for (const listener of this.listeners) listener(message.event);
      return;
    }
    if (message.kind === 'phase') {
      for (const listener of this.phaseListeners) listener(message.phase);
      return;
    }
    if (message.kind !== 'response') return;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    this.pending.delete(message.id);
    if (!message.ok) {
      pending.reject(new EngineError(message.error.code, message.error.message, message.error.detail));
      return;
    }
    const result = engineMethods[pending.method].result.safeParse(message.result);
    if (result.success) pending.resolve(result.data);
    else pending.reject(new EngineError('internal', `${pending.method}: the engine answered off the contract (${result.error.issues[0]?.message})`));
  }

  private track(event: EngineEvent): void {
    if (event.type === 'run-started') this.run = engineRunFold({ started: (e) => ({ runId: e.runId, plan: e.plan }), cancelledReason: null, now: () => new Date().toISOString() });
    this.run?.apply(event);
    if (event.type === 'run-finished' || event.type === 'run-cancelled') this.run = null;
  }

  private workerExited(code: number | null, signal: string | null): void {
    this.exited = true;
    if (this.closing) return;
    const how = signal ? `was killed (${signal})` : `exited with code ${code}`;
    const message = this.stopReason ?? `the engine worker ${how}${this.whereItDied()}`;
    const error: ErrorInfo = { code: 'engine-crashed', message, detail: this.worker.stderrTail() };
    if (this.run?.head) {
      const crash: EngineEvent = { type: 'engine-crashed', runId: this.run.head.runId, pointIndex: this.run.current?.index ?? null, error };
      for (const listener of this.listeners) listener(crash);
      this.run = null;
    }
    for (const pending of this.pending.values()) pending.reject(new EngineError('engine-crashed', error.message, error.detail));
    this.pending.clear();
  }

  private whereItDied(): string {
    if (!this.run?.head) return '';
    const point = this.run.current;
    const total = this.run.head.plan.length;
    return point ? ` while measuring point ${point.index + 1} of ${total} (${describePoint(point)})` : ' between points';
  }
}
