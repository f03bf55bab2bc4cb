// Process-to-process spread: a point's trials each run in a fresh process (engine/bench/trial-process.ts), and fresh
// processes running the same model with the same settings read different speeds. This starts fresh processes in
// rounds, each timing the same session of builtin:mlp (4×1024) for a while after a warm-up, under each option in
// turn (the order rotated each round, so drift falls on all), and prints per option and batch the median of the
// process means, the coefficient of variation across processes, their range, and the ratio to the baseline (the
// median of the per-round ratios). Two controls bound what a process can explain: one process timing the same
// session every round (the machine's drift alone), and one process with a fresh session every round. Options not
// run by default: pin-cpu0/1 (taskset), threads=1, no-arena, no-mem-pattern, no-spin, warmup-3s.
//   node dist/scripts/bench-process-spread.js [--processes 8] [--batches 1,16] [--warmup-ms 500] [--time-ms 1000]
//                                             [--only label,label] [--raw]
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import type { SessionSettings } from '../electron/contract/run';
import { DEFAULT_SESSION_SETTINGS } from '../electron/engine/bench/session-settings';
import { buildBuiltin } from '../models/catalog';
import { flag, hasFlag, median, pad } from './lib/bench-util';
import type { SpreadReply, SpreadRequest } from './lib/process-spread-child';

const CHILD = join(__dirname, 'lib', 'process-spread-child.js');
const WIDTH = 1024;

interface SpreadOption {
  label: string;
  /** How its measurements are taken: a fresh process each round, or one process kept (same or fresh session). */
  kind: 'fresh-process' | 'same-session' | 'fresh-session';
  env?: Record<string, string | undefined>;
  /** CPU list for taskset. */
  pin?: string;
  settings?: Partial<SessionSettings>;
  warmupMs?: number;
  /** Intra-op threads set explicitly (default: onnxruntime's). */
  threads?: number;
}

