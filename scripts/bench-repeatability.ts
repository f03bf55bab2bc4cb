// Do a point's numbers hold up on a repeat? Runs `infermeter bench` k times for each of a few points — the
// 4×1024 MLP at batch 1, 16 and 128 and a conv net (ResNet-50) at batch 1 — each run a fresh process with fresh
// sessions and the CLI's default stopping rule, as a user repeating a measurement would. Two modes alternate run by
// run: 'trials' (the default: k independent trials per point, each a fresh session, t interval over the trial means)
// and 'single' (--trials 1: one session, the window interval of run schema 2). Prints per mode and point, and over
// all: (a) coverage — how often one run's mean falls inside another run's reported 95% interval (same mode);
// (b) the spread of the repeats' means and the median reported interval width; (c) the cost: median seconds of
// wall time per point (session creations, warm-ups and timing; the process's start and model preparation excluded)
// and how many points were valid. Where a C compiler is found, a native C loop over the same libonnxruntime
// (scripts/lib/native-loop.ts, a fresh process each time, default threads) times the MLP's batches after each MLP
// run, so the repeats' spread and the app's means are read against it in the same run.
// The bench processes share a fresh data directory (so a fresh repeat log): the first run of each point finds no
// earlier repeats, and later runs' intervals include the run-to-run drift learned from the earlier runs of this
// bench. Coverage and width are printed for the intervals as reported and for the trials-only intervals beside them,
// and once more over the pairs whose first run had a run-to-run part.
// Run: npm run bench:repeatability [-- --runs 8] [-- --modes trials,single] [-- --size base|tiny]
// [-- --mlp-batches 1,16,128] [-- --conv-batches 1] [-- --lock FILE (each bench process under flock -x FILE)]
// [-- --keep DIR (keep the run files there)] [-- --from DIR (report on the run JSONs of an earlier --keep, run nothing)]
// [-- --native-ms 2000 (timed ms per batch of each native run; 0: no native loop)].
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import type { MeasuredPoint, RunRecord } from '../electron/contract/run';
import { median } from '../common/stats/percentile';
import { buildNativeLoop, runNativeLoop } from './lib/native-loop';
import { printRepeatability, type Repeat } from './lib/repeatability-table';
import { replay, replayLines } from './lib/run-to-run-replay';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const pct = (x: number, digits = 1): string => `${(100 * x).toFixed(digits)}%`;
const MODES = { trials: [] as string[], single: ['--trials', '1'] } as const;
type Mode = keyof typeof MODES;

function benchOnce(cli: string, model: string, batches: string, mode: Mode, out: string, lock: string, dataDir: string): RunRecord {
  const bench = [cli, 'bench', model, '--batch', batches, '--ep', 'cpu', '--no-ort-profile', '--quiet', '--json', '--out', out, ...MODES[mode]];
  const [command, args] = lock === '' ? [process.execPath, bench] : ['flock', ['-x', lock, process.execPath, ...bench]];
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024, env: { ...process.env, INFERMETER_DATA_DIR: dataDir } });
  if (r.status !== 0 && r.status !== 3) throw new Error(`bench ${model} (${mode}) exited ${r.status}: ${r.stderr.trim().split('\n').pop()}`);
  return JSON.parse(r.stdout) as RunRecord;
}

/**
 * Wall seconds per point: from the first point's start to the run's end, over the points measured (trials of a
 * block are interleaved, so single points have no wall time of their own). The process start, model preparation
 * and provider probe before the first point are left out: they are the same in both modes.
 */
function secondsPerPoint(record: RunRecord): number {
  const first = Math.min(...record.points.map((p) => Date.parse(p.startedAt)));
  const end = Date.parse(record.finishedAt ?? new Date().toISOString());
  return (end - first) / 1000 / Math.max(1, record.points.length);
}

type Collected = { mode: Mode; job: string; record: RunRecord };
const NATIVE_FILE = 'native-loop.json';
/** Native loop ms per run, by batch, one entry per native process. */
type NativeRuns = Map<number, number[]>;

/** The native loop over the MLP of this record (same file, same batches), kept by batch. */
function nativeRun(binary: string, record: RunRecord, batches: number[], ms: number, lock: string, into: NativeRuns): void {
  const width = record.model.inputs[0]?.shape[1];
  if (typeof width !== 'number') return;
  for (const [batch, msPerRun] of runNativeLoop(binary, record.model.path, width, ms, 0, batches, lock)) into.set(batch, [...(into.get(batch) ?? []), msPerRun]);
}

