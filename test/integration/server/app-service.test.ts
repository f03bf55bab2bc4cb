import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { BenchOptions } from '../../../electron/contract/run';
import { startAppService } from '../../fixtures/app-service-harness';

const { root, service, hosts, events, close } = startAppService();
after(close);

const options: Omit<BenchOptions, 'modelPath'> = {
  batches: [1], providers: ['cpu'], threads: [null], precisions: ['fp32'], dims: {}, shapes: {}, intRanges: {},
  maxLatencyMs: null, seed: 1, profileOrt: false,
  stopping: { warmupIterations: 1, warmupMs: 0, minIterations: 2, minTimeMs: 0, maxTimeMs: 100, targetRelativeCi: 0.5, maxIterations: 10 },
};

async function until(check: () => boolean, what: string, ms = 10000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('a dead engine worker is replaced on the next call', async () => {
  const first = await service.handle('detectHardware', { probeProviders: false });
  assert.equal(first.ok, true);
  assert.equal(hosts.length, 1);
  process.kill(hosts[0]!.workerPid!, 'SIGKILL');
  await until(() => !hosts[0]!.alive, 'the worker to exit');
  const second = await service.handle('detectHardware', { probeProviders: false });
  assert.equal(second.ok, true);
  assert.equal(hosts.length, 2);
  assert.notEqual(hosts[1]!.workerPid, hosts[0]!.workerPid);
});

test('a run the engine refuses before it starts ends with its error as an event, and is listed with it', async () => {
  const missing = join(root, 'nope.onnx');
  const started = await service.handle('startRun', { model: missing, options });
  assert.ok(started.ok);
  const { runId } = started.result as { runId: string };
  await until(() => events.some((e) => e.type === 'engine-crashed' && e.runId === runId), 'the run to fail');
  const failure = events.find((e) => e.type === 'engine-crashed' && e.runId === runId);
  assert.ok(failure?.type === 'engine-crashed');
  assert.equal(failure.error.code, 'bad-input');
  assert.ok(failure.error.message.includes('nope.onnx'), failure.error.message);
  await until(() => events.at(-1)?.type === 'history-changed', 'history-changed');
  const runs = await service.handle('listRuns', {});
  assert.ok(runs.ok && Array.isArray(runs.result));
  assert.equal((runs.result as { id: string; status: string }[]).find((r) => r.id === runId)?.status, 'crashed');
  const record = await service.handle('getRun', { runId });
  assert.ok(record.ok);
  const { endReason, points } = record.result as { endReason: { code: string; message: string }; points: unknown[] };
  assert.equal(endReason.code, 'bad-input');
  assert.ok(endReason.message.includes('nope.onnx'), endReason.message);
  assert.equal(points.length, 0);
});

test('cancelling an unknown run says so; results are checked against the contract', async () => {
  assert.deepEqual(await service.handle('cancelRun', { runId: 'not-running' }), { ok: true, result: { cancelled: false } });
  const bad = await service.handle('exportRun', { runId: 'x', format: 'xlsx' });
  assert.equal(bad.ok, false);
  assert.match(!bad.ok ? bad.error.message : '', /^exportRun: bad parameters \(format: /);
});

test('cancelling a run keeps its finished points in the history', async () => {
  const long = { ...options, batches: [1, 2, 4, 8], stopping: { ...options.stopping, minTimeMs: 150, maxTimeMs: 300, targetRelativeCi: 0.0001, maxIterations: 100000 } };
  const started = await service.handle('startRun', { model: 'builtin:mlp:tiny', options: long });
  assert.ok(started.ok, JSON.stringify(started));
  const { runId } = started.result as { runId: string };
  await until(() => events.some((e) => e.type === 'point-finished' && e.runId === runId), 'a point');
  assert.deepEqual(await service.handle('cancelRun', { runId }), { ok: true, result: { cancelled: true } });
  await until(() => events.some((e) => e.type === 'run-cancelled' && e.runId === runId), 'run-cancelled');
  await until(() => events.at(-1)?.type === 'history-changed', 'history-changed');
  const record = await service.handle('getRun', { runId });
  assert.ok(record.ok);
  const run = record.result as { status: string; points: unknown[] };
  assert.equal(run.status, 'cancelled');
  assert.ok(run.points.length >= 1 && run.points.length < 4, `${run.points.length} points`);
});
