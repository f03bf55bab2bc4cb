import type { EngineEvent } from '../../contract/events';
import { RUN_SCHEMA_VERSION, type RunRecord, type RunStatus } from '../../contract/run';
import type { ErrorInfo } from '../../contract/errors';
import { engineRunFold, recordFromStart, recordOf } from '../../contract/run-fold';
import { appInfo } from '../app-info';
import { hostOnlyHardware, unreadModel } from './unstarted-run';
import { DEFAULT_SESSION_SETTINGS } from '../bench/session-settings';

/**
 * Folds the engine's event stream into the run record, the one object every renderer (table, CSV, JSON,
 * charts) reads; the fold is common/run-fold.ts, the renderer's live run folds with it too. Points are kept in
 * plan order whatever order they arrive in.
 */
export class RunRecordBuilder {
  private readonly fold = engineRunFold<RunRecord>({
    requested: (event) => ({
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
    }),
    started: (event) => recordFromStart(event, appInfo()),
    cancelledReason: { code: 'cancelled', message: 'the run was cancelled' },
    now: () => new Date().toISOString(),
  });

  /** The plan index of the point in flight, if one is. */
  get currentPoint(): number | null {
    return this.fold.current?.index ?? null;
  }

  apply(event: EngineEvent): void {
    this.fold.apply(event);
  }

  /** Marks a run that stopped without its own end event (the CLI was interrupted, say). */
  finish(status: Exclude<RunStatus, 'running'>, finishedAt: string, reason: ErrorInfo | null): void {
    if (this.fold.head) this.fold.finish(status, finishedAt, reason);
  }

  /** The engine described the run (run-started): plan, model and hardware are real. */
  get started(): boolean {
    return this.fold.head !== null && !this.fold.requestedOnly;
  }

  /** There is a record to write: the run was requested or started. */
  get recorded(): boolean {
    return this.fold.head !== null;
  }

  /** The record as it stands, with the points received so far. */
  snapshot(): RunRecord {
    const record = recordOf(this.fold);
    if (!record) throw new Error('no run-requested or run-started event yet');
    return { ...record, scenarios: [...record.scenarios] };
  }
}

export function applyAll(events: EngineEvent[]): RunRecord {
  const builder = new RunRecordBuilder();
  for (const event of events) builder.apply(event);
  return builder.snapshot();
}
