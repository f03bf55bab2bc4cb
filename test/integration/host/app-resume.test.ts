import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import type { BenchOptions, RunRecord } from '../../../electron/contract/run';
import { writeSmallMlp } from '../../fixtures/fault-models';
import { startAppService } from '../../fixtures/app-service-harness';

const { root, service, hosts, events, close } = startAppService();
after(close);

// An unreachable CI target: every point runs its full 500 ms, so there is time to kill the worker mid-point.
const options: Omit<BenchOptions, 'modelPath'> = {
  batches: [1, 2, 4, 8], providers: ['cpu'], threads: [null], precisions: ['fp32'], dims: {}, shapes: {}, intRanges: {},
  maxLatencyMs: null, seed: 1, profileOrt: false,
  stopping: { warmupIterations: 1, warmupMs: 0, minIterations: 2, minTimeMs: 0, maxTimeMs: 500, targetRelativeCi: 0.000001, maxIterations: 2_000_000 },
};

async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

test('the app resumes a run in a fresh worker after kill -9, by default: one point crashed, every other measured', async () => {
  const started = await service.handle('startRun', { model: writeSmallMlp(root), options });
  assert.ok(started.ok, JSON.stringify(started));
  const { runId } = started.result as { runId: string };
  const finished = () => events.filter((e) => e.type === 'point-finished' && e.runId === runId).length;
  await until(() => finished() >= 1 && events.at(-1)?.type === 'progress', 'a point finished and the next in flight');
  const first = hosts.at(-1);
  assert.ok(first?.workerPid);
  process.kill(first.workerPid, 'SIGKILL');
  await until(() => events.some((e) => e.type === 'run-finished' && e.runId === runId), 'the run to finish', 120_000);

  const mine = events.filter((e) => e.type !== 'history-changed' && e.runId === runId);
  assert.equal(mine.filter((e) => e.type === 'run-started').length, 1, 'subscribers see one run');
  assert.equal(mine.filter((e) => e.type === 'engine-crashed').length, 0, 'the crash is a failed point, not the end of the run');
  assert.ok(hosts.length >= 2 && !first.alive, 'a fresh worker took over');
  await until(() => !service.history.listRuns().some((r) => r.id === runId && r.status === 'running'), 'the run to leave the active set');
  const got = await service.handle('getRun', { runId });
  assert.ok(got.ok);
  const record = got.result as RunRecord;
  assert.equal(record.status, 'complete');
  assert.equal(record.points.length, 4);
  const failed = record.points.filter((p) => p.verdict === 'failed');
  assert.equal(failed.length, 1);
  assert.ok(failed[0]?.verdict === 'failed' && failed[0].failure === 'crashed');
  assert.match(failed[0].error.message, /killed \(SIGKILL\) while measuring point [2-4] of 4/);
});
