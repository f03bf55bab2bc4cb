import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { EngineEvent } from '../../../electron/contract/events';
import { ProgressCoalescer } from '../../../electron/host/progress-coalescer';

function progress(runId: string, iterations: number): EngineEvent {
  return { type: 'progress', runId, index: 0, phase: 'timing', iterations, elapsedMs: iterations, ciRelative: null };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a burst of progress goes out as the first event and, one interval later, the latest', async () => {
  const sent: EngineEvent[] = [];
  const coalescer = new ProgressCoalescer((e) => sent.push(e), 30);
  for (let i = 1; i <= 500; i++) coalescer.push(progress('a', i));
  assert.deepEqual(sent.map((e) => e.type === 'progress' && e.iterations), [1]);
  await sleep(60);
  assert.deepEqual(sent.map((e) => e.type === 'progress' && e.iterations), [1, 500]);
  coalescer.close();
});

test('runs are coalesced apart, and a point result drops the progress it supersedes', async () => {
  const sent: EngineEvent[] = [];
  const coalescer = new ProgressCoalescer((e) => sent.push(e), 30);
  coalescer.push(progress('a', 1));
  coalescer.push(progress('b', 1));
  coalescer.push(progress('a', 2));
  coalescer.push({ type: 'run-finished', runId: 'a', finishedAt: 'now' });
  await sleep(60);
  assert.deepEqual(sent.map((e) => `${e.type}:${'runId' in e ? e.runId : ''}`), ['progress:a', 'progress:b', 'run-finished:a']);
  coalescer.close();
});

test('a steady stream is held to one event per interval', async () => {
  const sent: EngineEvent[] = [];
  const coalescer = new ProgressCoalescer((e) => sent.push(e), 20);
  const started = performance.now();
  let i = 0;
  while (performance.now() - started < 200) {
    coalescer.push(progress('a', ++i));
    await sleep(1);
  }
  await sleep(40);
  coalescer.close();
  assert.ok(i > 40, `pushed ${i}`);
  assert.ok(sent.length <= 200 / 20 + 2, `sent ${sent.length} of ${i}`);
  assert.ok(sent.length >= 4, `sent ${sent.length}`);
  const last = sent.at(-1);
  assert.equal(last?.type === 'progress' ? last.iterations : null, i); // the latest always gets out
});
