import assert from 'node:assert/strict';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import type { RecommendationFile } from '../../../electron/contract/recommend';
import { loadCatalog } from '../../../electron/engine/recommend/catalog';
import { AppService } from '../../../electron/host/app-service';
import { historyWithRunHere } from '../../fixtures/run-here';

// Measured "here", so the instance projections use this machine's rates (measured into a cache of the test's own).
const { root, historyDir, run } = historyWithRunHere();
const service = new AppService({ historyDir, cache: { dir: join(root, 'models') } });

after(() => {
  service.close();
  rmSync(root, { recursive: true, force: true });
});

test('recommend: batch size and every catalog instance for a run of the history, saved beside it', async () => {
  const out = await service.handle('recommend', { runId: run.id, sloMs: 1.2, qps: 2000 });
  assert.ok(out.ok, JSON.stringify(out));
  const rec = out.result as RecommendationFile;
  assert.equal(rec.runId, run.id);
  assert.equal(rec.headroom, 0.3, 'the default headroom');
  // Mean latencies are 0.5 + 0.1·B (+ spread): batch 4's p99 is under 1.2 ms, batch 8's is not.
  assert.equal(rec.batch.best?.batch, 4);
  assert.equal(rec.instances.length, loadCatalog().instances.length);
  assert.ok(rec.machineRates && rec.machineRates.provider === 'cpu' && rec.machineRates.precision === 'fp32' && rec.machineRates.gflops > 0);
  for (const x of rec.instances) assert.ok(x.basis !== 'none' || (x.missing ?? '').length > 0, `${x.instanceId}: a row without a number says why`);
  assert.deepEqual(rec.inputs.runFiles, [join(historyDir, `${run.id}.json`)]);
  assert.ok(existsSync(join(historyDir, `${run.id}.recommendation.json`)) && existsSync(join(historyDir, `${run.id}.recommendation.csv`)));
  const listed = await service.handle('listRuns', {});
  assert.ok(listed.ok);
  assert.deepEqual((listed.result as Array<{ id: string }>).map((r) => r.id), [run.id], 'the recommendation files are not runs');

  const csv = await service.handle('exportRecommendation', { recommendation: rec, format: 'csv' });
  assert.ok(csv.ok);
  const file = csv.result as { fileName: string; content: string };
  assert.equal(file.fileName, `${run.id}.recommendation.csv`);
  const rows = parse(file.content, { columns: true }) as Array<Record<string, string>>;
  assert.deepEqual(rows.map((r) => r.instance_id), rec.instances.map((x) => x.instanceId));
});

test('recommend with the user\'s prices, and a bad price file named in the error', async () => {
  const prices = { fileName: 'my-prices.json', content: JSON.stringify({ instances: [{ id: 'c5.xlarge', price_on_demand_usd_hr: 1.5 }] }) };
  const out = await service.handle('recommend', { runId: run.id, sloMs: 5, qps: 100, headroom: 0, prices });
  assert.ok(out.ok, JSON.stringify(out));
  const rec = out.result as RecommendationFile;
  assert.equal(rec.instances.find((x) => x.instanceId === 'c5.xlarge')?.pricePerHour, 1.5);
  assert.equal(rec.inputs.pricesFile, 'my-prices.json');
  const bad = await service.handle('recommend', { runId: run.id, sloMs: 5, qps: 100, prices: { fileName: 'broken.json', content: '{ nope' } });
  assert.ok(!bad.ok);
  assert.equal(bad.error.code, 'bad-input');
  assert.match(bad.error.message, /broken\.json: not valid JSON/);
  const missing = await service.handle('recommend', { runId: 'no-such-run', sloMs: 5, qps: 100 });
  assert.ok(!missing.ok);
  assert.match(missing.error.message, /run no-such-run: not in the history/);
});
