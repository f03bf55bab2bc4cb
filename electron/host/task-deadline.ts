import type { EngineMethod, ParamsOf, ResultOf } from '../contract/api';
import type { Phase } from '../engine/phase';
import type { EngineHost } from './engine-host';
import { formatSeconds, type Deadlines } from './point-watchdog';

/**
 * The deadlines of work that is not a bench point (a conversion, an inspection, a rate measurement, a run's
 * preparation), held the same way: each session creation the worker reports gets the session deadline, the whole
 * task the point budget. Calls `expired` once with the message; the caller stops the worker.
 */
export class TaskDeadline {
  private total: NodeJS.Timeout | null;
  private session: NodeJS.Timeout | null = null;
  private doing = 'starting';
  private readonly startedAt = Date.now();

  constructor(
    private readonly deadlines: Deadlines,
    private readonly label: string,
    private readonly expired: (message: string) => void,
  ) {
    this.total = setTimeout(() => this.fire(`${label} went past its time budget of ${formatSeconds(deadlines.pointMs)} (in ${this.doing}); the engine worker was stopped`), deadlines.pointMs);
    this.total.unref();
  }

  /** What the worker is doing now; a session creation starts the session deadline, anything else ends it. */
  observe(phase: Phase): void {
    if (this.total === null) return;
    this.doing = phase.what;
    this.clearSession();
    if (phase.kind !== 'session') return;
    const message = `session creation for ${this.label} (${phase.what}) hung for more than ${formatSeconds(this.deadlines.sessionMs)}; the engine worker was stopped`;
    this.session = setTimeout(() => this.fire(message), this.deadlines.sessionMs);
    this.session.unref();
  }

  /** What the task is doing and for how long, for a progress line. */
  status(): { doing: string; elapsedMs: number; leftMs: number } {
    const elapsedMs = Date.now() - this.startedAt;
    return { doing: this.doing, elapsedMs, leftMs: Math.max(0, this.deadlines.pointMs - elapsedMs) };
  }

  disarm(): void {
    this.clearSession();
    if (this.total) clearTimeout(this.total);
    this.total = null;
  }

  private clearSession(): void {
    if (this.session) clearTimeout(this.session);
    this.session = null;
  }

  private fire(message: string): void {
    this.disarm();
    this.expired(message);
  }
}

/**
 * One engine call under the deadlines: past either, the worker is stopped and the call fails as 'engine-crashed'
 * with the deadline's message (the host must then be replaced). LABEL names the task: "convert of model.onnx".
 */
export async function callWithDeadlines<M extends EngineMethod>(host: EngineHost, method: M, params: ParamsOf<M>, deadlines: Deadlines, label: string): Promise<ResultOf<M>> {
  const task = new TaskDeadline(deadlines, label, (message) => host.stop(message));
  const off = host.onPhase((phase) => task.observe(phase));
  try {
    return await host.call(method, params);
  } finally {
    task.disarm();
    off();
  }
}