const OPTIONS: SpreadOption[] = [
  { label: 'baseline', kind: 'fresh-process' },
  // glibc 2.35+: malloc madvises its mappings for transparent huge pages (THP mode "madvise"); elsewhere ignored.
  { label: 'hugetlb=1', kind: 'fresh-process', env: { GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1' } },
  { label: 'pin-cpu0', kind: 'fresh-process', pin: '0' },
  { label: 'pin-cpu1', kind: 'fresh-process', pin: '1' },
  { label: 'threads=1', kind: 'fresh-process', threads: 1 },
  { label: 'no-arena', kind: 'fresh-process', settings: { enableCpuMemArena: false } },
  { label: 'no-mem-pattern', kind: 'fresh-process', settings: { enableMemPattern: false } },
  { label: 'no-spin', kind: 'fresh-process', settings: { allowSpinning: false } },
  { label: 'warmup-3s', kind: 'fresh-process', warmupMs: 3000 },
  { label: 'same-process', kind: 'same-session' },
  { label: 'fresh-session', kind: 'fresh-session' },
];
/** Run unless --only names others: the baseline, huge pages, and the two controls (about 3 min). */
const DEFAULT_OPTIONS = ['baseline', 'hugetlb=1', 'same-process', 'fresh-session'];

function start(option: SpreadOption): ChildProcess {
  const env = { ...process.env };
  for (const [k, v] of Object.entries(option.env ?? {})) {
    if (v === undefined) delete env[k];
    else env[k] = v;
  }
  if (option.pin === undefined) return fork(CHILD, [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
  return spawn('taskset', ['-c', option.pin, process.execPath, CHILD], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
}

function ask(child: ChildProcess, request: SpreadRequest): Promise<SpreadReply[]> {
  return new Promise((resolve, reject) => {
    const onExit = (code: number | null) => reject(new Error(`a process-spread child exited with code ${code} before answering`));
    child.once('exit', onExit);
    // A child that cannot be started (no taskset) reports it here, and again when the request cannot be written.
    child.on('error', (error) => reject(new Error(`a process-spread child could not be started (${error.message}); the pin-cpu options need taskset (Linux)`)));
    child.once('message', (replies: SpreadReply[]) => {
      child.off('exit', onExit);
      resolve(replies);
    });
    child.send(request, (error) => {
      if (error) reject(new Error(`a process-spread child could not be sent its request (${error.message})`));
    });
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null) resolve();
    else {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    }
  });
}

function cv(values: readonly number[]): number {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / Math.max(1, values.length - 1);
  return Math.sqrt(variance) / mean;
}

async function main(): Promise<void> {
  const processes = Number(flag('processes', '8'));
  const batches = flag('batches', '1,16').split(',').map(Number);
  const warmupMs = Number(flag('warmup-ms', '500'));
  const timeMs = Number(flag('time-ms', '1000'));
  const only = flag('only', DEFAULT_OPTIONS.join(',')).split(',');
  const unknown = only.filter((l) => !OPTIONS.some((o) => o.label === l));
  if (unknown.length > 0) throw new Error(`--only: no option ${unknown.join(', ')}; the options are ${OPTIONS.map((o) => o.label).join(', ')}`);
  const options = OPTIONS.filter((o) => only.includes(o.label));
  const modelPath = (await buildBuiltin('mlp', { size: 'base' })).path;
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`);
  console.log(`builtin:mlp (4×1024), CPU provider, default threads; ${processes} rounds, each option once per round (order rotated);`);
  console.log(`each measurement: ${warmupMs} ms warm-up, then ${timeMs} ms timed, per batch (${batches.join(', ')}), in one process.`);

  const kept = new Map<string, ChildProcess>();
  for (const o of options) if (o.kind !== 'fresh-process') kept.set(o.label, start(o));
  const means = new Map<string, number[]>(); // `${label}@${batch}` → one mean per round
  const settle = new Map<string, number[]>(); // last slice / first slice
  const threads = new Map<string, number>();
  const waits = new Map<string, number[]>(); // share of the timing the main thread waited for a CPU
  const others = new Map<string, number[]>(); // other processes' share of the machine's CPU time during the timing
  const raw = hasFlag('raw');
  for (let round = 0; round < processes; round++) {
    const order = options.map((_, i) => options[(i + round) % options.length] as SpreadOption);
    for (const o of order) {
      const child = kept.get(o.label) ?? start(o);
      const request: SpreadRequest = {
        modelPath,
        width: WIDTH,
        batches,
        threads: o.threads ?? null,
        settings: { ...DEFAULT_SESSION_SETTINGS, ...o.settings },
        warmupMs: o.warmupMs ?? warmupMs,
        timeMs,
        freshSession: o.kind !== 'same-session',
      };
      const replies = await ask(child, request);
      if (o.kind === 'fresh-process') await stop(child);
      for (const r of replies) {
        const key = `${o.label}@${r.batch}`;
        means.set(key, [...(means.get(key) ?? []), r.meanMs]);
        settle.set(key, [...(settle.get(key) ?? []), (r.sliceMeansMs.at(-1) ?? NaN) / (r.sliceMeansMs[0] ?? NaN)]);
        threads.set(o.label, r.threads ?? NaN);
        waits.set(key, [...(waits.get(key) ?? []), r.waitShare ?? NaN]);
        others.set(key, [...(others.get(key) ?? []), r.otherCpuShare ?? NaN]);
        if (raw) console.log(`raw ${o.label} round ${round + 1} batch ${r.batch}: ${r.meanMs.toFixed(3)} ms, slices ${r.sliceMeansMs.map((v) => v.toFixed(3)).join(' ')}, wait ${pct(r.waitShare)}, others ${pct(r.otherCpuShare)}, steal ${pct(r.stealShare)}, cpu ${r.cpu}`);
      }
    }
    process.stdout.write(`round ${round + 1}/${processes} done\r`);
  }
  await Promise.all([...kept.values()].map(stop));
  printTable(options, batches, { means, settle, waits, others, threads });
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

const pct = (share: number | null): string => (share === null || Number.isNaN(share) ? 'n/a' : `${(100 * share).toFixed(1)}%`);

interface Figures {
  means: Map<string, number[]>;
  settle: Map<string, number[]>;
  waits: Map<string, number[]>;
  others: Map<string, number[]>;
  threads: Map<string, number>;
}

function printTable(options: SpreadOption[], batches: number[], { means, settle, waits, others, threads }: Figures): void {
  const base = options[0] as SpreadOption;
  console.log(`\nratio: median over rounds of (option's mean / ${base.label}'s mean in the same round); settle: median of last/first quarter of the timing;\nwait: median share of the timing the timing thread waited for a CPU; others: median share of the machine's CPU time other processes took`);
  console.log(`${pad('option', 16)}${pad('batch', 7, true)}${pad('median ms', 11, true)}${pad('CV', 8, true)}${pad('min–max ms', 17, true)}${pad('ratio', 8, true)}${pad('settle', 8, true)}${pad('wait', 7, true)}${pad('others', 8, true)}${pad('threads', 9, true)}`);
  for (const batch of batches) {
    const baseMeans = means.get(`${base.label}@${batch}`) ?? [];
    for (const o of options) {
      const m = means.get(`${o.label}@${batch}`) ?? [];
      if (m.length === 0) continue;
      const ratios = m.map((v, i) => v / (baseMeans[i] ?? NaN));
      const range = `${Math.min(...m).toFixed(3)}–${Math.max(...m).toFixed(3)}`;
      console.log(
        `${pad(o.label, 16)}${pad(String(batch), 7, true)}${pad(median(m).toFixed(3), 11, true)}${pad(`${(100 * cv(m)).toFixed(1)}%`, 8, true)}` +
          `${pad(range, 17, true)}${pad(`${median(ratios).toFixed(3)}×`, 8, true)}${pad(median(settle.get(`${o.label}@${batch}`) ?? []).toFixed(3), 8, true)}` +
          `${pad(pct(median(waits.get(`${o.label}@${batch}`) ?? [])), 7, true)}` +
          `${pad(pct(median(others.get(`${o.label}@${batch}`) ?? [])), 8, true)}${pad(String(threads.get(o.label) ?? '?'), 9, true)}`,
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
