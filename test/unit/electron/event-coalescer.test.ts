import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppEvent } from '../../../electron/contract/app-api';
import { EventCoalescer } from '../../../electron/main/event-coalescer';

function progress(index: number, iterations: number, runId = 'r1'): AppEvent {
  return { type: 'progress', runId, index, phase: 'timing', iterations, elapsedMs: iterations, ciRelative: null };
}

/** Timers the test fires by hand. */
function manualTimers() {
  const due: Array<{ id: number; callback: () => void }> = [];
  let next = 1;
  return {
    due,
    timers: {
      set: (callback: () => void) => {
        const id = next++;
        due.push({ id, callback });
        return id;
      },
      clear: (handle: unknown) => {
        const at = due.findIndex((t) => t.id === handle);
        if (at >= 0) due.splice(at, 1);
      },
    },
    fire: () => due.splice(0).forEach((t) => t.callback()),
  };
}

test('a burst of progress becomes the latest progress of each point, once per interval', () => {
  const sent: AppEvent[] = [];
  const clock = manualTimers();
  const c = new EventCoalescer((e) => sent.push(e), 16, clock.timers);
  for (let i = 1; i <= 100; i++) c.push(progress(0, i));
  c.push(progress(1, 5, 'r1'));
  c.push(progress(0, 7, 'r2'));
  assert.equal(sent.length, 0);
  assert.equal(clock.due.length, 1, 'one timer for the whole burst');
  clock.fire();
  assert.deepEqual(sent, [progress(0, 100), progress(1, 5), progress(0, 7, 'r2')]);
  clock.fire();
  assert.equal(sent.length, 3);
});

test('any other event goes out at once, after the progress held back, so order is kept', () => {
  const sent: AppEvent[] = [];
  const clock = manualTimers();
  const c = new EventCoalescer((e) => sent.push(e), 16, clock.timers);
  c.push(progress(0, 1));
  c.push(progress(0, 2));
  const finished: AppEvent = { type: 'run-finished', runId: 'r1', finishedAt: '2026-01-01T00:00:00Z' };
  c.push(finished);
  c.push({ type: 'history-changed' });
  assert.deepEqual(sent.map((e) => e.type), ['progress', 'run-finished', 'history-changed']);
  assert.deepEqual(sent[0], progress(0, 2));
  assert.equal(clock.due.length, 0, 'the flush cancelled the timer');
});

test('real timers: progress arrives within a few intervals; dispose drops what is held', async () => {
  const sent: AppEvent[] = [];
  const c = new EventCoalescer((e) => sent.push(e), 5);
  c.push(progress(0, 1));
  await new Promise((resolve) => setTimeout(resolve, 40));
  assert.deepEqual(sent, [progress(0, 1)]);
  c.push(progress(0, 2));
  c.dispose();
  await new Promise((resolve) => setTimeout(resolve, 20));
  assert.equal(sent.length, 1);
});
