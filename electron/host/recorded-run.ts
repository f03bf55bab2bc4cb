import { randomBytes } from 'node:crypto';
import { basename, extname } from 'node:path';
import type { EngineEvent } from '../contract/events';
import type { BenchOptions, RunRecord, RunStatus } from '../contract/run';
import { EngineError } from '../engine/errors';
import { RunFiles } from '../engine/results/run-files';
import { RunRecordBuilder } from '../engine/results/run-record';
import type { EngineHost } from './engine-host';

export type RecordedRun = { runId: string; files: RunFiles; done: Promise<{ status: RunStatus; record: RunRecord | null }> };

/** A run id that sorts by time and says what was measured: `mlp-20261122-213512-3fa2`. */
export function newRunId(modelPath: string, now = new Date()): string {
  const stem = basename(modelPath, extname(modelPath)).replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 48) || 'model';
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `${stem}-${stamp}-${randomBytes(2).toString('hex')}`;
}

/**
 * Starts a run on a host and keeps it on disk as it goes: every event is appended to the run's log the moment
 * it arrives and the JSON/CSV snapshot is rewritten after each point, so a crash of the worker (or of this
 * process) loses at most the point in flight.
 */
export function startRecordedRun(host: EngineHost, options: BenchOptions, outDir: string, onEvent?: (event: EngineEvent, record: RunRecordBuilder) => void): RecordedRun {
  const runId = newRunId(options.modelPath);
  const files = RunFiles.create(outDir, runId);
  const builder = new RunRecordBuilder();
  const unsubscribe = host.subscribe((event) => {
    if ('runId' in event && event.runId !== runId) return;
    builder.apply(event);
    files.append(event);
    if (event.type !== 'progress' && event.type !== 'point-started' && builder.started) files.writeSnapshot(builder.snapshot());
    onEvent?.(event, builder);
  });
  const done = host
    .call('startRun', { runId, options, resumeFrom: 0 })
    .then(
      (result) => result.status,
      (error: unknown) => {
        // A crash already arrived as an event and is in the record; anything else before the run started is the caller's.
        if (error instanceof EngineError && error.code === 'engine-crashed' && builder.started) return 'crashed' as const;
        throw error;
      },
    )
    .then((status) => {
      const record = builder.started ? builder.snapshot() : null;
      if (record) files.writeSnapshot(record);
      return { status, record };
    })
    .finally(unsubscribe);
  return { runId, files, done };
}
