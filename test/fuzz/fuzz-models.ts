// The model fuzzer: seeded mutations of valid tiny models fed to inspect, convert and bench in the engine worker,
// through the same EngineHost and recorded run the CLI and the app use. Each case must end in a result or a clear
// one-line error; a worker that crashes or hangs must be contained (the parent goes on with a fresh one).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ErrorInfo } from '../../electron/contract/errors';
import type { BenchOptions } from '../../electron/contract/run';
import { EngineError, toErrorInfo } from '../../electron/engine/errors';
import { EngineHost } from '../../electron/host/engine-host';
import type { Deadlines } from '../../electron/host/point-watchdog';
import { startRecordedRun } from '../../electron/host/recorded-run';
import { callWithDeadlines } from '../../electron/host/task-deadline';
import { nestedIfModel } from '../fixtures/fault-models';
import { convModel, gemmModel, mlpModel, multiInputModel } from '../fixtures/tiny-models';
import { mutateModel, Rng } from './mutate-model';

export type Stage = 'inspect' | 'convert' | 'bench';
/** ok: a result; error: a clear error (by code); crashed / hung: the worker died or was stopped, and was replaced; unclear: a bug. */
export type Outcome = { stage: Stage; kind: 'ok' | 'error' | 'crashed' | 'hung' | 'unclear'; code?: string; message?: string };
export type FuzzCase = { index: number; mutation: string; file: string; outcomes: Outcome[] };
export type FuzzReport = { cases: FuzzCase[]; tally: Map<string, number>; unclear: { case: FuzzCase; outcome: Outcome }[]; workersStarted: number };

const BASES: { name: string; bytes: () => Uint8Array }[] = [
  { name: 'mlp', bytes: () => mlpModel() },
  { name: 'conv', bytes: () => convModel() },
  { name: 'gemm', bytes: () => gemmModel() },
  { name: 'multi-input', bytes: () => multiInputModel() },
  { name: 'nested-if', bytes: () => nestedIfModel(2) },
];

/**
 * The product's own deadlines, shortened: a mutated model may make any stage hang, and the host's deadlines must
 * end it (a 'hung' outcome). The backstop only catches a hang those deadlines missed, which fails the case.
 */
export const FUZZ_DEADLINES: Deadlines = { sessionMs: 20_000, pointMs: 40_000 };
const BACKSTOP_MS = 3 * FUZZ_DEADLINES.pointMs;
const MISSED = 'the product deadlines did not end it';

const BENCH: Omit<BenchOptions, 'modelPath'> = {
  batches: [1], providers: ['cpu'], threads: [1], precisions: ['fp32'], dims: {}, shapes: {}, intRanges: {}, maxLatencyMs: null, seed: 1, profileOrt: false,
  stopping: { warmupIterations: 1, warmupMs: 0, minIterations: 2, minTimeMs: 0, maxTimeMs: 20, targetRelativeCi: 0.5, maxIterations: 5 },
};

/** Why MESSAGE is not a clear one-line error, or null when it is one. */
export function unclearReason(message: string | undefined): string | null {
  if (message === undefined || message.trim() === '') return 'no message';
  if (message.includes('\n')) return 'more than one line';
  if (/\n\s+at |\bat \S+ \(\S+:\d+:\d+\)/.test(message)) return 'a stack trace';
  if (/\bundefined\b|\[object Object\]|\bNaN\b/.test(message)) return 'undefined, NaN or [object Object] in the message';
  if (/Cannot read propert|is not a function|is not iterable|Maximum call stack|Invalid array length|out of range index|index out of range/i.test(message)) {
    return 'a JavaScript error, not an explanation';
  }
  return null;
}

function classify(stage: Stage, info: ErrorInfo): Outcome {
  if (info.message.startsWith(MISSED)) return { stage, kind: 'unclear', code: 'hang', message: info.message };
  if (info.code === 'engine-crashed') return { stage, kind: /deadline|hung|was stopped/.test(info.message) ? 'hung' : 'crashed', code: info.code, message: info.message };
  // 'internal' from inspect or convert is an exception nobody meant to throw: a bug, whatever it says.
  if (info.code === 'internal' || unclearReason(info.message)) return { stage, kind: 'unclear', code: info.code, message: info.message };
  return { stage, kind: 'error', code: info.code, message: info.message };
}

class Worker {
  host: EngineHost;
  started = 1;

  constructor() {
    this.host = EngineHost.start();
  }

