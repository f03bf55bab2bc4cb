// The kill soak: real `infermeter bench` runs, each SIGKILLed once — the engine worker or the CLI itself — at a
// seeded random moment from its first millisecond (before the first point) to its last. Afterwards every point the
// CLI printed must be in the run's log, every file must parse (JSONL replay, JSON record, CSV with one row per
// point), the run must be listed in the history, and nothing may hang.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { runRecordSchema } from '../../electron/contract/run';
import { describePoint } from '../../electron/engine/bench/plan';
import { readRunFile } from '../../electron/engine/results/run-files';
import { RunHistory } from '../../electron/engine/results/run-history';
import { writeSmallMlp } from '../fixtures/fault-models';
import { Rng } from '../fuzz/mutate-model';

const CLI = join(__dirname, '..', '..', '..', 'bin', 'infermeter.js');
/** A run that has not ended this long after the kill is a hang. */
export const HANG_MS = 60_000;
/** Kill moments are drawn from 0 to this: a 4-point run here takes about 3 s, so some trials let it finish. */
const KILL_WINDOW_MS = 3500;

export type Target = 'worker' | 'cli';
/** Where the run was when the kill landed, read from its log at that moment. */
export type Moment = 'before the run file' | 'before the first point' | 'during a point' | 'between points' | 'after the run';
export type Trial = {
  index: number;
  target: Target;
  delayMs: number;
  moment: Moment;
  exitCode: number | null;
  printed: number;
  lost: string[];
  unparseable: string[];
  /** How the CLI ended when only its worker was killed, if not as a resumed run should (exit 0 or 3, no stack). */
  badEnd: string | null;
  hung: boolean;
  endedMs: number;
};

const ARGS = ['--batch', '1,2,4,8', '--ep', 'cpu', '--target-ci', '0.000001', '--min-time-ms', '0', '--max-time-ms', '300', '--warmup', '1', '--warmup-ms', '0', '--no-ort-profile'];

function childPids(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function logOf(out: string): string | null {
  if (!existsSync(out)) return null;
  const name = readdirSync(out).find((f) => f.endsWith('.jsonl'));
  return name ? join(out, name) : null;
}

function momentOf(out: string, exited: boolean): Moment {
  if (exited) return 'after the run';
  const log = logOf(out);
  if (log === null) return 'before the run file';
  const lines = readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { type: string }).type);
  if (!lines.includes('point-started')) return 'before the first point';
  return lines.at(-1) === 'point-started' ? 'during a point' : 'between points';
}

/** Every file of the run parses and agrees; names the ones that do not. */
function checkFiles(out: string): { unparseable: string[]; points: Set<string> } {
  const unparseable: string[] = [];
  const points = new Set<string>();
  const log = logOf(out);
  if (log === null) return { unparseable, points };
  try {
    const replayed = readRunFile(log);
    for (const p of replayed.points) points.add(describePoint(p));
    if (!new RunHistory(out).listRuns().some((r) => r.id === replayed.id)) unparseable.push(`${log}: the run is not listed in the history`);
  } catch (error) {
    unparseable.push(`${log}: ${String(error)}`);
  }
  const json = log.replace(/\.jsonl$/, '.json');
  if (existsSync(json)) {
    try {
      const record = runRecordSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
      const rows = parse(readFileSync(log.replace(/\.jsonl$/, '.csv'), 'utf8'), { columns: true }) as unknown[];
      if (rows.length !== record.points.length) unparseable.push(`${json}: ${record.points.length} points but ${rows.length} CSV rows`);
    } catch (error) {
      unparseable.push(`${json} or its CSV: ${String(error)}`);
    }
  }
  return { unparseable, points };
}

