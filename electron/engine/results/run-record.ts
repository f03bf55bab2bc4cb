import type { EngineEvent } from '../../contract/events';
import { RUN_SCHEMA_VERSION, type PointResult, type RunRecord, type RunStatus } from '../../contract/run';
import type { ErrorInfo } from '../../contract/errors';
import { appInfo } from '../app-info';
import { hostOnlyHardware, unreadModel } from './unstarted-run';
import { DEFAULT_SESSION_SETTINGS } from '../bench/session-settings';

/**
 * Folds the engine's event stream into the run record, the one object every renderer (table, CSV, JSON,
 * charts) reads. Points are kept in plan order whatever order they arrive in.
 */
export class RunRecordBuilder {
  private record: RunRecord | null = null;
  private readonly points = new Map<number, PointResult>();
  /** True while the record is the host's stand-in from run-requested (the engine has not described the run yet). */
  private requestedOnly = false;
  currentPoint: number | null = null;

  apply(event: EngineEvent): void {
    switch (event.type) {
      case 'run-requested':
        if (this.record) return;
        this.requestedOnly = true;
        this.record = {
          schemaVersion: RUN_SCHEMA_VERSION,
          kind: 'infermeter-run',
          id: event.runId,
          status: 'running',
          startedAt: event.requestedAt,
          finishedAt: null,
          app: appInfo(),
          hardware: hostOnlyHardware(event.requestedAt),
          session: DEFAULT_SESSION_SETTINGS,
          model: unreadModel(event.options),
          options: event.options,
          plan: [],
          variants: [],
          points: [],
          scenarios: [],
          endReason: null,
        };
        return;
      case 'run-started':
        if (this.record && !this.requestedOnly) return;
        this.requestedOnly = false;
        this.record = {
          schemaVersion: RUN_SCHEMA_VERSION,
          kind: 'infermeter-run',
          id: event.runId,
          status: 'running',
          startedAt: event.startedAt,
          finishedAt: null,
          app: appInfo(),
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
        return;
      case 'point-started':
        this.currentPoint = event.point.index;
        return;
      case 'point-finished':
      case 'point-failed':
        this.points.set(event.point.index, event.point);
        this.currentPoint = null;
        return;
      case 'scenario-finished':
        this.record?.scenarios.push(event.result);
        return;
      case 'run-finished':
        this.finish('complete', event.finishedAt, null);
        return;
      case 'run-cancelled':
        this.finish('cancelled', event.finishedAt, { code: 'cancelled', message: 'the run was cancelled' });
        return;
      case 'engine-crashed':
        this.finish('crashed', new Date().toISOString(), event.error);
        return;
      case 'progress':
        return;
    }
  }

  /** Marks a run that stopped without its own end event (the CLI was interrupted, say). */
  finish(status: Exclude<RunStatus, 'running'>, finishedAt: string, reason: ErrorInfo | null): void {
    if (!this.record || this.record.status !== 'running') return;
    this.record.status = status;
    this.record.finishedAt = finishedAt;
    this.record.endReason = reason;
  }

  /** The engine described the run (run-started): plan, model and hardware are real. */
  get started(): boolean {
    return this.record !== null && !this.requestedOnly;
  }

  /** There is a record to write: the run was requested or started. */
  get recorded(): boolean {
    return this.record !== null;
  }

  /** The record as it stands, with the points received so far. */
  snapshot(): RunRecord {
    if (!this.record) throw new Error('no run-requested or run-started event yet');
    return { ...this.record, points: [...this.points.values()].sort((a, b) => a.index - b.index) };
  }
}

export function applyAll(events: EngineEvent[]): RunRecord {
  const builder = new RunRecordBuilder();
  for (const event of events) builder.apply(event);
  return builder.snapshot();
}
