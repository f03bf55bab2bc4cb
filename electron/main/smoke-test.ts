import type { AppEvent, AppParams } from '../contract/app-api';
import type { PointResult } from '../contract/run';
import type { AppBackend } from './ipc';

/** The command-line flag that turns the app into a one-shot check of a packaged build. */
export const SMOKE_TEST_FLAG = '--smoke-test';
export const SMOKE_TEST_MODEL = 'builtin:mlp:tiny';
/** Long enough for a cold engine to build the tiny model, open a session and time it on a slow CI machine. */
export const SMOKE_TEST_TIMEOUT_MS = 120_000;

/** One point: batch 1 on the CPU provider, a few dozen iterations at most. */
export const SMOKE_TEST_RUN: AppParams<'startRun'> = {
  model: SMOKE_TEST_MODEL,
  options: {
    batches: [1],
    providers: ['cpu'],
    threads: [null],
    precisions: ['fp32'],
    dims: {},
    shapes: {},
    intRanges: {},
    maxLatencyMs: null,
    seed: 1,
    profileOrt: false,
    stopping: { warmupIterations: 3, warmupMs: 0, minIterations: 10, minTimeMs: 50, maxTimeMs: 500, targetRelativeCi: 0.05, maxIterations: 2000 },
  },
};

export function wantsSmokeTest(argv: readonly string[]): boolean {
  return argv.includes(SMOKE_TEST_FLAG);
}

export type SmokeTestOutcome = { exitCode: 0 | 1; line: string };

type RunEnd = { kind: 'finished' } | { kind: 'cancelled' } | { kind: 'crashed'; message: string };

function describePoint(point: PointResult, onnxruntime: string): SmokeTestOutcome {
  if (point.verdict === 'failed') return { exitCode: 1, line: `infermeter smoke test: FAILED: the point failed (${point.error.message})` };
  const { stats } = point;
  return {
    exitCode: 0,
    line:
      `infermeter smoke test: ok: ${SMOKE_TEST_MODEL} batch ${point.batch} on ${point.provider}, ` +
      `${stats.throughput.toFixed(0)} samples/s, p50 ${stats.p50Ms.toFixed(3)} ms over ${stats.iterations} iterations ` +
      `(${point.verdict}; onnxruntime ${onnxruntime})`,
  };
}

/**
 * Runs the tiny benchmark through the app's own backend (the same engine host and worker the window uses) and
 * says in one line whether it worked. Never throws: every failure, a hang included, is a line and exit code 1.
 */
export async function runSmokeTest(backend: AppBackend, timeoutMs = SMOKE_TEST_TIMEOUT_MS): Promise<SmokeTestOutcome> {
  const events: AppEvent[] = [];
  let wake: () => void = () => undefined;
  const unsubscribe = backend.subscribe((event) => {
    events.push(event);
    wake();
  });
  let timer: NodeJS.Timeout | undefined;
  const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  try {
    const started = await Promise.race([backend.handle('startRun', SMOKE_TEST_RUN), timedOut]);
    if (started === 'timeout') return { exitCode: 1, line: `infermeter smoke test: FAILED: the engine did not answer within ${timeoutMs} ms` };
    if (!started.ok) return { exitCode: 1, line: `infermeter smoke test: FAILED: ${started.error.message}` };
    const { runId } = started.result as { runId: string };

    const endOf = (): RunEnd | null => {
      for (const event of events) {
        if (!('runId' in event) || event.runId !== runId) continue;
        if (event.type === 'run-finished') return { kind: 'finished' };
        if (event.type === 'run-cancelled') return { kind: 'cancelled' };
        if (event.type === 'engine-crashed') return { kind: 'crashed', message: event.error.message };
      }
      return null;
    };
    let end = endOf();
    while (!end) {
      const woke = await Promise.race([new Promise<'event'>((resolve) => (wake = () => resolve('event'))), timedOut]);
      if (woke === 'timeout') return { exitCode: 1, line: `infermeter smoke test: FAILED: the run did not finish within ${timeoutMs} ms` };
      end = endOf();
    }
    if (end.kind === 'crashed') return { exitCode: 1, line: `infermeter smoke test: FAILED: the engine crashed (${end.message})` };
    if (end.kind === 'cancelled') return { exitCode: 1, line: 'infermeter smoke test: FAILED: the run was cancelled' };

    const point = events.flatMap((e) => (e.type === 'point-finished' && e.runId === runId ? [e.point] : []))[0];
    const failed = events.flatMap((e) => (e.type === 'point-failed' && e.runId === runId ? [e.point] : []))[0];
    const runStarted = events.find((e) => e.type === 'run-started' && e.runId === runId);
    const onnxruntime = runStarted?.type === 'run-started' ? runStarted.hardware.software.onnxruntime : 'unknown';
    const result = point ?? failed;
    if (!result) return { exitCode: 1, line: 'infermeter smoke test: FAILED: the run finished without measuring its point' };
    return describePoint(result, onnxruntime);
  } catch (error) {
    return { exitCode: 1, line: `infermeter smoke test: FAILED: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    clearTimeout(timer);
    unsubscribe();
  }
}
