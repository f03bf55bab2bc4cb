import { randomBytes } from 'node:crypto';
import { basename, extname } from 'node:path';
import type { ErrorInfo } from '../contract/errors';
import type { EngineEvent } from '../contract/events';
import type { BenchOptions, FailedPoint, PointResult, RunRecord, RunStatus } from '../contract/run';
import { EngineError } from '../engine/errors';
import { failedPoint } from '../engine/bench/failed-point';
import { RunFiles } from '../engine/results/run-files';
import { RunRecordBuilder } from '../engine/results/run-record';
import type { EngineHost } from './engine-host';
import { PointWatchdog, resolveDeadlines, type Deadlines } from './point-watchdog';

export type RecordedRun = {
  runId: string;
  files: RunFiles;
  done: Promise<{ status: RunStatus; record: RunRecord | null }>;
  /** Asks the worker to cancel (the point in flight is dropped) and stops any further resume. */
  cancel(): Promise<void>;
};

/** What to do when the engine worker dies (or is stopped at a deadline) in the middle of a run. */
export type RunRecovery = {
  /** A fresh host to resume the rest of the plan in; absent: a worker's death ends the run as crashed. */
  restart?: () => EngineHost;
  /** Fresh workers started for one run at most (default 3): a model that kills every worker is not retried forever. */
  maxRestarts?: number;
  /** Deadlines per point (default: resolveDeadlines). */
  deadlines?: Partial<Deadlines>;
};

export const DEFAULT_MAX_RESTARTS = 3;

/** A run id that sorts by time and says what was measured: `mlp-20261122-213512-3fa2`. */
export function newRunId(modelPath: string, now = new Date()): string {
  const stem = basename(modelPath, extname(modelPath)).replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 48) || 'model';
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stem}-${stamp}-${randomBytes(2).toString('hex')}`;
}

type Attempt = { status: RunStatus } | { died: ErrorInfo; pointIndex: number | null; timedOut: boolean };

/**
 * Starts a run on a host and keeps it on disk as it goes: every event is appended (and synced) to the run's log
 * the moment it arrives and the JSON/CSV snapshot is rewritten after each point, so a crash of the worker (or of
 * this process) loses at most the point in flight. A watchdog stops the worker when a point passes a deadline.
 * When the worker dies on a point, that point is recorded as failed ('crashed', or 'timeout' for a deadline) and,
 * with `recovery.restart`, the rest of the plan goes on in a fresh worker, a bounded number of times.
 */
export function startRecordedRun(host: EngineHost, options: BenchOptions, outDir: string, onEvent?: (event: EngineEvent, record: RunRecordBuilder) => void, recovery: RunRecovery = {}): RecordedRun {
  const runId = newRunId(options.modelPath);
  const files = RunFiles.create(outDir, runId);
  const builder = new RunRecordBuilder();
  const deadlines = resolveDeadlines(options.stopping, recovery.deadlines);
  let current = host;
  let cancelled = false;

  const record = (event: EngineEvent) => {
    builder.apply(event);
    files.append(event);
    if (event.type !== 'progress' && event.type !== 'point-started' && builder.started) files.writeSnapshot(builder.snapshot());
    onEvent?.(event, builder);
  };

  const attempt = (on: EngineHost, resumeFrom: number): Promise<Attempt> => {
    let died: { error: ErrorInfo; pointIndex: number | null } | null = null;
    let expiry: { pointIndex: number; message: string } | null = null;
    const watchdog = new PointWatchdog(deadlines, (e) => {
      expiry = e;
      on.stop(e.message);
    });
    const unsubscribe = on.subscribe((event) => {
      if ('runId' in event && event.runId !== runId) return;
      if (event.type === 'engine-crashed') {
        died = { error: event.error, pointIndex: event.pointIndex };
        return;
      }
      watchdog.observe(event);
      // A resumed worker announces the run again; the record already has it.
      if (event.type === 'run-started' && builder.started) return;
      record(event);
    });
    const carried = builder.started ? builder.snapshot().points : [];
    return on
      .call('startRun', { runId, options, resumeFrom, carried })
      .then(
        (result): Attempt => ({ status: result.status }),
        (error: unknown): Attempt => {
          // Before the run started there is nothing to resume: the caller gets the error.
          if (!(error instanceof EngineError && error.code === 'engine-crashed' && builder.started)) throw error;
          const info = died?.error ?? error.toInfo();
          const stopped = expiry as { pointIndex: number; message: string } | null;
          return { died: info, pointIndex: stopped?.pointIndex ?? died?.pointIndex ?? builder.currentPoint, timedOut: stopped !== null };
        },
      )
      .finally(() => {
        watchdog.disarm();
        unsubscribe();
      });
  };

  const run = async (): Promise<{ status: RunStatus; record: RunRecord | null }> => {
    let resumeFrom = 0;
    for (let restarts = 0; ; restarts++) {
      const outcome = await attempt(current, resumeFrom);
      if ('status' in outcome) return { status: outcome.status, record: finalSnapshot() };
      const plan = builder.snapshot().plan;
      // A result that reached us just before the worker was stopped stands; only a point without one failed.
      const measured = builder.snapshot().points.some((p) => p.index === outcome.pointIndex);
      if (outcome.pointIndex !== null && !measured) {
        const point = plan[outcome.pointIndex];
        if (point) record({ type: 'point-failed', runId, point: diedOnPoint(point, outcome) });
      }
      const canResume = recovery.restart !== undefined && !cancelled && restarts < (recovery.maxRestarts ?? DEFAULT_MAX_RESTARTS);
      if (!canResume) {
        const reason = restartsSpent(outcome.died, recovery, restarts, cancelled);
        record({ type: 'engine-crashed', runId, pointIndex: outcome.pointIndex, error: reason });
        return { status: 'crashed', record: finalSnapshot() };
      }
      resumeFrom = nextIndex(builder.snapshot().points, outcome.pointIndex);
      if (resumeFrom >= plan.length) {
        record({ type: 'run-finished', runId, finishedAt: new Date().toISOString() });
        return { status: 'complete', record: finalSnapshot() };
      }
      current = (recovery.restart as () => EngineHost)();
    }
  };

  const finalSnapshot = (): RunRecord | null => {
    const snapshot = builder.started ? builder.snapshot() : null;
    if (snapshot) files.writeSnapshot(snapshot);
    return snapshot;
  };

  const cancel = async () => {
    cancelled = true;
    await current.call('cancelRun', { runId }).catch(() => undefined);
  };

  return { runId, files, done: run(), cancel };
}

/** The point the worker was on when it died (or was stopped), as a failed point. */
function diedOnPoint(point: Parameters<typeof failedPoint>[0], outcome: { died: ErrorInfo; timedOut: boolean }): FailedPoint {
  const startedAt = new Date().toISOString();
  if (outcome.timedOut) return failedPoint(point, startedAt, 'timeout', { code: 'internal', message: outcome.died.message });
  return failedPoint(point, startedAt, 'crashed', outcome.died);
}

/** The first plan index after the point the worker died on (or after the last point recorded). */
function nextIndex(points: PointResult[], pointIndex: number | null): number {
  if (pointIndex !== null) return pointIndex + 1;
  return points.reduce((max, p) => Math.max(max, p.index + 1), 0);
}

function restartsSpent(died: ErrorInfo, recovery: RunRecovery, restarts: number, cancelled: boolean): ErrorInfo {
  if (recovery.restart === undefined || cancelled || restarts === 0) return died;
  return { ...died, message: `${died.message} (the run was resumed in a fresh worker ${restarts} time${restarts === 1 ? '' : 's'}, the most allowed)` };
}
