import { randomBytes } from 'node:crypto';
import { basename, extname } from 'node:path';
import type { ErrorInfo } from '../contract/errors';
import type { EngineEvent } from '../contract/events';
import type { BenchOptions, FailedPoint, PointResult, RunRecord, RunStatus } from '../contract/run';
import { EngineError, toErrorInfo } from '../engine/errors';
import { failedPoint } from '../engine/bench/failed-point';
import { RunFiles } from '../engine/results/run-files';
import { RunRecordBuilder } from '../engine/results/run-record';
import type { EngineHost } from './engine-host';
import { PointWatchdog, resolveDeadlines, type Deadlines } from './point-watchdog';
import { TaskDeadline } from './task-deadline';

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

type Attempt =
  | { status: RunStatus }
  | { died: ErrorInfo; pointIndex: number | null; timedOut: boolean; preparing: boolean };

/** How long a cancelled run waits for the worker to stop by itself before the worker is ended (it may be in native code). */
export const CANCEL_GRACE_MS = 3000;

/**
 * Starts a run on a host and keeps it on disk as it goes: a first record the moment the run is asked for, then every
 * event appended (and synced) to the run's log as it arrives and the JSON/CSV snapshot rewritten after each point,
 * so a crash of the worker (or of this process) loses at most the point in flight. Deadlines hold the run's
 * preparation and each point; past one, the worker is stopped. When the worker dies (or is stopped) on a point,
 * that point is recorded as failed ('crashed', or 'timeout' for a deadline) and, with `recovery.restart`, the rest
 * of the plan goes on in a fresh worker, a bounded number of times; a worker that dies before the first point is
 * replaced the same way and the run starts again. A write that fails stops the run, keeping what was written.
 */
