import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recommendationSchema } from '../../../electron/contract/recommend';
import { runRecordSchema } from '../../../electron/contract/run';
import { runCli } from '../cli/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
const env = { INFERMETER_CACHE_DIR: join(dir, 'cache') };

async function benchTinyMlp(): Promise<string> {
  const out = join(dir, 'runs');
  const r = await runCli(['bench', 'builtin:mlp:tiny', '--ep', 'cpu', '--batch', '1,2,4,8', '--out', out, '--min-time-ms', '50', '--max-time-ms', '300', '--quiet'], env);
  assert.ok(r.code === 0 || r.code === 3, `bench exited ${r.code}: ${r.stderr}`);
  const json = readdirSync(out).find((f) => f.endsWith('.json'));
  assert.ok(json, 'no run file');
  return join(out, json);
}

test('recommend on a real run: batch under the SLO, machine rates measured then cached, every instance estimated or explained', async () => {
  const runFile = await benchTinyMlp();
  const run = runRecordSchema.parse(JSON.parse(readFileSync(runFile, 'utf8')));

  const first = await runCli(['recommend', runFile, '--slo-ms', '50', '--qps', '2000', '--json'], env);
  assert.equal(first.code, 0, first.stderr);
  const rec = recommendationSchema.parse(JSON.parse(first.stdout));

  // The batch is the highest-throughput measured point with p99 within the SLO, computed here independently.
  const measured = run.points.flatMap((p) => (p.verdict === 'failed' ? [] : [p]));
  const eligible = measured.filter((p) => p.stats.p99Ms <= 50).sort((a, b) => b.stats.throughput - a.stats.throughput);
  assert.equal(rec.batch.best?.batch, eligible[0]?.batch);
  assert.deepEqual(rec.batch.groups[0]?.points.map((p) => p.batch), measured.map((p) => p.batch));

  assert.ok(rec.machineRates && rec.machineRates.gflops > 0 && rec.machineRates.gbs > 0);
  assert.equal(rec.machineRates.provider, 'cpu');
  assert.equal(rec.instances.length >= 20, true);
  for (const x of rec.instances) {
    assert.ok((x.throughput !== null) !== (x.missing !== null), `${x.instanceId}: a throughput or a reason, not both`);
    if (x.basis === 'projected') assert.ok(x.projection && x.projection.efficiency > 0 && x.projection.efficiency <= 1);
    if (x.throughput !== null) assert.ok(x.costPer1MOnDemand !== null && x.instancesNeeded !== null && x.instancesNeeded >= 1);
  }
  assert.match(rec.instances.find((x) => x.instanceId === 'g5.xlarge')?.missing ?? '', /no published fp32 peak for the A10G/);

  // Human output: the tables and the verdict; the rates now come from the cache.
  const second = await runCli(['recommend', runFile, '--slo-ms', '50', '--qps', '2000'], env);
  assert.equal(second.code, 0, second.stderr);
  assert.match(second.stdout, /^fp32 \/ cpu$/m);
  assert.match(second.stdout, /^instance +accelerator +\$\/h +basis/m);
  assert.match(second.stdout, /g5\.xlarge .*cannot project: no published fp32 peak for the A10G/);
  assert.match(second.stdout, /\(cached, measured /);
  assert.match(second.stdout, /^Recommendation: /m);
  if (rec.instances.some((x) => x.basis === 'projected')) assert.match(second.stdout, /PROJECTED/);
});

test("recommend measures this machine's rates in the engine worker, under the deadlines: past its budget the rates are missing, with the reason", async () => {
  const out = join(dir, 'runs');
  const earlier = existsSync(out) ? readdirSync(out).find((f) => f.endsWith('.json')) : undefined;
  const runFile = earlier ? join(out, earlier) : await benchTinyMlp();
  // 100 ms cannot hold a worker's start and a 2048³ MatMul on any machine.
  const r = await runCli(['recommend', runFile, '--slo-ms', '50', '--qps', '2000', '--refresh-rates', '--point-timeout-ms', '100', '--json'], env);
  assert.equal(r.code, 0, r.stderr);
  const rec = recommendationSchema.parse(JSON.parse(r.stdout));
  assert.equal(rec.machineRates, null);
  const missing = rec.instances.map((x) => x.missing ?? '').find((m) => m.includes('could not be measured')) ?? '';
  assert.match(missing, /this machine's fp32 rates on cpu could not be measured \(the fp32 rate measurement on cpu went past its time budget of 0\.1 s \(in [^)]+\); the engine worker was stopped\)/);
});

test('recommend refuses a bad --prices file, naming the file and the field', async () => {
  const runFile = join(dir, 'not-a-run.json');
  writeFileSync(runFile, '{}');
  const bad = await runCli(['recommend', runFile, '--slo-ms', '50', '--qps', '10'], env);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /not-a-run\.json: not an infermeter run record/);
  const prices = join(dir, 'prices.json');
  writeFileSync(prices, JSON.stringify({ instances: [{ id: 'c5.xlarge', price_on_demand_usd_hr: 'cheap' }] }));
  const runs = readdirSync(join(dir, 'runs')).filter((f) => f.endsWith('.json'));
  const real = runs[0] ? join(dir, 'runs', runs[0]) : runFile;
  const r = await runCli(['recommend', real, '--slo-ms', '50', '--qps', '10', '--prices', prices], env);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /--prices .*prices\.json: instances\.0\.price_on_demand_usd_hr: /);
  const noSlo = await runCli(['recommend', real, '--qps', '10'], env);
  assert.equal(noSlo.code, 2);
  assert.match(noSlo.stderr, /--slo-ms/);
});
