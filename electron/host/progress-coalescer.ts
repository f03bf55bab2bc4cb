import type { EngineEvent } from '../contract/events';

/** DESIGN: progress is coalesced to a few dozen events a second at most; 20/s per run keeps a bar smooth. */
export const PROGRESS_INTERVAL_MS = 50;

type Pending = { event: EngineEvent; timer: NodeJS.Timeout };

/**
 * The one place progress is coalesced (the app service, for both shells: Electron IPC and the WebSocket pass its
 * events on as they come). Passes events through in order, but lets at most one progress event per run out every interval: the latest
 * one wins. Any other event of a run first drops that run's pending progress, which it supersedes.
 */
export class ProgressCoalescer {
  private readonly lastSent = new Map<string, number>();
  private readonly pending = new Map<string, Pending>();

  constructor(
    private readonly send: (event: EngineEvent) => void,
    private readonly intervalMs = PROGRESS_INTERVAL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  push(event: EngineEvent): void {
    if (event.type !== 'progress') {
      const runId = event.runId;
      if (runId !== null) this.drop(runId);
      if (event.type === 'run-finished' || event.type === 'run-cancelled' || event.type === 'engine-crashed') {
        if (runId !== null) this.lastSent.delete(runId);
      }
      this.send(event);
      return;
    }
    const waiting = this.pending.get(event.runId);
    if (waiting) {
      waiting.event = event;
      return;
    }
    const since = this.now() - (this.lastSent.get(event.runId) ?? -Infinity);
    if (since >= this.intervalMs) {
      this.emitProgress(event);
      return;
    }
    const timer = setTimeout(() => {
      const latest = this.pending.get(event.runId);
      this.pending.delete(event.runId);
      if (latest) this.emitProgress(latest.event);
    }, this.intervalMs - since);
    this.pending.set(event.runId, { event, timer });
  }

  /** Stops every timer; pending progress is dropped. */
  close(): void {
    for (const runId of [...this.pending.keys()]) this.drop(runId);
  }

  private emitProgress(event: EngineEvent): void {
    if ('runId' in event && event.runId !== null) this.lastSent.set(event.runId, this.now());
    this.send(event);
  }

  private drop(runId: string): void {
    const waiting = this.pending.get(runId);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    this.pending.delete(runId);
  }
}
