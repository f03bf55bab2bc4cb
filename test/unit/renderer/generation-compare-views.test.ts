import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MachineRates } from '../../../electron/contract/recommend';
import { loadCatalog } from '../../../electron/engine/recommend/catalog';
import { buildGenerationRecommendation } from '../../../electron/engine/recommend/generation-recommend';
import { anyGenerationRun, generationCompareSeries, generationRatioRows } from '../../../renderer/src/view-models/generation-compare';
import {
  GENERATION_INSTANCE_HEADERS, generationBatchCells, generationCostBars, generationInstanceCells, generationInstanceRows, generationTargetText,
} from '../../../renderer/src/view-models/generation-recommendation';
import { recommendationHtml } from '../../../renderer/src/view-models/recommendation';
import { generationRun } from '../recommend/generation-run';
import { syntheticRun } from '../recommend/synthetic-run';

// The same machine before and after: batch 4 twice as fast per step, prompt 512 measured only in the first run.
const before = generationRun([{ batch: 1, ttftMs: 240, itlMs: 30 }, { batch: 4, ttftMs: 900, itlMs: 60 }, { batch: 1, promptTokens: 512, ttftMs: 1000, itlMs: 36 }], 'before');
const after = generationRun([{ batch: 1, ttftMs: 120, itlMs: 30 }, { batch: 4, ttftMs: 900, itlMs: 30 }], 'after');
const runs = [{ run: before, label: 'before' }, { run: after, label: 'after' }];

test('comparison charts: every run\'s lines on each generation chart, tagged with the run, one per precision × prompt × gen', () => {
  assert.ok(anyGenerationRun([syntheticRun([{ batch: 1, meanMs: 1 }]), after]));
  assert.ok(!anyGenerationRun([syntheticRun([{ batch: 1, meanMs: 1 }])]));
  const tokens = generationCompareSeries(runs, 'tokens-total');
  assert.deepEqual(tokens.map((r) => [r.runIndex, r.series.length]), [[0, 2], [1, 1]]);
  const [b128, a128] = [tokens[0]?.series.find((s) => s.label.includes('prompt 128')), tokens[1]?.series[0]];
  assert.ok(b128 && a128);
  assert.equal(b128.runId, 'before');
  assert.equal(a128.runId, 'after');
  assert.notEqual(b128.key, a128.key, 'two runs of one configuration are two lines');
  assert.match(a128.label, /^after · FP32 · cpu · prompt 128 · gen 32$/);
  assert.deepEqual(a128.points.map((p) => p.x), [1, 4]);
  // ITL p99 of "after" at batch 4: 30 ms steps with one in 100 at 45 ms.
  const itl = generationCompareSeries(runs, 'itl-p99')[1]?.series[0]?.points[1]?.y ?? 0;
  const p = after.points[1];
  assert.ok(p && p.verdict !== 'failed' && p.generationStats);
  assert.equal(itl, p.generationStats.itl.p99Ms);
});

test('comparison ratios: tokens/s, TTFT and ITL p99 of each configuration against the base run; not measured where absent', () => {
  const rows = generationRatioRows(before, [after]);
  assert.deepEqual(rows.map((r) => [r.promptTokens, r.batch]), [[128, 1], [128, 4], [512, 1]]);
  const [b1, b4, p512] = rows;
  assert.ok(b1 && b4 && p512);
  // Batch 1: half the TTFT, the same steps. Batch 4: the same TTFT, half the step time.
  assert.ok(Math.abs((b1.cells[0]?.ttftRatio ?? 0) - 0.5) < 1e-9);
  assert.ok(Math.abs((b1.cells[0]?.itlP99Ratio ?? 0) - 1) < 1e-9);
  assert.ok((b1.cells[0]?.tokensRatio ?? 0) > 1);
  assert.ok(Math.abs((b4.cells[0]?.itlP99Ratio ?? 0) - 0.5) < 1e-9);
  const g4 = (r: typeof after) => (r.points[1] && r.points[1].verdict !== 'failed' ? r.points[1].generationStats?.tokensPerSecondTotal ?? 0 : 0);
  assert.ok(Math.abs((b4.cells[0]?.tokensRatio ?? 0) - g4(after) / g4(before)) < 1e-12);
  assert.deepEqual(p512.cells[0], { runId: 'after', tokensPerS: null, tokensRatio: null, ttftRatio: null, itlP99Ratio: null });
});

test('the Recommend view of a generation run: tokens/s, ITL p99 and TTFT ranges and the cost per 1M generated tokens', () => {
  const rates: MachineRates = { provider: 'cpu', precision: 'fp32', gflops: 100, gbs: 40, matmulMs: 1, copyMs: 1, cpuModel: 'Test CPU', ortVersion: '1.30.0', measuredAt: '', method: 'test' };
  const rec = buildGenerationRecommendation({ run: after, sloMs: 100, qps: 10, headroom: 0.3, catalog: loadCatalog(), rates, now: '2026-12-02T00:00:00.000Z' });
  assert.equal(generationTargetText(rec), '320 generated tokens/s (10.0 requests/s of prompt 128 + 32 generated tokens) with 30% headroom');
  assert.deepEqual(generationBatchCells(rec)[0]?.cells.slice(0, 2), ['FP32 · cpu', '4']);
  assert.match(generationBatchCells(rec)[0]?.cells[2] ?? '', / tokens\/s$/);
  const rows = generationInstanceRows(rec);
  const top = rows[0];
  const x = rec.instances[0];
  assert.ok(top && x?.generation && x.servingCostPer1M !== null);
  assert.equal(generationInstanceCells(top).length, GENERATION_INSTANCE_HEADERS.length - 1);
  assert.match(top.tokens, /^[\d.,]+ ?[kM]?–[\d.,]+ ?[kM]?$/, `a projected range: ${top.tokens}`);
  assert.match(top.itlP99, /ms–.*ms$|–/);
  // $/1M generated tokens is $/1M requests ÷ 32.
  const bars = generationCostBars(rec);
  const i = bars.labels.indexOf(x.instanceId);
  assert.ok(i >= 0);
  assert.ok(Math.abs((bars.projected[i] ?? bars.measured[i] ?? 0) - x.servingCostPer1M / 32) < 1e-12);
  const html = recommendationHtml(rec);
  assert.match(html, /SLO ITL p99 ≤ 100 ms, 320 generated tokens\/s/);
  assert.match(html, /<th>\$\/1M tokens served<\/th>/);
});
