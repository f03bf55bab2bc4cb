import { isBatchSweep } from '../../../common/plan';
import type { FoldChange } from '../../../common/run-fold';
import type { AppEvent } from '../../../electron/contract/app-api';
import type { ErrorInfo } from '../../../electron/contract/errors';
import type { EngineEventOf } from '../../../electron/contract/events';
import type { PlanPoint, PointResult, RunRecord, RunStatus } from '../../../electron/contract/run';
import { engineRunFold, recordFromStart } from '../../../electron/contract/run-fold';
import type { ScenarioResult } from '../../../electron/contract/scenario';

/**
 * What the run view shows while a run goes: built from the event stream alone, by the fold the engine's run
 * record uses (common/run-fold.ts), plus the in-flight point's progress.
 */
export class LiveRun {
  /** The fold keeps the run-started event as the run's description. */
  readonly fold = engineRunFold<EngineEventOf<'run-started'>>({ started: (event) => event, cancelledReason: null, now: () => new Date().toISOString() });
  plan: PlanPoint[] = [];
  phase: string | null = null;
  iterations = 0;
  ciRelative: number | null = null;

  /** STARTEDATMS: wall-clock ms (the caller's clock) when the run started, for the ETA. */
  constructor(
    readonly runId: string,
    readonly startedAtMs: number,
  ) {}

  get started(): EngineEventOf<'run-started'> | null {
    return this.fold.head;
  }

  /** Finished points (measured or failed) in arrival order. */
  get points(): PointResult[] {
    return this.fold.points;
  }

  /** Server / concurrency scenario results, one per provider × precision, as they finish. */
  get scenarios(): ScenarioResult[] {
    return this.fold.scenarios;
  }

  get current(): PlanPoint | null {
    return this.fold.current;
  }

  get status(): RunStatus {
    return this.fold.status;
  }

  get endError(): ErrorInfo | null {
    return this.fold.endReason;
  }

  /** The run as a run record (the shape a loaded run has), once run-started has described it. */
  record(): RunRecord | null {
    const started = this.fold.head;
    if (!started) return null;
    return { ...recordFromStart(started, UNKNOWN_APP), status: this.fold.status, finishedAt: this.fold.finishedAt, endReason: this.fold.endReason, points: this.fold.points, scenarios: this.fold.scenarios };
  }
}

/** The live view does not know which program records the run; the record on disk says. */
const UNKNOWN_APP = { name: 'infermeter', version: '' };

export function newLiveRun(runId: string, nowMs: number): LiveRun {
  return new LiveRun(runId, nowMs);
}

/**
 * Applies one event to the run it belongs to (events of other runs are ignored) and says what changed, so the
 * caller redraws only that. Mutates `run`: a sweep of thousands of points must not copy its history per event.
 */
export function applyEvent(run: LiveRun, event: AppEvent): FoldChange {
  if (event.type === 'history-changed') return 'none';
  if (event.runId !== run.runId) return 'none';
  const change = run.fold.apply(event);
  if (event.type === 'run-started') run.plan = event.plan;
  if (event.type === 'point-started' || event.type === 'progress') {
    run.phase = event.type === 'progress' ? event.phase : 'session';
    run.iterations = event.type === 'progress' ? event.iterations : 0;
    run.ciRelative = event.type === 'progress' ? event.ciRelative : null;
  }
  return change;
}

/** Scenario results a server / concurrency run will produce (one per provider × precision); 0 for a batch sweep. */
export function scenarioTotal(run: LiveRun): number {
  const o = run.started?.options;
  if (!o || isBatchSweep(o.scenario)) return 0;
  return o.providers.length * o.precisions.length;
}

/** Fraction done, 0…1, counting finished points (or finished scenarios, for a scenario run). */
export function fractionDone(run: LiveRun): number {
  const scenarios = scenarioTotal(run);
  if (scenarios > 0) return Math.min(1, run.scenarios.length / scenarios);
  return run.plan.length === 0 ? 0 : Math.min(1, run.points.length / run.plan.length);
}

/** Remaining time from the mean time per finished point so far; null until one point has finished. */
export function etaMs(run: LiveRun, nowMs: number): number | null {
  const scenarios = scenarioTotal(run);
  const total = scenarios || run.plan.length;
  const done = scenarios ? run.scenarios.length : run.points.length;
  if (done === 0 || total === 0 || run.status !== 'running') return null;
  const perPoint = (nowMs - run.startedAtMs) / done;
  return Math.max(0, perPoint * (total - done));
}
