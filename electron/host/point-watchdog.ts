import type { EngineEvent } from '../contract/events';
import type { PlanPoint, StoppingRule } from '../contract/run';
import { describePoint } from '../engine/bench/plan';

/** Hard deadlines the host enforces on each point, whatever the worker is doing (it may be stuck in native code). */
export type Deadlines = {
  /** Session creation (onnxruntime's graph optimisation included) for one point, in ms. */
  sessionMs: number;
  /** The whole point, session creation to the last timed run and the profiled pass, in ms. */
  pointMs: number;
};

export const DEFAULT_SESSION_DEADLINE_MS = 120_000;
/** The point budget beyond session creation never goes under this, however short the stopping rule. */
const MIN_MEASURE_BUDGET_MS = 300_000;

/**
 * Deadlines for a run: explicit values, else INFERMETER_SESSION_TIMEOUT_MS / INFERMETER_POINT_TIMEOUT_MS, else
 * 120 s for session creation and, for the point, that plus five times what the stopping rule allows for warm-up
 * and timing (5 min at least): generous, since the adaptive rule stops a healthy point long before. Without a
 * stopping rule (a conversion, an inspection, a rate measurement, a run's preparation) the point budget is the
 * session deadline plus the 5 min.
 */
export function resolveDeadlines(stopping: StoppingRule | null, given: Partial<Deadlines> = {}, env: NodeJS.ProcessEnv = process.env): Deadlines {
  const fromEnv = (name: string): number | undefined => {
    const value = Number(env[name]);
    return env[name] !== undefined && Number.isFinite(value) && value > 0 ? value : undefined;
  };
  const sessionMs = given.sessionMs ?? fromEnv('INFERMETER_SESSION_TIMEOUT_MS') ?? DEFAULT_SESSION_DEADLINE_MS;
  const measureMs = stopping === null ? 0 : 5 * (stopping.warmupMs + stopping.maxTimeMs);
  const pointMs = given.pointMs ?? fromEnv('INFERMETER_POINT_TIMEOUT_MS') ?? sessionMs + Math.max(MIN_MEASURE_BUDGET_MS, measureMs);
  return { sessionMs, pointMs };
}

export type Expiry = { pointIndex: number; message: string };

export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(ms < 1000 ? 3 : ms < 10_000 ? 1 : 0))} s`;
}

function phaseName(phase: 'session' | 'warmup' | 'timing' | 'profile', iterations: number): string {
  if (phase === 'session') return 'session creation';
  if (phase === 'warmup') return iterations === 0 ? 'the first inference' : 'warm-up';
  return phase === 'timing' ? 'timing' : 'the profiled pass';
}

/**
 * Watches a run's events and calls `expired` once when a point passes a deadline: session creation (from
 * point-started to the first progress after the 'session' phase) or the whole point. The caller stops the worker.
 */
export class PointWatchdog {
  private plan: PlanPoint[] = [];
  private sessionTimer: NodeJS.Timeout | null = null;
  private pointTimer: NodeJS.Timeout | null = null;
  private current: number | null = null;
  /** What the point was doing at its last progress event, for the message. */
  private doing = 'session creation';

  constructor(
    private readonly deadlines: Deadlines,
    private readonly expired: (expiry: Expiry) => void,
  ) {}

  observe(event: EngineEvent): void {
    switch (event.type) {
      case 'run-started':
        this.plan = event.plan;
        return;
      case 'point-started':
        this.arm(event.point);
        return;
      case 'progress':
        if (event.index !== this.current) return;
        if (event.phase !== 'session') this.clearSession();
        this.doing = phaseName(event.phase, event.iterations);
        return;
      default:
        this.disarm();
    }
  }

  disarm(): void {
    this.clearSession();
    if (this.pointTimer) clearTimeout(this.pointTimer);
    this.pointTimer = null;
    this.current = null;
  }

  private clearSession(): void {
    if (this.sessionTimer) clearTimeout(this.sessionTimer);
    this.sessionTimer = null;
  }

  private arm(point: PlanPoint): void {
    this.disarm();
    this.current = point.index;
    this.doing = 'session creation';
    const name = `point ${point.index + 1} of ${this.plan.length || '?'} (${describePoint(point)})`;
    const fire = (message: string) => {
      this.disarm();
      this.expired({ pointIndex: point.index, message });
    };
    this.sessionTimer = setTimeout(() => fire(`session creation for ${name} hung for more than ${formatSeconds(this.deadlines.sessionMs)}; the engine worker was stopped`), this.deadlines.sessionMs);
    this.pointTimer = setTimeout(() => fire(`${name} went past its time budget of ${formatSeconds(this.deadlines.pointMs)} (in ${this.doing}); the engine worker was stopped`), this.deadlines.pointMs);
    // A deadline must never be what keeps a finished process alive.
    this.sessionTimer.unref();
    this.pointTimer.unref();
  }
}