  /** The live host, a fresh one when the last died. */
  live(): EngineHost {
    if (!this.host.alive) {
      this.host = EngineHost.start();
      this.started++;
    }
    return this.host;
  }

  /** Runs WORK on the live host; a backstop stops a worker the product's deadlines left running (a failed case). */
  async within<T>(stage: Stage, work: (host: EngineHost) => Promise<T>): Promise<T> {
    const host = this.live();
    const timer = setTimeout(() => host.stop(`${MISSED}: ${stage} still ran after ${BACKSTOP_MS / 1000} s`), BACKSTOP_MS);
    try {
      return await work(host);
    } finally {
      clearTimeout(timer);
    }
  }

  close(): void {
    this.host.close();
  }
}

async function inspect(worker: Worker, file: string): Promise<Outcome> {
  try {
    await worker.within('inspect', (h) => callWithDeadlines(h, 'inspectModel', { path: file }, FUZZ_DEADLINES, `inspect of ${file}`));
    return { stage: 'inspect', kind: 'ok' };
  } catch (error) {
    return classify('inspect', toErrorInfo(error));
  }
}

async function convert(worker: Worker, file: string): Promise<Outcome> {
  try {
    await worker.within('convert', (h) => callWithDeadlines(h, 'convertModel', { sourcePath: file, to: 'fp16', outPath: `${file}.fp16.onnx`, accuracySamples: 2 }, FUZZ_DEADLINES, `convert of ${file}`));
    return { stage: 'convert', kind: 'ok' };
  } catch (error) {
    return classify('convert', toErrorInfo(error));
  }
}

async function bench(worker: Worker, file: string, outDir: string): Promise<Outcome> {
  try {
    const { status, record } = await worker.within('bench', async (h) => {
      const run = startRecordedRun(h, { ...BENCH, modelPath: file }, outDir, undefined, { deadlines: FUZZ_DEADLINES });
      return run.done;
    });
    // A run's failed points are results, but their reasons must be as clear as any error.
    for (const point of record?.points ?? []) {
      if (point.verdict === 'failed' && unclearReason(point.error.message)) return { stage: 'bench', kind: 'unclear', code: `point:${point.failure}`, message: point.error.message };
    }
    if (status === 'crashed') return classify('bench', record?.endReason ?? { code: 'engine-crashed', message: 'the run crashed' });
    return { stage: 'bench', kind: 'ok', code: record?.points.some((p) => p.verdict === 'failed') ? 'failed-points' : undefined };
  } catch (error) {
    return classify('bench', error instanceof EngineError ? error.toInfo() : toErrorInfo(error));
  }
}

/** Runs CASES mutations from SEED in DIR; onCase sees each case as it ends. */
export async function fuzzModels(opts: { cases: number; seed: number; dir: string; onCase?: (c: FuzzCase) => void }): Promise<FuzzReport> {
  const rng = new Rng(opts.seed);
  const bases = BASES.map((b) => ({ name: b.name, bytes: b.bytes() }));
  mkdirSync(opts.dir, { recursive: true });
  const worker = new Worker();
  const report: FuzzReport = { cases: [], tally: new Map(), unclear: [], workersStarted: 0 };
  try {
    for (let index = 0; index < opts.cases; index++) {
      const base = rng.pick(bases);
      const mutation = mutateModel(base.bytes, rng);
      const file = join(opts.dir, `case-${index}.onnx`);
      writeFileSync(file, mutation.bytes);
      const outcomes = [await inspect(worker, file), await convert(worker, file), await bench(worker, file, join(opts.dir, 'runs'))];
      const fuzzCase = { index, mutation: `${base.name}:${mutation.kind}`, file, outcomes };
      report.cases.push(fuzzCase);
      for (const o of outcomes) {
        const key = `${o.stage} ${o.kind}${o.kind === 'error' || o.kind === 'ok' ? ` ${o.code ?? ''}` : ''}`.trim();
        report.tally.set(key, (report.tally.get(key) ?? 0) + 1);
        if (o.kind === 'unclear') report.unclear.push({ case: fuzzCase, outcome: o });
      }
      opts.onCase?.(fuzzCase);
    }
  } finally {
    report.workersStarted = worker.started;
    worker.close();
  }
  return report;
}

/** The tally as lines: outcome, count. */
export function formatTally(report: FuzzReport): string[] {
  const rows = [...report.tally.entries()].sort(([a], [b]) => a.localeCompare(b));
  return [...rows.map(([k, n]) => `${k.padEnd(32)} ${n}`), `engine workers started: ${report.workersStarted}`];
}
