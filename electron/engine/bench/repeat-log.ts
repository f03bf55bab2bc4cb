// This machine's repeat log: one JSON line per measured point (its run mean and that mean's within-run error), kept
// in the data directory beside the run history, so that a later run of any point can learn how far runs of the same
// points moved apart on this machine (stats/run-to-run.ts). Append-only; a line that cannot be read is skipped, and
// a log that cannot be read or written costs the run-to-run part of the interval, never a result.
import { createHash } from 'node:crypto';
import { appendFile, mkdir, readFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import type { PlanPoint } from '../../contract/run';
import { dataDir } from '../results/run-history';
import { moderatedRunToRun, type RunMean, type RunToRun } from '../stats/run-to-run';

/** Runs older than this say little about the machine today (an update, a new neighbour, a move to another host). */
export const REPEAT_MAX_AGE_DAYS = 30;
/** The most recent runs of one point that enter the estimate. */
export const REPEAT_MAX_RUNS_PER_POINT = 20;
const LOG_VERSION = 1;

/** The repeat log's file: `<data dir>/repeat-log.jsonl` (INFERMETER_DATA_DIR moves it, with the run history). */
export function repeatLogPath(env: NodeJS.ProcessEnv = process.env): string {
  return path.join(dataDir(env), 'repeat-log.jsonl');
}

const hash = (value: unknown): string => createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);

/** The machine a repeat belongs to: CPU model, logical CPUs, OS and architecture, and the host name (hashed). */
export function machineFingerprint(): string {
  const cpus = os.cpus();
  return hash({ cpu: cpus[0]?.model ?? 'unknown', cpus: cpus.length, platform: os.platform(), arch: os.arch(), host: os.hostname() });
}

/** What makes two measurements the same point: the model file's content, the plan point and its session, its inputs, its trials' isolation. */
export interface PointIdentity {
  modelSha256: string;
  point: PlanPoint;
  inputShapes: Record<string, number[]>;
  settings: unknown;
  isolation: 'session' | 'process';
}

export function pointKey({ modelSha256, point, inputShapes, settings, isolation }: PointIdentity): string {
  const { provider, precision, batch, threads, device } = point;
  return hash({ modelSha256, provider, precision, batch, threads, device: device ?? null, inputShapes, settings, isolation });
}

export interface RepeatEntry {
  v: number;
  machine: string;
  key: string;
  /** Readable, for a person looking at the file: what the key hashes. */
  point: string;
  runId: string;
  at: string;
  meanMs: number;
  seRelative: number;
  trials: number;
  /** The trials-only 95% half-width of this run's mean, relative. */
  trialsCiRelative: number;
}

function parseLine(line: string): RepeatEntry | null {
  try {
    const e = JSON.parse(line) as Partial<RepeatEntry>;
    const ok = e.v === LOG_VERSION && typeof e.machine === 'string' && typeof e.key === 'string' && typeof e.runId === 'string' && typeof e.at === 'string';
    return ok && (e.meanMs ?? 0) > 0 && Number.isFinite(e.seRelative) ? (e as RepeatEntry) : null;
  } catch {
    return null;
  }
}

/** A logged run of a point. */
export type LoggedRun = RunMean & { runId: string };
/** This machine's logged runs by point key. */
export type Repeats = ReadonlyMap<string, readonly LoggedRun[]>;

/** Per point key, this machine's recent runs, oldest first, the last line kept per run. */
export function recentRuns(entries: readonly RepeatEntry[], machine: string, now: number): Map<string, LoggedRun[]> {
  const oldest = now - REPEAT_MAX_AGE_DAYS * 24 * 3600 * 1000;
  const byKey = new Map<string, Map<string, RepeatEntry>>();
  for (const e of entries) {
    if (e.machine !== machine || !(Date.parse(e.at) >= oldest)) continue;
    const runs = byKey.get(e.key) ?? new Map<string, RepeatEntry>();
    runs.delete(e.runId);
    runs.set(e.runId, e);
    byKey.set(e.key, runs);
  }
  const out = new Map<string, LoggedRun[]>();
  for (const [key, runs] of byKey) out.set(key, [...runs.values()].slice(-REPEAT_MAX_RUNS_PER_POINT).map((e) => ({ runId: e.runId, meanMs: e.meanMs, seRelative: e.seRelative })));
  return out;
}

/**
 * The run-to-run spread for one point of run `runId`: the machine's other points' logged runs pooled (this run's
 * other points included) and moderated toward the point's own runs, with this run's mean of the point in place of
 * any line of it already logged (it is a repeat too). Null while no point has two runs.
 */
export function runToRunWith(repeats: Repeats, key: string, runId: string, current: RunMean): RunToRun | null {
  const others = [...repeats].filter(([k]) => k !== key).map(([, runs]) => runs);
  const own = [...(repeats.get(key) ?? []).filter((r) => r.runId !== runId), current];
  return moderatedRunToRun(others, own);
}

export type RepeatLogRead = { repeats: Repeats; problem: string | null };

/** This machine's recent repeats from the log, by point key; a missing log is an empty one. */
export async function readRepeats(file: string, machine: string, now = Date.now()): Promise<RepeatLogRead> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { repeats: new Map(), problem: null };
    return { repeats: new Map(), problem: `repeat log ${file} could not be read: ${(error as Error).message}` };
  }
  const entries = text.split('\n').flatMap((line) => {
    const e = line.trim() === '' ? null : parseLine(line);
    return e ? [e] : [];
  });
  return { repeats: recentRuns(entries, machine, now), problem: null };
}

export type RepeatFacts = Omit<RepeatEntry, 'v' | 'machine' | 'key' | 'point' | 'at'> & { identity: PointIdentity };

/** Appends one measured point to the log; returns why it could not, or null. */
export async function appendRepeat(file: string, machine: string, facts: RepeatFacts, at = new Date()): Promise<string | null> {
  const { identity, ...measured } = facts;
  const p = identity.point;
  const readable = `model ${identity.modelSha256.slice(0, 12)} ${p.provider} ${p.precision} batch ${p.batch} threads ${p.threads ?? 'default'} ${identity.isolation}`;
  const entry: RepeatEntry = { v: LOG_VERSION, machine, key: pointKey(identity), point: readable, at: at.toISOString(), ...measured };
  try {
    await mkdir(path.dirname(file), { recursive: true });
    await appendFile(file, `${JSON.stringify(entry)}\n`, 'utf8');
    return null;
  } catch (error) {
    return `repeat log ${file} could not be written: ${(error as Error).message}`;
  }
}
