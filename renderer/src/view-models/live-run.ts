import { isBatchSweep } from '../../../common/plan';
import type { AppEvent } from '../../../electron/contract/app-api';
import type { ErrorInfo } from '../../../electron/contract/errors';
import type { EngineEventOf } from '../../../electron/contract/events';
import type { PlanPoint, PointResult, RunStatus } from '../../../electron/contract/run';
import type { ScenarioResult } from '../../../electron/contract/scenario';

/** What the run view shows while a run goes: built from the event stream alone. */
export interface LiveRun {
  runId: string;
  started: EngineEventOf<'run-started'> | null;
  plan: PlanPoint[];
  /** Finished points (measured or failed) in arrival order. */
  points: PointResult[];
  /** Server / concurrency scenario results, one per provider × precision, as they finish. */
  scenarios: ScenarioResult[];
  current: PlanPoint | null;
  phase: string | null;
  iterations: number;
  ciRelative: number | null;
  status: RunStatus;
  /** Wall-clock ms (the caller's clock) when the run started, for the ETA. */
  startedAtMs: number;
  endError: ErrorInfo | null;
}

export function newLiveRun(runId: string, nowMs: number): LiveRun {
  return { runId, started: null, plan: [], points: [], scenarios: [], current: null, phase: null, iterations: 0, ciRelative: null, status: 'running', startedAtMs: nowMs, endError: null };
}

/**
 * Applies one event to the run it belongs to (events of other runs are ignored) and says what changed, so the
 * caller redraws only that. Mutates `run`: a sweep of thousands of points must not copy its history per event.
 */
export function applyEvent(run: LiveRun, event: AppEvent): 'none' | 'progress' | 'point' | 'status' {
  if (event.type === 'history-changed') return 'none';
  if (event.runId !== run.runId) return 'none';
  switch (event.type) {
    case 'run-requested':
      return 'none';
    case 'run-started':
      run.started = event;
      run.plan = event.plan;
      return 'status';
    case 'point-started':
      run.current = event.point;
      run.phase = 'session';
      run.iterations = 0;
      run.ciRelative = null;
      return 'progress';
    case 'progress':
      run.phase = event.phase;
      run.iterations = event.iterations;
      run.ciRelative = event.ciRelative;
      return 'progress';
    case 'point-finished':
    case 'point-failed':
      if (run.points.some((p) => p.index === event.point.index)) return 'none';
      run.points.push(event.point);
      return 'point';
    case 'scenario-finished':
      run.scenarios.push(event.result);
      return 'status';
    case 'run-finished':
      run.status = 'complete';
      run.current = null;
      return 'status';
    case 'run-cancelled':
      run.status = 'cancelled';
      run.current = null;
      return 'status';
    case 'engine-crashed':
      run.status = 'crashed';
      run.current = null;
      run.endError = event.error;
      return 'status';
  }
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
