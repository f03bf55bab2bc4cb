import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { measuredPointSchema, latencyStatsSchema, type StoppingRule } from '../../../electron/contract/run';
import { EngineError } from '../../../electron/engine/errors';
import { measurePoint, type MeasureProgress } from '../../../electron/engine/bench/measure-point';
import { modelRunDurationsUs } from '../../../electron/engine/bench/session-profile';
import { ortProfilePass } from '../../../electron/engine/bench/session-profile';
import { DEFAULT_SESSION_SETTINGS, sessionOptionsFor } from '../../../electron/engine/bench/session-settings';
import { mlpModel } from '../../fixtures/tiny-models';

const WIDTH = 64;
const model = mlpModel({ width: WIDTH, layers: 2 });
const options = sessionOptionsFor('cpu', 1, DEFAULT_SESSION_SETTINGS);

const short: StoppingRule = {
  warmupIterations: 3,
  warmupMs: 20,
  minIterations: 20,
  minTimeMs: 50,
  maxTimeMs: 2000,
  targetRelativeCi: 0.05,
  maxIterations: 100_000,
};

function input(batch: number): Record<string, ort.Tensor> {
  const data = new Float32Array(batch * WIDTH).map((_, i) => Math.sin(i));
  return { x: new ort.Tensor('float32', data, [batch, WIDTH]) };
}

async function withSession<T>(fn: (session: ort.InferenceSession) => Promise<T>): Promise<T> {
  const session = await ort.InferenceSession.create(model, options);
  try {
    return await fn(session);
  } finally {
    await session.release();
  }
}

test('measurePoint: ordered percentiles, throughput = batch / mean, one sample per iteration', async () => {
  await withSession(async (session) => {
    const m = await measurePoint({ session, feeds: input(4), batch: 4, stopping: short });
    const s = m.stats;
    const ordered = [s.minMs, s.p50Ms, s.p90Ms, s.p95Ms, s.p99Ms, s.maxMs];
    for (let i = 1; i < ordered.length; i++) assert.ok((ordered[i - 1] as number) <= (ordered[i] as number), ordered.join(' ≤ '));
    assert.ok(Math.abs(s.throughput - 4 / (s.meanMs / 1000)) <= 1e-9 * s.throughput);
    assert.equal(m.samplesMs.length, s.iterations);
    assert.ok(s.iterations >= short.minIterations);
    assert.ok(s.minMs > 0 && m.firstInferenceMs > 0 && m.clockResolutionMs > 0 && m.clockResolutionMs < 0.1);
    let sum = 0;
    for (const x of m.samplesMs) sum += x;
    assert.ok(Math.abs(sum - s.totalTimeMs) <= 1e-9 * sum);
    latencyStatsSchema.parse(s);
    assert.equal(m.verdict === 'valid', s.converged);
    if (m.verdict === 'valid') {
      assert.ok(s.ciRelative <= short.targetRelativeCi);
      assert.ok(s.windows?.stable, 'valid only when the last windows agree');
      assert.match(m.criterion, /^95% CI half-width [\d.]+% \(\d+ windows of \d+ iterations?, the last 3 within [\d.]+%\) ≤ 5% after \d+ iterations(; measured under interference .*)?$/);
    }
  });
});

test('measurePoint: an impossible target ends unstable at maxTimeMs', async () => {
  await withSession(async (session) => {
    const rule = { ...short, targetRelativeCi: 1e-9, maxTimeMs: 400 };
    const t0 = performance.now();
    const m = await measurePoint({ session, feeds: input(1), batch: 1, stopping: rule });
    const wallMs = performance.now() - t0;
    assert.equal(m.verdict, 'unstable');
    assert.equal(m.stats.converged, false);
    assert.match(m.criterion, /^95% CI half-width [\d.]+% \(\d+ windows of \d+ iterations?, the last 3 within [\d.]+%\) of the mean after 0\.4 s \(target [^)]+%\)(; measured under interference .*)?$/);
    // It stops on the first iteration past the budget: the timed total is the budget plus at most a little.
    // (the budget is checked after each run, so the last run may cross it: on a loaded machine by a long run).
    assert.ok(m.stats.totalTimeMs <= rule.maxTimeMs + m.stats.maxMs, `${m.stats.totalTimeMs} ms timed, longest run ${m.stats.maxMs} ms`);
    assert.ok(wallMs >= rule.maxTimeMs && wallMs < rule.maxTimeMs + 400, `wall ${wallMs} ms`);
  });
});

