// Trials in processes of their own (engine/bench/trial-process.ts), with real onnxruntime sessions on the built-in
// tiny MLP: each trial runs in a fresh process, its events pass through, and a dead or cancelled trial process is
// a failed point or a cancel, never a hang or a lost run. No timing figure is asserted.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { EngineEvent } from '../../../electron/contract/events';
import type { PlanPoint } from '../../../electron/contract/run';
import { EngineError } from '../../../electron/engine/errors';
import { prepareForBench } from '../../../electron/engine/model/prepare-model';
import type { PointContext, Trial } from '../../../electron/engine/bench/run-point';
import { DEFAULT_SESSION_SETTINGS } from '../../../electron/engine/bench/session-settings';
import { canForkTrials, runTrialInProcess, trialRunner } from '../../../electron/engine/bench/trial-process';
import { runTrial } from '../../../electron/engine/bench/run-point';
import { resolveModelArgument } from '../../../models/catalog';
import { sampleOptions } from '../../fixtures/sample-run';

const dir = mkdtempSync(join(tmpdir(), 'infermeter-trial-process-'));
const point: PlanPoint = { index: 0, provider: 'cpu', precision: 'fp32', batch: 2, threads: 1 };
const stopping = { warmupIterations: 2, warmupMs: 0, minIterations: 20, minTimeMs: 0, maxTimeMs: 300, targetRelativeCi: 0.5, maxIterations: 200 };
const number = (n: number) => ({ number: n, of: 2, round: n, remeasured: false });

async function context(events: EngineEvent[], signal = new AbortController().signal): Promise<PointContext> {
  const path = await resolveModelArgument('builtin:mlp:tiny', { dir: join(dir, 'cache') });
  const prepared = await prepareForBench(path);
  return { runId: 'r', info: prepared.info, sessionSource: prepared.sessionSource, options: { ...sampleOptions([2]), modelPath: path }, settings: DEFAULT_SESSION_SETTINGS, emit: (e) => events.push(e), signal };
}

test('each trial runs in a fresh process of its own, with a real session, and its events reach the engine', async () => {
  assert.ok(canForkTrials(), 'plain Node can start trial processes');
  assert.equal(trialRunner(3), runTrialInProcess);
  assert.equal(trialRunner(1), runTrial, '--trials 1 keeps the one-session rule');
  const events: EngineEvent[] = [];
  const ctx = await context(events);
  const trials: Trial[] = [];
  for (const n of [1, 2]) {
    const t = await runTrialInProcess(ctx, point, stopping, number(n));
    assert.ok('measured' in t, JSON.stringify(t));
    trials.push(t);
  }
  const [a, b] = trials as [Trial, Trial];
  assert.notEqual(a.pid, process.pid);
  assert.notEqual(a.pid, b.pid, 'a new process per trial');
  for (const [i, t] of trials.entries()) {
    assert.equal(t.isolation, 'process');
    assert.equal(t.round, i + 1);
    assert.ok(t.measured.samplesMs instanceof Float64Array && t.measured.samplesMs.length >= stopping.minIterations);
    assert.equal(t.measured.stats.iterations, t.measured.samplesMs.length);
    assert.deepEqual(t.inputShapes, { x: [2, ctx.info.inputs[0]?.shape[1]] });
    assert.equal(t.threadsUsed, 1);
    assert.ok(t.sessionCreateMs > 0 && t.peakRssBytes > 0);
  }
  const started = events.filter((e) => e.type === 'point-started');
  assert.deepEqual(
    started.map((e) => (e.type === 'point-started' ? e.trial : null)),
    [
      { number: 1, of: 2 },
      { number: 2, of: 2 },
    ],
  );
  const phases = events.flatMap((e) => (e.type === 'progress' ? [e.phase] : []));
  for (const phase of ['session', 'warmup']) assert.ok(phases.includes(phase as never), `a ${phase} progress event passed through`);
});

test('a model the trial process cannot load is a failed point with onnxruntime’s reason', async () => {
  const ctx = await context([]);
  const bad = join(dir, 'not-a-model.onnx');
  writeFileSync(bad, 'not protobuf');
  const t = await runTrialInProcess({ ...ctx, sessionSource: bad }, point, stopping, number(1));
  assert.ok(!('measured' in t) && t.verdict === 'failed', JSON.stringify(t));
  assert.equal(t.index, point.index);
  assert.ok(t.error.message.length > 0);
});

test('a trial process that dies without a result is a crashed point naming its exit and last words', async () => {
  const child = join(dir, 'dies.js');
  writeFileSync(child, "process.once('message', () => { process.stderr.write('native abort in kernel\\n'); process.exit(7); });\n");
  const t = await runTrialInProcess(await context([]), point, stopping, number(1), child);
  assert.ok(!('measured' in t) && t.verdict === 'failed');
  assert.equal(t.failure, 'crashed');
  assert.equal(t.error.message, 'the trial process exited with code 7: native abort in kernel');
});

test('a cancel kills the trial process and rejects as cancelled', async () => {
  const controller = new AbortController();
  const events: EngineEvent[] = [];
  const ctx = await context(events, controller.signal);
  const long = { ...stopping, minTimeMs: 60_000, maxTimeMs: 60_000, maxIterations: 10_000_000, targetRelativeCi: 1e-9 };
  const running = runTrialInProcess(ctx, point, long, number(1));
  const timing = setInterval(() => {
    if (events.some((e) => e.type === 'progress' && e.phase === 'timing')) controller.abort();
  }, 20);
  try {
    await assert.rejects(running, (e: unknown) => e instanceof EngineError && e.code === 'cancelled');
  } finally {
    clearInterval(timing);
  }
  await assert.rejects(runTrialInProcess(ctx, point, long, number(2)), (e: unknown) => e instanceof EngineError && e.code === 'cancelled');
});
