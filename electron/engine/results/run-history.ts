import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RunSummary } from '../../contract/app-api';
import { runRecordSchema, RUN_SCHEMA_VERSION, type RunRecord } from '../../contract/run';
import { badInput, EngineError } from '../errors';
import { csvToRunRecord } from './run-csv-import';
import { readRunFile, writeAtomically } from './run-files';

const APP_DIR = 'infermeter';
/** Imports larger than this are refused before parsing: a run of thousands of points with samples is far smaller. */
export const IMPORT_LIMIT_BYTES = 50 * 1024 * 1024;

/**
 * The user's data directory for infermeter (not created here): INFERMETER_DATA_DIR when set, else Linux
 * $XDG_DATA_HOME/infermeter or ~/.local/share/infermeter, macOS ~/Library/Application Support/infermeter,
 * Windows %APPDATA%\infermeter.
 */
export function dataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  const override = env['INFERMETER_DATA_DIR'];
  if (override) return path.resolve(override);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR);
  if (platform === 'win32') return path.win32.join(env['APPDATA'] || path.win32.join(home, 'AppData', 'Roaming'), APP_DIR);
  const xdg = env['XDG_DATA_HOME'];
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.local', 'share'), APP_DIR);
}

/**
 * The one run history the app and the CLI share: `<data dir>/runs` (dataDir above). The CLI's bench writes there
 * unless --out names another folder, and then keeps a copy of the finished record here (keepCopy).
 */
export function historyDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataDir(env), 'runs');
}

/**
 * One line of the history: model file name, machine, best throughput over the valid points (an unstable point's
 * number is not one to rank by; a run with none valid shows none).
 */
export function summarizeRun(record: RunRecord, origin: RunSummary['origin'], notes: RunNotes = { tags: [], note: '' }): RunSummary {
  const throughputs = record.points.flatMap((p) => (p.verdict === 'valid' ? [p.stats.throughput] : []));
  const machine = [record.hardware.cpu.model, ...record.hardware.gpus.map((g) => g.model)].filter((m) => m !== '').join(' + ');
  return {
    id: record.id,
    status: record.status,
    startedAt: record.startedAt,
    model: record.model.path.split(/[\\/]/).pop() ?? record.model.path,
    modelSha256: record.model.sha256,
    machine,
    points: record.points.length,
    bestThroughput: throughputs.length === 0 ? null : Math.max(...throughputs),
    origin,
    tags: notes.tags,
    note: notes.note,
  };
}

/** A run's tags and note, kept beside its record as `<id>.notes.json`. */
export interface RunNotes {
  tags: string[];
  note: string;
}

function readNotes(file: string): RunNotes {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<RunNotes>;
    return { tags: Array.isArray(parsed.tags) ? parsed.tags.filter((t): t is string => typeof t === 'string') : [], note: typeof parsed.note === 'string' ? parsed.note : '' };
  } catch {
    return { tags: [], note: '' };
  }
}

/** Run ids are file names in the history: letters, digits, dot, dash and underscore, no leading dot. */
function checkRunId(id: string): void {
  if (!/^[A-Za-z0-9_-][A-Za-z0-9._-]{0,200}$/.test(id)) throw badInput(`run id '${id}': not a run id (letters, digits, '.', '-', '_')`);
}

function parseJsonRun(fileName: string, content: string): RunRecord {
  let parsed: unknown;
  try {
    parsed = JSON.parse(content);
  } catch (error) {
    throw badInput(`${fileName}: not valid JSON (${(error as Error).message})`);
  }
  const head = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as { kind?: unknown; schemaVersion?: unknown };
  if (head.kind !== 'infermeter-run') throw badInput(`${fileName}: not an infermeter run record (no "kind": "infermeter-run"); import a .json or .csv written by infermeter`);
  if (typeof head.schemaVersion === 'number' && head.schemaVersion > RUN_SCHEMA_VERSION) {
    throw badInput(`${fileName}: written by a newer infermeter (run schema ${head.schemaVersion}; this one reads ${RUN_SCHEMA_VERSION}): update infermeter to import it`);
  }
  const result = runRecordSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw badInput(`${fileName}: not a valid infermeter run record (${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'})`);
  }
  return result.data;
}

/**
 * A run file; a record still marked running that is not in `active` belongs to a process that stopped, and is read
 * back from its event log when there is one (each point is logged before the snapshot is rewritten, so a kill can
 * leave the snapshot one point behind) and marked interrupted.
 */
function readWithStoppedAsInterrupted(file: string, active: ReadonlySet<string>): RunRecord {
  const record = readRunFile(file);
  if (record.status !== 'running' || active.has(record.id)) return record;
  const log = file.endsWith('.json') ? `${file}l` : file;
  let latest = record;
  try {
    if (log !== file && existsSync(log)) latest = readRunFile(log);
  } catch {
    // a damaged log: the snapshot is what is left
  }
  return { ...latest, status: 'interrupted', endReason: latest.endReason ?? { code: 'internal', message: 'the run stopped before it finished' } };
}

/**
 * The run history on disk: `DIR/<id>.json` (with `.jsonl` event logs and `.csv` beside them) for runs measured
 * here, `DIR/imported/<id>.json` for runs imported from files made elsewhere. A run whose process died before
 * its first snapshot is read back from its event log, so an interrupted run is listed, never lost.
 */
export class RunHistory {
  readonly importedDir: string;

  constructor(readonly dir: string = historyDir()) {
    this.importedDir = path.join(dir, 'imported');
  }

