import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MachineRates } from '../../../electron/contract/recommend';
import { methods } from '../../../electron/contract/methods';
import { loadCatalog } from '../../../electron/engine/recommend/catalog';
import { buildGenerationRecommendation, chooseShape } from '../../../electron/engine/recommend/generation-recommend';
import { parseShapeValue, shapeOptions } from '../../../renderer/src/view-models/generation-recommend-form';
import { DEFAULT_RECOMMEND_FORM, formOf, parseRecommendForm } from '../../../renderer/src/view-models/recommendation';
import { generationRun } from '../recommend/generation-run';
import { syntheticRun, linearCurve } from '../recommend/synthetic-run';

const catalog = loadCatalog();
const rates: MachineRates = { provider: 'cpu', precision: 'fp32', gflops: 100, gbs: 40, matmulMs: 1, copyMs: 1, cpuModel: 'Test CPU', ortVersion: '1.30.0', measuredAt: '', method: 'test' };
const run = generationRun([
  { batch: 1, ttftMs: 240, itlMs: 30, promptTokens: 512 },
  { batch: 1, ttftMs: 60, itlMs: 25, promptTokens: 128 },
  { batch: 4, ttftMs: 200, itlMs: 35, promptTokens: 128 },
  { batch: 1, ttftMs: 70, itlMs: 25, promptTokens: 128, genTokens: 64 },
]);

test('the shape options: every measured prompt × gen once, in the engine\'s order, after its default; none for a batch-sweep run', () => {
  const options = shapeOptions(run);
  assert.deepEqual(options.map((o) => o.value), ['', '128x32', '128x64', '512x32']);
  const engineDefault = chooseShape(run).shape;
  assert.equal(options[0]?.label, `default: prompt ${engineDefault.promptTokens} × gen ${engineDefault.genTokens}`);
  assert.deepEqual(options.slice(1).map((o) => parseShapeValue(o.value)), chooseShape(run).measured);
  assert.deepEqual(shapeOptions(syntheticRun(linearCurve([1, 2, 4], 2, 2), 'local')), []);
  assert.equal(parseShapeValue(''), undefined);
  assert.equal(parseShapeValue('128x0'), null);
  assert.equal(parseShapeValue('prompt 128'), null);
});

test('a generation run\'s form: tokens/s or QPS, exactly one; the shape chosen; both are ignored for other runs', () => {
  const base = { ...DEFAULT_RECOMMEND_FORM, sloMs: '100' };
  const byTokens = parseRecommendForm({ ...base, qps: '', tokensPerS: '640', shape: '128x64' }, true);
  assert.deepEqual(byTokens.ok && byTokens.params, { sloMs: 100, qps: 1, headroom: 0.3, rankBy: 'cost', tokensPerS: 640, shape: { promptTokens: 128, genTokens: 64 } });
  const byQps = parseRecommendForm({ ...base, qps: '5', tokensPerS: '', shape: '' }, true);
  assert.deepEqual(byQps.ok && byQps.params, { sloMs: 100, qps: 5, headroom: 0.3, rankBy: 'cost' });
  for (const [qps, tokensPerS] of [['5', '640'], ['', '']] as const) {
    const both = parseRecommendForm({ ...base, qps, tokensPerS }, true);
    assert.deepEqual(!both.ok && both.errors.map((e) => e.split(':')[0]), ['Target QPS or Target tokens/s'], `QPS '${qps}', tokens/s '${tokensPerS}'`);
  }
  const bad = parseRecommendForm({ ...base, qps: '', tokensPerS: 'fast', shape: 'x' }, true);
  assert.deepEqual(!bad.ok && bad.errors.map((e) => e.split(':')[0]), ['Target tokens/s', 'Prompt × gen']);
  const other = parseRecommendForm({ ...base, qps: '5', tokensPerS: '640', shape: '128x64' });
  assert.deepEqual(other.ok && other.params, { sloMs: 100, qps: 5, headroom: 0.3, rankBy: 'cost' }, 'a batch-sweep run reads neither field');
});

test('a saved generation recommendation gives back the form that asks for it again, and the app contract takes its params', () => {
  const rec = buildGenerationRecommendation({ run, sloMs: 100, qps: 1, tokensPerS: 640, shape: { promptTokens: 128, genTokens: 64 }, headroom: 0.3, catalog, rates, now: '2026-12-02T00:00:00.000Z' });
  assert.ok(rec.generation);
  const form = formOf(rec);
  assert.deepEqual(form, { sloMs: '100', qps: '', headroomPercent: '30', rankBy: 'cost', tokensPerS: '640', shape: '128x64' });
  const parsed = parseRecommendForm(form, true);
  assert.ok(parsed.ok);
  const again = buildGenerationRecommendation({ run, ...parsed.params, catalog, rates, now: '2026-12-02T00:00:00.000Z' });
  assert.deepEqual(again.generation, rec.generation);
  assert.equal(again.qps, rec.qps);
  const app = methods.recommend.app.params.parse({ runId: run.id, ...parsed.params });
  assert.deepEqual([app.tokensPerS, app.shape], [640, { promptTokens: 128, genTokens: 64 }]);
  assert.equal(methods.recommend.app.params.safeParse({ runId: run.id, ...parsed.params, tokensPerS: -1 }).success, false, 'the contract rejects a tokens/s that is not positive');
});