/** Which mode made a record: one trial per point is the single-session mode. */
function modeOf(record: RunRecord): Mode {
  return record.options.stopping.trials === 1 ? 'single' : 'trials';
}

function modelName(record: RunRecord): string {
  return (record.model.path.split(/[\\/]/).pop() ?? record.model.path).replace(/\.onnx$/, '');
}

/** Runs the bench processes, alternating modes and models; every record is kept as it arrives. */
function collect(runs: number, modes: Mode[], size: string, lock: string, out: string, dataDir: string, loads: number[], native: { binary: string; ms: number; runs: NativeRuns } | null): Collected[] {
  const jobs = [
    { model: `builtin:mlp${size === 'tiny' ? ':tiny' : ''}`, batches: arg('mlp-batches', '1,16,128') },
    { model: `builtin:resnet50${size === 'tiny' ? ':tiny' : ''}`, batches: arg('conv-batches', '1') },
  ];
  const cli = join(__dirname, '..', '..', 'bin', 'infermeter.js');
  const collected: Collected[] = [];
  for (let r = 0; r < runs; r++) {
    for (const job of jobs) {
      for (const mode of r % 2 === 0 ? modes : [...modes].reverse()) {
        loads.push(os.loadavg()[0] ?? 0);
        const record = benchOnce(cli, job.model, job.batches, mode, out, lock, dataDir);
        collected.push({ mode, job: modelName(record), record });
        process.stderr.write(`run ${r + 1}/${runs} ${job.model} ${mode} done\n`);
      }
      if (native && job.model.startsWith('builtin:mlp')) {
        const record = (collected[collected.length - 1] as Collected).record;
        nativeRun(native.binary, record, job.batches.split(',').map(Number), native.ms, lock, native.runs);
        // Kept beside the run files, so that --from reports on it too.
        writeFileSync(join(out, NATIVE_FILE), JSON.stringify({ ms: native.ms, runs: [...native.runs] }));
        process.stderr.write(`run ${r + 1}/${runs} native loop done\n`);
      }
    }
  }
  return collected;
}

function fromDir(dir: string): Collected[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json') && f !== NATIVE_FILE)
    .sort()
    .map((f) => JSON.parse(readFileSync(join(dir, f), 'utf8')) as RunRecord)
    .filter((record) => record.kind === 'infermeter-run' && record.status === 'complete')
    .map((record) => ({ mode: modeOf(record), job: modelName(record), record }));
}

/** The native loop's repeats beside the app's, per MLP batch: spread of each, and the app's median over the native median. */
function printNative(native: { runs: NativeRuns; ms: number } | null, skipped: string | null, byPoint: Map<string, Repeat[]>): void {
  if (native === null) {
    process.stdout.write(`\nNative C loop: skipped (${skipped ?? 'not built'}).\n`);
    return;
  }
  process.stdout.write(`\nNative C loop over the same libonnxruntime and MLP file (default threads, ${native.ms} ms timed per batch, a fresh process after each MLP run):\n`);
  process.stdout.write(`${'batch'.padStart(5)} ${'runs'.padStart(4)} ${'ms/run'.padStart(8)} ${'spread'.padStart(8)}   ${'app mode: median ms, spread, app/native'}\n`);
  for (const [batch, runs] of [...native.runs].sort((a, b) => a[0] - b[0])) {
    const spread = (Math.max(...runs) - Math.min(...runs)) / median(runs);
    const app = [...byPoint].filter(([key]) => /\tmlp/.test(key) && key.endsWith(` batch ${batch}`));
    const cells = app.map(([key, reps]) => {
      const means = reps.map((r) => r.mean);
      return `${key.split('\t')[0]}: ${median(means).toFixed(3)} ms, ${pct((Math.max(...means) - Math.min(...means)) / median(means))}, ${(median(means) / median(runs)).toFixed(2)}×`;
    });
    process.stdout.write(`${String(batch).padStart(5)} ${String(runs.length).padStart(4)} ${median(runs).toFixed(3).padStart(8)} ${pct(spread).padStart(8)}   ${cells.join('; ')}\n`);
  }
}

