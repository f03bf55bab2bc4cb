import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AppEvent } from '../../../electron/contract/app-api';
import type { CallReply } from '../../../electron/contract/shell';
import type { AppBackend } from '../../../electron/main/ipc';
import { runSmokeTest, SMOKE_TEST_RUN, wantsSmokeTest } from '../../../electron/main/smoke-test';
import { sampleEvents, sampleHardware } from '../../fixtures/sample-run';

// The smoke test's logic against a scripted backend: which call it makes, and the line and exit code it gives for
// each way a run can end (the real engine is exercised by test/integration/electron/smoke-test-main.test.ts).

type Script = { reply: CallReply | 'never'; events: (runId: string) => AppEvent[]; eventsBeforeReply?: boolean };

function scriptedBackend(script: Script): AppBackend & { calls: Array<[string, unknown]>; listeners: number } {
  const listeners = new Set<(event: AppEvent) => void>();
  const backend = {
    calls: [] as Array<[string, unknown]>,
    get listeners() {
      return listeners.size;
    },
    subscribe(listener: (event: AppEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async handle(method: string, params: unknown): Promise<CallReply> {
      backend.calls.push([method, params]);
      if (script.reply === 'never') return new Promise<CallReply>(() => undefined);
      const emit = () => script.events('run-7').forEach((event) => listeners.forEach((l) => l(event)));
      if (script.eventsBeforeReply) emit();
      else setTimeout(emit, 5);
      return script.reply;
    },
  };
  return backend;
}

const started: CallReply = { ok: true, result: { runId: 'run-7' } };

test('the flag is recognised wherever Electron puts it in argv', () => {
  assert.equal(wantsSmokeTest(['/opt/infermeter/infermeter', '--smoke-test']), true);
  assert.equal(wantsSmokeTest(['electron', '/app', '--no-sandbox', '--smoke-test']), true);
  assert.equal(wantsSmokeTest(['electron', '/app']), false);
  assert.equal(wantsSmokeTest(['electron', '/app', '--smoke-tests']), false);
});

test('a finished run gives one ok line with the measured numbers and exit code 0', async () => {
  const backend = scriptedBackend({ reply: started, events: (id) => sampleEvents(id, [1]) });
  const outcome = await runSmokeTest(backend, 5000);
  assert.deepEqual(backend.calls, [['startRun', SMOKE_TEST_RUN]]);
  assert.equal(outcome.exitCode, 0);
  const point = sampleEvents('x', [1]).find((e) => e.type === 'point-finished');
  assert.ok(point?.type === 'point-finished' && point.point.verdict !== 'failed');
  assert.equal(
    outcome.line,
    `infermeter smoke test: ok: builtin:mlp:tiny batch 1 on cpu, ${point.point.stats.throughput.toFixed(0)} samples/s, ` +
      `p50 ${point.point.stats.p50Ms.toFixed(3)} ms over 20 iterations (valid; onnxruntime ${sampleHardware.software.onnxruntime})`,
  );
  assert.equal(backend.listeners, 0, 'unsubscribed when done');
});

test('events that arrive before startRun answers are not missed', async () => {
  const outcome = await runSmokeTest(scriptedBackend({ reply: started, events: (id) => sampleEvents(id, [1]), eventsBeforeReply: true }), 5000);
  assert.equal(outcome.exitCode, 0, outcome.line);
});

test('the smoke test asks for one tiny CPU point', () => {
  assert.equal(SMOKE_TEST_RUN.model, 'builtin:mlp:tiny');
  assert.deepEqual([SMOKE_TEST_RUN.options.batches, SMOKE_TEST_RUN.options.providers, SMOKE_TEST_RUN.options.precisions], [[1], ['cpu'], ['fp32']]);
  assert.ok(SMOKE_TEST_RUN.options.stopping.maxTimeMs <= 1000);
});

test('every failure is one FAILED line and exit code 1', async () => {
  const crashed = await runSmokeTest(
    scriptedBackend({ reply: started, events: (id) => [{ type: 'engine-crashed', runId: id, pointIndex: 0, error: { code: 'engine-crashed', message: 'worker exited with code 134' } }] }),
    5000,
  );
  assert.deepEqual(crashed, { exitCode: 1, line: 'infermeter smoke test: FAILED: the engine crashed (worker exited with code 134)' });

  const refused = await runSmokeTest(scriptedBackend({ reply: { ok: false, error: { code: 'bad-input', message: 'builtin:mlp: cannot write the cache' } }, events: () => [] }), 5000);
  assert.deepEqual(refused, { exitCode: 1, line: 'infermeter smoke test: FAILED: builtin:mlp: cannot write the cache' });

  const failedPoint = await runSmokeTest(
    scriptedBackend({
      reply: started,
      events: (id) => {
        const events = sampleEvents(id, [1]).filter((e) => e.type !== 'point-finished');
        const end = events.pop() as AppEvent;
        const point = { index: 0, provider: 'cpu', precision: 'fp32', batch: 1, threads: null, verdict: 'failed', criterion: 'error', warnings: [], inputShapes: {}, startedAt: '', failure: 'error', error: { code: 'internal', message: 'ORT said no' } };
        return [...events, { type: 'point-failed', runId: id, point } as AppEvent, end];
      },
    }),
    5000,
  );
  assert.deepEqual(failedPoint, { exitCode: 1, line: 'infermeter smoke test: FAILED: the point failed (ORT said no)' });

  const otherRunOnly = await runSmokeTest(scriptedBackend({ reply: started, events: () => sampleEvents('someone-else', [1]) }), 200);
  assert.deepEqual(otherRunOnly, { exitCode: 1, line: 'infermeter smoke test: FAILED: the run did not finish within 200 ms' });

  const hung = await runSmokeTest(scriptedBackend({ reply: 'never', events: () => [] }), 100);
  assert.deepEqual(hung, { exitCode: 1, line: 'infermeter smoke test: FAILED: the engine did not answer within 100 ms' });
});
