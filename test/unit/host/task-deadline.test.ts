import assert from 'node:assert/strict';
import { mock, test } from 'node:test';
import { resolveDeadlines } from '../../../electron/host/point-watchdog';
import { TaskDeadline } from '../../../electron/host/task-deadline';
import { timeLeft, waitNotice } from '../../../electron/cli/wait-notice';

test('without a stopping rule (convert, inspect, rates, a run\'s preparation) the budget is the session deadline plus 5 min', () => {
  assert.deepEqual(resolveDeadlines(null, {}, {}), { sessionMs: 120_000, pointMs: 420_000 });
  assert.deepEqual(resolveDeadlines(null, { sessionMs: 1000 }, {}), { sessionMs: 1000, pointMs: 301_000 });
});

test('a task: each session the worker reports gets the session deadline, the whole task the point budget, named where it was', () => {
  mock.timers.enable({ apis: ['setTimeout', 'Date'] });
  try {
    const fired: string[] = [];
    const task = new TaskDeadline({ sessionMs: 1000, pointMs: 5000 }, 'convert of m.onnx', (m) => fired.push(m));
    task.observe({ kind: 'session', what: 'loading the converted model in onnxruntime' });
    mock.timers.tick(900);
    task.observe({ kind: 'inference', what: 'the accuracy check: running the source model' });
    mock.timers.tick(2000);
    assert.deepEqual(fired, [], 'a session that ended in time clears its deadline');
    assert.deepEqual(task.status(), { doing: 'the accuracy check: running the source model', elapsedMs: 2900, leftMs: 2100 });
    mock.timers.tick(2100);
    assert.deepEqual(fired, ['convert of m.onnx went past its time budget of 5 s (in the accuracy check: running the source model); the engine worker was stopped']);
    mock.timers.tick(10_000);
    assert.equal(fired.length, 1, 'once');

    const stuck: string[] = [];
    const second = new TaskDeadline({ sessionMs: 1500, pointMs: 60_000 }, 'inspect of m.onnx', (m) => stuck.push(m));
    second.observe({ kind: 'session', what: 'calibration: creating the session' });
    mock.timers.tick(1500);
    assert.deepEqual(stuck, ['session creation for inspect of m.onnx (calibration: creating the session) hung for more than 1.5 s; the engine worker was stopped']);
    const disarmed: string[] = [];
    const third = new TaskDeadline({ sessionMs: 10, pointMs: 20 }, 'x', (m) => disarmed.push(m));
    third.disarm();
    mock.timers.tick(100);
    assert.deepEqual(disarmed, []);
  } finally {
    mock.timers.reset();
  }
});

test('the wait notice says what a point waits on, for how long, and which deadline ends the wait first', () => {
  const deadlines = { sessionMs: 120_000, pointMs: 420_000 };
  const session = { what: 'point 1 of 2 (cpu fp32 batch 1)', doing: 'session creation', elapsedMs: 6000, inSession: true };
  assert.equal(
    waitNotice(session, deadlines),
    'point 1 of 2 (cpu fp32 batch 1): waiting on session creation for 6 s, no inference yet; the engine worker is stopped in 114 s if it is still waiting (--session-timeout-ms); Ctrl-C cancels',
  );
  assert.deepEqual(timeLeft({ ...session, doing: 'the first inference', inSession: false, elapsedMs: 20_000 }, deadlines), { ms: 400_000, flag: '--point-timeout-ms' });
  // A point budget shorter than the session deadline ends the wait first.
  assert.deepEqual(timeLeft(session, { sessionMs: 120_000, pointMs: 10_000 }), { ms: 4000, flag: '--point-timeout-ms' });
  assert.deepEqual(timeLeft({ ...session, elapsedMs: 999_000 }, deadlines), { ms: 0, flag: '--session-timeout-ms' });
});