export function startRecordedRun(host: EngineHost, options: BenchOptions, outDir: string, onEvent?: (event: EngineEvent, record: RunRecordBuilder) => void, recovery: RunRecovery = {}): RecordedRun {
  const runId = newRunId(options.modelPath);
  const files = RunFiles.create(outDir, runId);
  const builder = new RunRecordBuilder();
  const deadlines = resolveDeadlines(options.stopping, recovery.deadlines);
  let current = host;
  let cancelled = false;
  let writeFailure: ErrorInfo | null = null;

  const write = (event: EngineEvent) => {
    if (writeFailure !== null) return;
    try {
      files.append(event);
      if (event.type !== 'progress' && event.type !== 'point-started' && builder.recorded) files.writeSnapshot(builder.snapshot());
    } catch (error) {
      const kept = builder.recorded ? builder.snapshot().points.length : 0;
      writeFailure = { code: 'bad-input', message: `${outDir}: writing the run files failed (${describeWriteError(error)}); the run was stopped, ${kept} finished point${kept === 1 ? '' : 's'} kept in ${files.paths.jsonl}` };
      current.stop(writeFailure.message);
    }
  };

  const record = (event: EngineEvent) => {
    builder.apply(event);
    write(event);
    onEvent?.(event, builder);
  };

  const attempt = (on: EngineHost, resumeFrom: number): Promise<Attempt> => {
    let died: { error: ErrorInfo; pointIndex: number | null } | null = null;
    let expiry: { pointIndex: number | null; message: string } | null = null;
    const watchdog = new PointWatchdog(deadlines, (e) => {
      expiry = e;
      on.stop(e.message);
    });
    // Until the engine announces the run (model read, providers probed, variants made) the preparation has its deadline.
    const preparation = builder.started ? null : new TaskDeadline(deadlines, `preparing run ${runId}`, (message) => {
      expiry = { pointIndex: null, message };
      on.stop(message);
    });
    const offPhase = on.onPhase((phase) => preparation?.observe(phase));
    const unsubscribe = on.subscribe((event) => {
      if ('runId' in event && event.runId !== runId) return;
      if (event.type === 'engine-crashed') {
        died = { error: event.error, pointIndex: event.pointIndex };
        return;
      }
      if (event.type === 'run-started') preparation?.disarm();
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
          if (!(error instanceof EngineError && error.code === 'engine-crashed')) throw error;
          const info = died?.error ?? error.toInfo();
          const stopped = expiry as { pointIndex: number | null; message: string } | null;
          const preparing = !builder.started;
          return { died: info, pointIndex: stopped?.pointIndex ?? died?.pointIndex ?? builder.currentPoint, timedOut: stopped !== null, preparing };
        },
      )
      .finally(() => {
        preparation?.disarm();
        offPhase();
        watchdog.disarm();
        unsubscribe();
      });
  };

  const run = async (): Promise<{ status: RunStatus; record: RunRecord | null }> => {
    record({ type: 'run-requested', runId, requestedAt: new Date().toISOString(), options });
    let resumeFrom = 0;
    for (let restarts = 0; ; restarts++) {
      let outcome: Attempt;
      try {
        outcome = await attempt(current, resumeFrom);
      } catch (error) {
        // The engine refused the run before it started (a bad model, a bad option): the record says why.
        record({ type: 'engine-crashed', runId, pointIndex: null, error: toErrorInfo(error) });
        throw error;
      }
      if (writeFailure !== null) return ended('interrupted', writeFailure);
      if ('status' in outcome) return { status: outcome.status, record: finalSnapshot() };
      if (cancelled) {
        record({ type: 'run-cancelled', runId, finishedAt: new Date().toISOString() });
        return { status: 'cancelled', record: finalSnapshot() };
      }
      const plan = builder.snapshot().plan;
      // A result that reached us just before the worker was stopped stands; only a point without one failed.
      const measured = builder.snapshot().points.some((p) => p.index === outcome.pointIndex);
      if (outcome.pointIndex !== null && !measured) {
        const point = plan[outcome.pointIndex];
        if (point) record({ type: 'point-failed', runId, point: diedOnPoint(point, outcome) });
      }
      // Nothing more could be kept: no fresh worker for the rest of the plan.
      if (writeFailure !== null) return ended('interrupted', writeFailure);
      // A preparation that ran out of time would run out again: only a death is worth another worker.
      const retriable = !(outcome.preparing && outcome.timedOut);
      const canResume = retriable && recovery.restart !== undefined && restarts < (recovery.maxRestarts ?? DEFAULT_MAX_RESTARTS);
      if (!canResume) {
        const reason = restartsSpent(outcome.died, recovery, retriable ? restarts : 0, cancelled);
        record({ type: 'engine-crashed', runId, pointIndex: outcome.pointIndex, error: reason });
        return { status: 'crashed', record: finalSnapshot() };
      }
      resumeFrom = builder.started ? nextIndex(builder.snapshot().points, plan.length) : 0;
      if (builder.started && resumeFrom >= plan.length) {
        record({ type: 'run-finished', runId, finishedAt: new Date().toISOString() });
        return { status: 'complete', record: finalSnapshot() };
      }
      current = (recovery.restart as () => EngineHost)();
    }
  };

  /** Ends the run without an event on disk (the disk is what failed): the snapshot is tried once more. */
  const ended = (status: 'interrupted', reason: ErrorInfo): { status: RunStatus; record: RunRecord | null } => {
    builder.finish(status, new Date().toISOString(), reason);
    const snapshot = builder.recorded ? builder.snapshot() : null;
    if (snapshot) {
      try {
        files.writeSnapshot(snapshot);
      } catch {
        // the log holds every finished point
      }
    }
    return { status, record: snapshot };
  };

  const finalSnapshot = (): RunRecord | null => {
    const snapshot = builder.recorded ? builder.snapshot() : null;
    if (snapshot && writeFailure === null) files.writeSnapshot(snapshot);
    return snapshot;
  };

  const cancel = async () => {
    if (cancelled) return;
    cancelled = true;
    const stopping = current;
    // A worker stuck in native code (a session being created, an endless inference) never reads the request.
    const grace = setTimeout(() => stopping.stop('the run was cancelled and the engine worker, busy in onnxruntime, was stopped'), CANCEL_GRACE_MS);
    grace.unref();
    done.finally(() => clearTimeout(grace)).catch(() => undefined);
    await stopping.call('cancelRun', { runId }).catch(() => undefined);
  };

  const done = run();
  return { runId, files, done, cancel };
}

function describeWriteError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ? `${e.code}${e.path ? ` on ${e.path}` : ''}` : String(error);
}

/** The point the worker was on when it died (or was stopped), as a failed point. */
function diedOnPoint(point: Parameters<typeof failedPoint>[0], outcome: { died: ErrorInfo; timedOut: boolean }): FailedPoint {
  const startedAt = new Date().toISOString();
  if (outcome.timedOut) return failedPoint(point, startedAt, 'timeout', { code: 'internal', message: outcome.died.message });
  return failedPoint(point, startedAt, 'crashed', outcome.died);
}

/**
 * Where a fresh worker resumes: the first plan point with no result yet (the one the worker died on is recorded by
 * then). Points are measured in interleaved blocks and reported when their block ends, so points of the block the
 * worker died in may lie before the one it died on; the engine measures every later point not in `carried`.
 */
function nextIndex(points: PointResult[], planLength: number): number {
  const recorded = new Set(points.map((p) => p.index));
  let i = 0;
  while (i < planLength && recorded.has(i)) i++;
  return i;
}

function restartsSpent(died: ErrorInfo, recovery: RunRecovery, restarts: number, cancelled: boolean): ErrorInfo {
  if (recovery.restart === undefined || cancelled || restarts === 0) return died;
  return { ...died, message: `${died.message} (the run was resumed in a fresh worker ${restarts} time${restarts === 1 ? '' : 's'}, the most allowed)` };
}