/** One trial: a bench run in DIR killed once at DELAY ms (TARGET: the worker, or the CLI and so the whole run). */
export async function killTrial(index: number, dir: string, target: Target, delayMs: number): Promise<Trial> {
  mkdirSync(dir, { recursive: true });
  const out = join(dir, 'out');
  const model = writeSmallMlp(dir);
  const child = spawn(process.execPath, [CLI, 'bench', model, ...ARGS, '--out', out], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, INFERMETER_DEBUG: '' } });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  let exitCode: number | null | undefined;
  const closed = new Promise<void>((resolve) => child.on('close', (code) => ((exitCode = code), resolve())));
  const started = Date.now();
  let worker: number | undefined;
  // Poll for the worker while waiting, so a worker kill lands on the worker alive at that moment.
  while (Date.now() - started < delayMs && exitCode === undefined) {
    await sleep(5);
    worker = childPids(child.pid as number)[0] ?? worker;
  }
  const moment = momentOf(out, exitCode !== undefined);
  const workerNow = childPids(child.pid as number)[0];
  // No worker yet: the CLI is the only process there is to kill.
  const killedCli = exitCode === undefined && (target === 'cli' || workerNow === undefined);
  if (exitCode === undefined) {
    try {
      process.kill(killedCli ? (child.pid as number) : (workerNow as number), 'SIGKILL');
    } catch (error) {
      // ESRCH: the process ended between the look and the kill (the run finished, or a worker was being replaced).
      if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
    }
  }
  const killedAt = Date.now();
  const timeout = sleep(HANG_MS).then(() => 'hung' as const);
  let hung = (await Promise.race([closed, timeout])) === 'hung';
  if (hung) child.kill('SIGKILL');
  // A killed CLI's worker must go too (it exits when its channel closes).
  for (const pid of [worker, workerNow]) {
    if (pid === undefined) continue;
    const until = Date.now() + 10_000;
    while (alive(pid) && Date.now() < until) await sleep(50);
    if (alive(pid)) {
      hung = true;
      process.kill(pid, 'SIGKILL');
    }
  }
  const printed = [...stderr.matchAll(/^\[\d+\/\d+\] (.+?): (?:valid|unstable),/gm)].map((m) => m[1] as string);
  const { unparseable, points } = checkFiles(out);
  const lost = printed.filter((p) => !points.has(p));
  const stack = /\n\s+at \S/.test(stderr) || /internal error|Unhandled/.test(stderr);
  const badEnd = killedCli || hung ? null : stack ? `a stack trace or internal error: ${stderr.slice(-400)}` : exitCode === 0 || exitCode === 3 ? null : `exit ${exitCode}: ${stderr.slice(-400)}`;
  return { index, target, delayMs, moment, exitCode: exitCode ?? null, printed: printed.length, lost, unparseable, badEnd, hung, endedMs: Date.now() - killedAt };
}

export type SoakReport = { trials: Trial[]; lost: number; unparseable: number; badEnds: number; hangs: number; byMoment: Map<string, number> };

/** TRIALS kill trials from SEED, each in its own folder under DIR. */
export async function soakKill(opts: { trials: number; seed: number; dir: string; onTrial?: (t: Trial) => void }): Promise<SoakReport> {
  const rng = new Rng(opts.seed);
  const report: SoakReport = { trials: [], lost: 0, unparseable: 0, badEnds: 0, hangs: 0, byMoment: new Map() };
  for (let i = 0; i < opts.trials; i++) {
    const target: Target = rng.next() < 0.5 ? 'worker' : 'cli';
    // A quarter of the kills land in the first half second: before the first point, often before the log exists.
    const delayMs = Math.round(rng.next() < 0.25 ? rng.next() * 500 : rng.next() * KILL_WINDOW_MS);
    const trial = await killTrial(i, join(opts.dir, `trial-${i}`), target, delayMs);
    report.trials.push(trial);
    report.lost += trial.lost.length;
    report.unparseable += trial.unparseable.length;
    report.badEnds += trial.badEnd === null ? 0 : 1;
    report.hangs += trial.hung ? 1 : 0;
    const key = `${trial.target} killed ${trial.moment}`;
    report.byMoment.set(key, (report.byMoment.get(key) ?? 0) + 1);
    opts.onTrial?.(trial);
  }
  return report;
}
