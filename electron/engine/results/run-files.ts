import { closeSync, fsyncSync, openSync, renameSync, writeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { engineEventSchema, type EngineEvent } from '../../contract/events';
import { runRecordSchema, type RunRecord } from '../../contract/run';
import { badInput } from '../errors';
import { checkOutputDir } from './output-dir';
import { runToCsv } from './run-csv';
import { RunRecordBuilder } from './run-record';
import { scenariosToCsv } from './scenario-csv';

/** `scenariosCsv` is written only when the run has scenario results (bench --scenario server|concurrency). */
export type RunFilePaths = { jsonl: string; json: string; csv: string; scenariosCsv: string };

/** Events worth keeping on disk: everything but progress. */
function isDurable(event: EngineEvent): boolean {
  return event.type !== 'progress';
}

/**
 * A run's files in DIR: `<id>.jsonl` gets each event appended the moment it arrives (nothing finished is lost if
 * anything dies), and `<id>.json` / `<id>.csv` are rewritten atomically after each point.
 */
export class RunFiles {
  readonly paths: RunFilePaths;

  private constructor(dir: string, runId: string) {
    this.paths = { jsonl: join(dir, `${runId}.jsonl`), json: join(dir, `${runId}.json`), csv: join(dir, `${runId}.csv`), scenariosCsv: join(dir, `${runId}.scenarios.csv`) };
  }

  static create(dir: string, runId: string, flag = '--out'): RunFiles {
    return new RunFiles(checkOutputDir(dir, flag), runId);
  }

  /** One line per event, written and synced before returning: once a point is reported, a power cut cannot take it. */
  append(event: EngineEvent): void {
    if (isDurable(event)) writeSynced(this.paths.jsonl, 'a', `${JSON.stringify(event)}\n`);
  }

  writeSnapshot(record: RunRecord): void {
    writeAtomically(this.paths.json, `${JSON.stringify(record, null, 1)}\n`);
    writeAtomically(this.paths.csv, runToCsv(record));
    const scenarios = scenariosToCsv(record);
    if (scenarios !== null) writeAtomically(this.paths.scenariosCsv, scenarios);
  }
}

/** Readers never see half a file: write a temporary file beside it, then rename over it. */
export function writeAtomically(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeSynced(tmp, 'w', text);
  renameSync(tmp, path);
}

/** Writes TEXT (flag 'a' appends, 'w' replaces) and fsyncs it, so the data is on disk, not only in the page cache. */
function writeSynced(path: string, flag: 'a' | 'w', text: string): void {
  const fd = openSync(path, flag);
  try {
    writeSync(fd, text);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a run back: a `.json` record, or a `.jsonl` event log replayed (a log without an end event is a run
 * that was interrupted; every point in it is kept).
 */
export function readRunFile(path: string): RunRecord {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw badInput(`${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  if (path.endsWith('.jsonl')) return replayEventLog(path, text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw badInput(`${path}: not valid JSON (${(error as Error).message})`);
  }
  const result = runRecordSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw badInput(`${path}: not an infermeter run record (${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'})`);
  }
  return result.data;
}

function replayEventLog(path: string, text: string): RunRecord {
  const builder = new RunRecordBuilder();
  const lines = text.split('\n');
  lines.forEach((line, i) => {
    if (line.trim() === '') return;
    let event: EngineEvent;
    try {
      event = engineEventSchema.parse(JSON.parse(line));
    } catch {
      // A line cut short by a kill can only be the last one; anything else is a corrupt file.
      if (i >= lines.length - 2) return;
      throw badInput(`${path}: line ${i + 1} is not an infermeter event`);
    }
    builder.apply(event);
  });
  if (!builder.recorded) throw badInput(`${path}: no run-requested or run-started event: not an infermeter run log`);
  builder.finish('interrupted', new Date().toISOString(), { code: 'internal', message: 'the run stopped before it finished' });
  return builder.snapshot();
}
