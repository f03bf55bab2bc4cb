import { RunFold, type RunFoldHooks } from '../../common/run-fold';
import type { ErrorInfo } from './errors';
import type { EngineEvent, EngineEventOf } from './events';
import { RUN_SCHEMA_VERSION, type PlanPoint, type PointResult, type RunRecord } from './run';
import type { ScenarioResult } from './scenario';

/** The run fold (common/run-fold.ts) over the engine's events; HEAD is what describes the run. */
export type EngineRunFold<Head> = RunFold<EngineEvent, Head, PointResult, PlanPoint, ScenarioResult, ErrorInfo>;

export function engineRunFold<Head>(hooks: RunFoldHooks<EngineEvent, Head, ErrorInfo>): EngineRunFold<Head> {
  return new RunFold(hooks);
}

/** The run record as run-started describes it, before any point (APP: the program that records it). */
export function recordFromStart(event: EngineEventOf<'run-started'>, app: RunRecord['app']): RunRecord {
  return {
    schemaVersion: RUN_SCHEMA_VERSION,
    kind: 'infermeter-run',
    id: event.runId,
    status: 'running',
    startedAt: event.startedAt,
    finishedAt: null,
    app,
    hardware: event.hardware,
    session: event.session,
    model: event.model,
    options: event.options,
    plan: event.plan,
    variants: event.variants,
    points: [],
    scenarios: [],
    endReason: null,
    ...(event.check === undefined ? {} : { check: event.check }),
  };
}

/** The record as the fold stands: its head with the fold's points (plan order), scenarios and end. */
export function recordOf(fold: EngineRunFold<RunRecord>, points: PointResult[] = fold.pointsInPlanOrder()): RunRecord | null {
  const head = fold.head;
  if (!head) return null;
  return { ...head, status: fold.status, finishedAt: fold.finishedAt, endReason: fold.endReason, points, scenarios: fold.scenarios };
}