test('measurePoint: a time budget shorter than one run still yields two samples', async () => {
  await withSession(async (session) => {
    const m = await measurePoint({ session, feeds: input(1), batch: 1, stopping: { ...short, minIterations: 1, maxTimeMs: 0.000001 } });
    assert.equal(m.stats.iterations, 2);
    assert.equal(m.verdict, 'unstable');
  });
});

test('measurePoint: maxIterations caps the samples', async () => {
  await withSession(async (session) => {
    const m = await measurePoint({ session, feeds: input(1), batch: 1, stopping: { ...short, targetRelativeCi: 1e-9, maxIterations: 37, minIterations: 5 } });
    assert.equal(m.stats.iterations, 37);
    assert.equal(m.samplesMs.length, 37);
    assert.equal(m.verdict, 'unstable');
    assert.match(m.criterion, /after 37 iterations \(the iteration limit\)/);
  });
});

test('measurePoint: progress at most every 50 ms, warm-up first', async () => {
  await withSession(async (session) => {
    const seen: MeasureProgress[] = [];
    await measurePoint({ session, feeds: input(1), batch: 1, stopping: { ...short, warmupMs: 120, targetRelativeCi: 1e-9, maxTimeMs: 300 }, onProgress: (p) => seen.push(p) });
    const timing = seen.filter((p) => p.phase === 'timing');
    const warmup = seen.filter((p) => p.phase === 'warmup');
    assert.ok(warmup.length >= 1 && timing.length >= 3, `${warmup.length} warm-up, ${timing.length} timing`);
    assert.ok(seen.indexOf(timing[0] as MeasureProgress) > seen.indexOf(warmup[warmup.length - 1] as MeasureProgress));
    for (let i = 1; i < timing.length; i++) {
      const a = timing[i - 1] as MeasureProgress;
      const b = timing[i] as MeasureProgress;
      assert.ok(b.elapsedMs - a.elapsedMs >= 50, `${a.elapsedMs} -> ${b.elapsedMs}`);
      assert.ok(b.iterations > a.iterations && b.ciRelative !== null);
    }
  });
});

test('measurePoint: abort stops it quickly with a cancelled error', async () => {
  await withSession(async (session) => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 150);
    const t0 = performance.now();
    await assert.rejects(
      measurePoint({ session, feeds: input(1), batch: 1, stopping: { ...short, targetRelativeCi: 1e-9, maxTimeMs: 10_000 }, signal: controller.signal }),
      (error: unknown) => error instanceof EngineError && error.code === 'cancelled',
    );
    assert.ok(performance.now() - t0 < 1000);
    const aborted = AbortSignal.abort();
    await assert.rejects(measurePoint({ session, feeds: input(1), batch: 1, stopping: short, signal: aborted }), /cancelled/);
  });
});

test('measurePoint: pre-allocated outputs give the same results shape and a valid record', async () => {
  await withSession(async (session) => {
    const m = await measurePoint({ session, feeds: input(8), batch: 8, preallocateOutputs: true, stopping: { ...short, maxTimeMs: 300 } });
    measuredPointSchema.shape.stats.parse(m.stats);
    assert.ok(m.stats.iterations >= 20);
  });
});

test('ortProfilePass: onnxruntime time per run is within the end-to-end time', async () => {
  const profile = await ortProfilePass(model, options, input(16), 20);
  assert.equal(profile.runs, 20);
  assert.ok(profile.ortMeanMs > 0, `${profile.ortMeanMs}`);
  assert.ok(profile.ortMeanMs <= profile.endToEndMeanMs, `${profile.ortMeanMs} > ${profile.endToEndMeanMs}`);
});

test("modelRunDurationsUs: only the Session category's model_run events, in order", () => {
  const trace = [
    { cat: 'Session', name: 'model_loading_array', dur: 900 },
    { cat: 'Session', name: 'model_run', dur: 120 },
    { cat: 'Node', name: 'model_run', dur: 5 },
    { cat: 'Session', name: 'SequentialExecutor::Execute', dur: 100 },
    { cat: 'Session', name: 'model_run', dur: 80 },
  ];
  assert.deepEqual(modelRunDurationsUs(trace), [120, 80]);
  assert.throws(() => modelRunDurationsUs({ traceEvents: [] }), /not a JSON array/);
});
