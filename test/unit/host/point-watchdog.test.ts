import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import type { EngineEvent } from '../../../electron/contract/events';
import type { PlanPoint, StoppingRule } from '../../../electron/contract/run';
import { PointWatchdog, resolveDeadlines, type Expiry } from '../../../electron/host/point-watchdog';

const stopping: StoppingRule = { warmupIterations: 5, warmupMs: 200, minIterations: 10, minTimeMs: 500, maxTimeMs: 10_000, targetRelativeCi: 0.01, maxIterations: 100_000 };
const plan: PlanPoint[] = [0, 1].map((index) => ({ index, provider: 'cpu', precision: 'fp32', batch: 2 ** index, threads: null }));
const runStarted = { type: 'run-started', runId: 'r', plan } as unknown as EngineEvent;
const pointStarted = (index: number): EngineEvent => ({ type: 'point-started', runId: 'r', point: plan[index] as PlanPoint });
const progress = (index: number, phase: 'session' | 'warmup' | 'timing'): EngineEvent => ({ type: 'progress', runId: 'r', index, phase, iterations: 0, elapsedMs: 0, ciRelative: null });

test('deadlines: 120 s for a session, the point budget from the stopping rule, the environment and flags over both', () => {
  assert.deepEqual(resolveDeadlines(stopping, {}, {}), { sessionMs: 120_000, pointMs: 120_000 + 300_000 });
  assert.deepEqual(resolveDeadlines({ ...stopping, maxTimeMs: 100_000 }, {}, {}), { sessionMs: 120_000, pointMs: 120_000 + 5 * 100_200 });
  assert.deepEqual(resolveDeadlines(stopping, {}, { INFERMETER_SESSION_TIMEOUT_MS: '1500', INFERMETER_POINT_TIMEOUT_MS: '9000' }), { sessionMs: 1500, pointMs: 9000 });
  assert.deepEqual(resolveDeadlines(stopping, { pointMs: 50 }, { INFERMETER_SESSION_TIMEOUT_MS: 'soon' }), { sessionMs: 120_000, pointMs: 50 });
});

test('the watchdog fires once for a session that never finishes, naming the point and the deadline', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const fired: Expiry[] = [];
    const dog = new PointWatchdog({ sessionMs: 1500, pointMs: 10_000 }, (e) => fired.push(e));
    dog.observe(runStarted);
    dog.observe(pointStarted(1));
    dog.observe(progress(1, 'session'));
    mock.timers.tick(1499);
    assert.equal(fired.length, 0);
    mock.timers.tick(1);
    assert.deepEqual(fired, [{ pointIndex: 1, message: 'session creation for point 2 of 2 (cpu fp32 batch 2) hung for more than 1.5 s; the engine worker was stopped' }]);
    mock.timers.tick(20_000);
    assert.equal(fired.length, 1, 'the point deadline was disarmed with it');
  } finally {
    mock.timers.reset();
  }
});

test('a session that finished clears the session deadline; the point budget still holds; a finished point clears both', () => {
  mock.timers.enable({ apis: ['setTimeout'] });
  try {
    const fired: Expiry[] = [];
    const dog = new PointWatchdog({ sessionMs: 1000, pointMs: 5000 }, (e) => fired.push(e));
    dog.observe(runStarted);
    dog.observe(pointStarted(0));
    mock.timers.tick(900);
    dog.observe(progress(0, 'warmup'));
    mock.timers.tick(4000);
    assert.equal(fired.length, 0);
    mock.timers.tick(100);
    assert.equal(fired[0]?.message, 'point 1 of 2 (cpu fp32 batch 1) went past its time budget of 5 s (in the first inference); the engine worker was stopped');
    dog.observe(pointStarted(1));
    dog.observe({ type: 'point-failed', runId: 'r', point: {} } as unknown as EngineEvent);
    mock.timers.tick(60_000);
    assert.equal(fired.length, 1);
  } finally {
    mock.timers.reset();
  }
});