  /**
   * Every run, newest first. A record still marked running that is not in `active` belongs to a process that
   * stopped; it is listed as interrupted. Unreadable files are skipped (they stay on disk).
   */
  listRuns(active: ReadonlySet<string> = new Set()): RunSummary[] {
    const summaries: RunSummary[] = [];
    for (const [dir, origin] of [[this.dir, 'local'], [this.importedDir, 'imported']] as const) {
      for (const file of this.runFiles(dir)) {
        try {
          const record = readWithStoppedAsInterrupted(path.join(dir, file), active);
          summaries.push(summarizeRun(record, origin, readNotes(path.join(dir, `${record.id}.notes.json`))));
        } catch {
          // a damaged or foreign file in the folder: not a run we can list
        }
      }
    }
    return summaries.sort((a, b) => b.startedAt.localeCompare(a.startedAt) || a.id.localeCompare(b.id));
  }

  /** A run's record; one still marked running that is not in `active` is returned as interrupted, like listRuns says. */
  getRun(id: string, active: ReadonlySet<string> = new Set()): RunRecord {
    const where = this.locate(id);
    if (!where) throw badInput(`run ${id}: not in the history (${this.dir})`);
    return readWithStoppedAsInterrupted(where.path, active);
  }

  /** Imports a run file made elsewhere (infermeter JSON or CSV); it keeps its id unless the history has it already. */
  importRun(fileName: string, content: string): RunSummary {
    const bytes = Buffer.byteLength(content, 'utf8');
    if (bytes > IMPORT_LIMIT_BYTES) throw badInput(`${fileName}: ${(bytes / 1024 / 1024).toFixed(0)} MB is over the ${IMPORT_LIMIT_BYTES / 1024 / 1024} MB import limit`);
    if (content.trim() === '') throw badInput(`${fileName}: the file is empty`);
    const lower = fileName.toLowerCase();
    const asJson = lower.endsWith('.json') || (!lower.endsWith('.csv') && content.trimStart().startsWith('{'));
    const record = asJson ? parseJsonRun(fileName, content) : csvToRunRecord(fileName, content);
    const twin = this.importedTwin(record);
    if (twin) throw badInput(`${fileName}: already in the history as run ${twin} (the same run: started ${record.startedAt}, ${record.points.length} points); open that one instead of a second copy`);
    let id = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,160}$/.test(record.id) ? record.id : 'imported';
    while (this.locate(id)) id = `${record.id.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 160)}-imported-${randomBytes(2).toString('hex')}`;
    const saved: RunRecord = { ...record, id };
    mkdirSync(this.importedDir, { recursive: true });
    writeAtomically(path.join(this.importedDir, `${id}.json`), `${JSON.stringify(saved, null, 1)}\n`);
    return summarizeRun(saved, 'imported');
  }

  /** Sets a run's tags (trimmed, deduplicated) and note; both empty removes the notes file. */
  annotate(id: string, tags: readonly string[], note: string, active: ReadonlySet<string> = new Set()): RunSummary {
    const where = this.locate(id);
    if (!where) throw badInput(`run ${id}: not in the history (${this.dir})`);
    const notes: RunNotes = { tags: [...new Set(tags.map((t) => t.trim()).filter((t) => t !== ''))], note: note.trim() };
    const file = path.join(path.dirname(where.path), `${id}.notes.json`);
    if (notes.tags.length === 0 && notes.note === '') rmSync(file, { force: true });
    else writeAtomically(file, `${JSON.stringify(notes, null, 1)}\n`);
    return summarizeRun(readWithStoppedAsInterrupted(where.path, active), where.origin, notes);
  }

  /** Adds a run measured elsewhere on this machine (the CLI's --out folder) to the history, unless it is there. */
  keepCopy(record: RunRecord): string | null {
    if (this.locate(record.id)) return null;
    mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, `${record.id}.json`);
    writeAtomically(file, `${JSON.stringify(record, null, 1)}\n`);
    return file;
  }

  /**
 * An imported run with the same start, model, machine and measured numbers as RECORD, samples included (a second
 * import of one file; a run's CSV, which keeps no samples, and its JSON are two different files of it).
 */
  private importedTwin(record: RunRecord): string | null {
    const print = (r: RunRecord) => JSON.stringify([r.startedAt, r.model.sha256, r.hardware.os.hostname, r.points.map((p) => [p.index, p.verdict, p.verdict === 'failed' ? p.failure : [p.stats.meanMs, p.samplesMs.length]])]);
    const wanted = print(record);
    for (const file of this.runFiles(this.importedDir)) {
      try {
        const other = readRunFile(path.join(this.importedDir, file));
        if (print(other) === wanted) return other.id;
      } catch {
        // an unreadable import cannot be the same run
      }
    }
    return null;
  }

  /** Where a run's record is: its snapshot, else its event log, else an import. */
  locate(id: string): { path: string; origin: RunSummary['origin'] } | null {
    checkRunId(id);
    const candidates = [
      { path: path.join(this.dir, `${id}.json`), origin: 'local' as const },
      { path: path.join(this.dir, `${id}.jsonl`), origin: 'local' as const },
      { path: path.join(this.importedDir, `${id}.json`), origin: 'imported' as const },
    ];
    return candidates.find((c) => existsSync(c.path)) ?? null;
  }

  /** Run files in DIR: each .json record, and each .jsonl log whose run has no .json yet. */
  private runFiles(dir: string): string[] {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw new EngineError('internal', `${dir}: cannot read the run history (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
    const all = new Set(names);
    const isRecord = (n: string) => n.endsWith('.json') && !n.endsWith('.recommendation.json') && !n.endsWith('.notes.json');
    return names.filter((n) => isRecord(n) || (n.endsWith('.jsonl') && !all.has(n.slice(0, -1))));
  }
}
