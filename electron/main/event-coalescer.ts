import type { AppEvent } from '../contract/app-api';

/** About one display frame: progress reaches the window within a frame or two, and never more often. */
export const COALESCE_MS = 16;

type Timers = { set(callback: () => void, ms: number): unknown; clear(handle: unknown): void };
const realTimers: Timers = {
  set: (callback, ms) => setTimeout(callback, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Forwards events in order, coalescing `progress`: within one interval only the latest progress of each point is
 * sent. Any other event first flushes the progress held back, so the renderer never sees a point's progress after
 * the point finished.
 */
export class EventCoalescer {
  private readonly held = new Map<string, AppEvent>();
  private timer: unknown = null;

  constructor(
    private readonly send: (event: AppEvent) => void,
    private readonly intervalMs = COALESCE_MS,
    private readonly timers: Timers = realTimers,
  ) {}

  push(event: AppEvent): void {
    if (event.type !== 'progress') {
      this.flush();
      this.send(event);
      return;
    }
    const key = `${event.runId}\u0000${event.index}`;
    this.held.delete(key); // re-insert so the map keeps arrival order of the latest updates
    this.held.set(key, event);
    if (this.timer === null) this.timer = this.timers.set(() => this.flush(), this.intervalMs);
  }

  flush(): void {
    if (this.timer !== null) {
      this.timers.clear(this.timer);
      this.timer = null;
    }
    const events = [...this.held.values()];
    this.held.clear();
    for (const event of events) this.send(event);
  }

  dispose(): void {
    if (this.timer !== null) this.timers.clear(this.timer);
    this.timer = null;
    this.held.clear();
  }
}
