// The recommendation is computed whole in the engine worker (host/recommend-call.ts) for the app and the CLI alike.
// When this machine's rate measurement passes its deadline, the worker is stopped and the recommendation still
// comes back, assembled without the rates, each row they would have fed saying why.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { recommendationFileSchema, recommendationSchema, type Recommendation } from '../../../electron/contract/recommend';
import { AppService } from '../../../electron/host/app-service';
import { historyWithRunHere } from '../../fixtures/run-here';
import { runCli } from '../cli/run-cli';

// Measured "here", so this machine's rates are wanted; the rates cache starts empty, so they are measured (and
// the deadline can pass).
const { root, historyDir, run, runFile } = historyWithRunHere();
// 5 ms cannot hold two onnxruntime session creations and a 2048³ MatMul on any machine; nor a worker's start,
// which is under the default deadline of a task instead (else nothing could come back).
const RATE_BUDGET_MS = 5;
const REASON = /this machine's fp32 rates on cpu could not be measured \(the fp32 rate measurement on cpu went past its time budget of 0\.005 s \(in [^)]+\); the engine worker was stopped\)/;

after(() => rmSync(root, { recursive: true, force: true }));

function assertRatesMissing(rec: Recommendation): void {
  assert.equal(rec.machineRates, null);
  assert.equal(rec.batch.best?.batch, 4, 'the batch size is there as without the deadline');
  const reasons = rec.instances.map((x) => x.missing ?? '').filter((m) => REASON.test(m));
  assert.ok(reasons.length > 0, `a row says why the rates are missing: ${rec.instances.map((x) => x.missing).join(' | ')}`);
  for (const x of rec.instances) assert.ok(x.basis !== 'projected', `${x.instanceId}: nothing is projected without this machine's rates`);
}

test('infermeter recommend: past the rate budget the recommendation is still printed (exit 0) and written, the rates missing with the reason', async () => {
  const out = join(root, 'out');
  const env = { INFERMETER_CACHE_DIR: join(root, 'cache') };
  const r = await runCli(['recommend', runFile, '--slo-ms', '1.2', '--qps', '2000', '--refresh-rates', '--point-timeout-ms', String(RATE_BUDGET_MS), '--json', '--out', out], env);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(!/\n\s+at /.test(r.stderr), 'no stack trace');
  const rec = recommendationSchema.parse(JSON.parse(r.stdout));
  assertRatesMissing(rec);
  const written = recommendationFileSchema.parse(JSON.parse(readFileSync(join(out, `${run.id}.recommendation.json`), 'utf8')));
  assert.deepEqual(written.instances, rec.instances, 'the file holds what was printed');
  assert.ok(existsSync(join(out, `${run.id}.recommendation.csv`)));

  const human = await runCli(['recommend', runFile, '--slo-ms', '1.2', '--qps', '2000', '--refresh-rates', '--point-timeout-ms', String(RATE_BUDGET_MS)], env);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /^Recommendation: /m);
  assert.doesNotMatch(human.stdout, /^This machine \(/m, 'no rates line without rates');
  assert.match(human.stdout, /could not be measured \(the fp32 rate measurement on cpu went past its time budget/);
});

test("the app's recommend: past the rate budget it answers with the recommendation, the rates missing with the reason, and saves it", async () => {
  const service = new AppService({ historyDir, cache: { dir: join(root, 'models') }, deadlines: { pointMs: RATE_BUDGET_MS } });
  try {
    const out = await service.handle('recommend', { runId: run.id, sloMs: 1.2, qps: 2000 });
    assert.ok(out.ok, JSON.stringify(out));
    const rec = recommendationFileSchema.parse(out.result);
    assertRatesMissing(rec);
    const saved = recommendationFileSchema.parse(JSON.parse(readFileSync(join(historyDir, `${run.id}.recommendation.json`), 'utf8')));
    assert.deepEqual(saved.instances, rec.instances);
  } finally {
    service.close();
  }
});
