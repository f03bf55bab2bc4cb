import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { recommendationSchema } from '../../../electron/contract/recommend';
import { runRecordSchema } from '../../../electron/contract/run';
import { loadCatalog } from '../../../electron/engine/recommend/catalog';
import { readRecommendationFile } from '../../../electron/engine/results/recommendation-files';
import { QUICK, runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
// One cache for both tests: the machine rates are measured by the first and read back by the second.
const env = { INFERMETER_CACHE_DIR: join(dir, 'cache') };
const runsDir = join(dir, 'runs');

test('bench --slo-ms writes <run-id>.recommendation.json next to the run, naming a batch of the run, and explains it', async () => {
  const r = await runCli(['bench', 'builtin:mlp:tiny', '--ep', 'cpu', '--batch', '1,2,4', '--slo-ms', '5', '--out', runsDir, ...QUICK], env);
  assert.ok(r.code === 0 || r.code === 3, `bench exited ${r.code}: ${r.stderr}`);
  const files = readdirSync(runsDir);
  const runJson = files.find((f) => f.endsWith('.json') && !f.endsWith('.recommendation.json'));
  assert.ok(runJson, `files: ${files.join(', ')}`);
  const run = runRecordSchema.parse(JSON.parse(readFileSync(join(runsDir, runJson), 'utf8')));
  const recFile = join(runsDir, `${run.id}.recommendation.json`);
  assert.ok(existsSync(recFile) && existsSync(join(runsDir, `${run.id}.recommendation.csv`)), `files: ${files.join(', ')}`);

  const rec = readRecommendationFile(recFile);
  assert.equal(rec.runId, run.id);
  assert.equal(rec.sloMs, 5);
  assert.equal(rec.inputs.qpsFrom, 'default');
  assert.deepEqual(rec.inputs.runFiles, [join(runsDir, runJson)]);
  // The batch named is one of the run's, and it is the highest-throughput point with p99 within 5 ms, computed here.
  const measured = run.points.flatMap((p) => (p.verdict === 'failed' ? [] : [p]));
  const eligible = measured.filter((p) => p.stats.p99Ms <= 5).sort((a, b) => b.stats.throughput - a.stats.throughput);
  const named = rec.batch.best?.batch ?? rec.batch.closest?.batch;
  assert.ok(named !== undefined && run.points.some((p) => p.batch === named), `batch ${named} is not in the run`);
  assert.equal(rec.batch.best?.batch ?? null, eligible[0]?.batch ?? null);
  assert.equal(rec.instances.length, loadCatalog().instances.length);
  assert.ok(rec.machineRates && rec.machineRates.gflops > 0, 'instance ranking projected from rates measured here');
  // The one-sentence explanations follow the results table on stdout.
  assert.ok(rec.batch.groups[0] && r.stdout.includes(`fp32/cpu: ${rec.batch.groups[0].explanation}`), r.stdout);
  assert.ok(r.stdout.indexOf('fp32/cpu: ') > r.stdout.search(/^provider\s+precision\s+batch/m));
  assert.ok(r.stdout.includes(`Instances (1000 QPS, the default): ${rec.explanation}`), r.stdout);
  assert.match(r.stderr, /recommendation in .*\.recommendation\.csv/);
});

test('recommend RUN.json --out writes the JSON and one CSV row per catalog instance', async () => {
  const runJson = readdirSync(runsDir).find((f) => f.endsWith('.json') && !f.endsWith('.recommendation.json'));
  assert.ok(runJson, 'the bench test left a run');
  const out = join(dir, 'rec');
  const r = await runCli(['recommend', join(runsDir, runJson), '--slo-ms', '50', '--qps', '2000', '--headroom', '0.5', '--out', out, '--json'], env);
  assert.equal(r.code, 0, r.stderr);
  const printed = recommendationSchema.parse(JSON.parse(r.stdout));
  const id = printed.runId;
  assert.deepEqual(readdirSync(out).sort(), [`${id}.recommendation.csv`, `${id}.recommendation.json`]);
  const rec = readRecommendationFile(join(out, `${id}.recommendation.json`));
  assert.deepEqual({ ...rec, inputs: undefined }, { ...printed, inputs: undefined }, 'the file holds what was printed');
  assert.equal(rec.headroom, 0.5);
  assert.equal(rec.inputs.qpsFrom, 'flag');
  assert.equal(rec.inputs.pricesFile, null);

  const catalog = loadCatalog();
  const rows = parse(readFileSync(join(out, `${id}.recommendation.csv`), 'utf8'), { columns: true }) as Record<string, string>[];
  assert.equal(rows.length, catalog.instances.length, 'one row per catalog instance');
  assert.deepEqual(new Set(rows.map((row) => row['instance_id'])), new Set(catalog.instances.map((x) => x.id)));
  for (const row of rows) {
    const x = rec.instances.find((i) => i.instanceId === row['instance_id']);
    assert.ok(x);
    assert.equal(row['basis'], x.basis);
    assert.equal(row['instances_needed'], x.instancesNeeded === null ? '' : String(x.instancesNeeded));
    if (x.throughput !== null) assert.equal(Number(row['instances_needed']), Math.ceil((2000 * 1.5) / x.throughput));
  }
  assert.match(r.stderr, /recommendation in .*\.recommendation\.csv and .*\.recommendation\.json/);
});