function main(): void {
  // Eight: over four runs a quarter of the pairs start from a point's first run, which has no run-to-run part yet.
  const runs = Number(arg('runs', '8'));
  const size = arg('size', 'base');
  const lock = arg('lock', '');
  const from = arg('from', '');
  const keep = arg('keep', '');
  const modes = arg('modes', 'trials,single').split(',') as Mode[];
  if (modes.some((m) => !(m in MODES))) throw new Error(`--modes ${modes.join(',')}: use trials, single or both`);
  if (keep !== '') mkdirSync(keep, { recursive: true });
  const out = from !== '' ? from : keep !== '' ? keep : mkdtempSync(join(os.tmpdir(), 'infermeter-repeat-'));
  const loads: number[] = [];
  const started = Date.now();
  const nativeMs = Number(arg('native-ms', '2000'));
  const built = from === '' && nativeMs > 0 ? buildNativeLoop() : { skipped: from !== '' ? `no ${NATIVE_FILE} in ${from}` : '--native-ms 0' };
  const earlier = from !== '' && existsSync(join(from, NATIVE_FILE)) ? (JSON.parse(readFileSync(join(from, NATIVE_FILE), 'utf8')) as { ms: number; runs: [number, number[]][] }) : null;
  const native = 'binary' in built ? { binary: built.binary, ms: nativeMs, runs: new Map() as NativeRuns } : earlier ? { binary: '', ms: earlier.ms, runs: new Map(earlier.runs) } : null;
  // A repeat log of this bench's own: the first run of each point starts with none.
  const dataDir = mkdtempSync(join(os.tmpdir(), 'infermeter-repeat-data-'));
  let collected: Collected[];
  try {
    collected = from !== '' ? fromDir(from) : collect(runs, modes, size, lock, out, dataDir, loads, native);
  } finally {
    if (from === '' && keep === '') rmSync(out, { recursive: true, force: true });
    rmSync(dataDir, { recursive: true, force: true });
  }
  const byPoint = new Map<string, Repeat[]>();
  for (const { mode, job, record } of collected) {
    const seconds = secondsPerPoint(record);
    for (const p of record.points) {
      if (p.verdict === 'failed') continue;
      const m = p as MeasuredPoint;
      const key = `${mode}\t${job} batch ${m.batch}`;
      byPoint.set(key, [
        ...(byPoint.get(key) ?? []),
        {
          mean: m.stats.meanMs,
          half: m.stats.ciHalfWidthMs,
          trialsHalf: m.stats.trials?.runToRun ? m.stats.trials.runToRun.trialsCiRelative * m.stats.meanMs : m.stats.ciHalfWidthMs,
          learned: Boolean(m.stats.trials?.runToRun),
          learnedSd: m.stats.trials?.runToRun?.sdRelative ?? null,
          valid: m.verdict === 'valid',
          pointS: seconds,
          trials: m.stats.trials?.meansMs.length ?? 1,
          flagged: m.interference?.available === true && m.interference.flagged,
          others: m.interference?.available === true ? m.interference.otherCpuShare : null,
          load: m.interference?.available === true ? m.interference.loadPerCpu * os.cpus().length : null,
        },
      ]);
    }
  }
  const perMode = new Map<Mode, number>();
  for (const c of collected) perMode.set(c.mode, (perMode.get(c.mode) ?? 0) + 1);
  process.stdout.write(`Repeatability: ${[...perMode].map(([m, n]) => `${n} '${m}' runs`).join(', ')} over all models, each a fresh 'infermeter bench' process (CLI defaults: ±1% target, 10 s of timing per point at most); modes and models alternate.\n`);
  if (loads.length > 0) process.stdout.write(`Load average (1 min) at each run's start: median ${median(loads).toFixed(2)}, max ${Math.max(...loads).toFixed(2)} on ${os.cpus().length} CPUs; ${((Date.now() - started) / 1000).toFixed(0)} s in all.\n`);
  process.stdout.write('\n');
  printRepeatability(byPoint);
  const replayed = replayLines(replay(collected.filter((c) => c.mode === 'trials')));
  if (replayed.length > 0) {
    process.stdout.write("\nThe 'trials' runs replayed with each run-to-run estimator (history: the bench's earlier runs, in order; the engine's pick is 'moderated'):\n");
    process.stdout.write(`${replayed.join('\n')}\n`);
  }
  printNative(native, 'skipped' in built ? built.skipped : null, byPoint);
  process.stdout.write(
    "Coverage: over ordered pairs of runs (A, B) of a point in one mode, the share where B's mean lies inside A's 95% interval: as reported (rep: with the run-to-run drift the repeat log learned from this bench's earlier runs; the log starts empty, so each point's first run has none) and trials-only (tri: the trials' t interval alone, as without the log); learned: the same two over the pairs whose A had a run-to-run part (pairs in brackets); repeat: inside A's reported interval widened by √(1 + k_A/k_B) for B's own error (k: trials). Spread: (max − min) / median of the runs' means.\n",
  );
}

main();
