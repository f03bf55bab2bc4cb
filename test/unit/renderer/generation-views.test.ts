import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bestGenerationUnderSlo, generationSloLine } from '../../../electron/contract/generation';
import type { PointResult } from '../../../electron/contract/run';
import { generationStats } from '../../../electron/engine/generate/generation-stats';
import { generationRows, generationSeries, isGenerationRun, itlHistogram, generationPoints } from '../../../renderer/src/view-models/generation';
import { formatBytes } from '../../../renderer/src/view-models/format';
import { samplePoint } from '../../fixtures/sample-run';

/** A generation point of batch `batch` whose steps take `itl` ms (one slow step of 3·itl), TTFT 10·itl. */
function genPoint(index: number, batch: number, promptTokens: number, itl: number, precision: 'fp32' | 'int8' = 'fp32'): PointResult {
  const base = samplePoint(index, batch, 1);
  const itlMs = [...Array.from({ length: 98 }, () => itl), 3 * itl, itl];
  const stats = generationStats({ convention: 'optimum', batch, promptTokens, genTokens: 11, ttftMs: Array.from({ length: 10 }, () => 10 * itl), itlMs, cacheBytesPerToken: 4096 });
  return { ...base, precision, generation: { promptTokens, genTokens: 11 }, generationStats: stats } as PointResult;
}

const points = [genPoint(0, 1, 128, 10), genPoint(1, 4, 128, 12), genPoint(2, 1, 512, 14), genPoint(3, 16, 512, 20), genPoint(4, 4, 128, 8, 'int8')];

test('series per precision × prompt × gen against batch size, with the metric asked', () => {
  assert.ok(isGenerationRun(points));
  assert.ok(!isGenerationRun([samplePoint(0, 1, 1)]));
  const tokens = generationSeries(points, 'tokens-total');
  assert.equal(tokens.length, 3);
  const fp32at128 = tokens.find((s) => s.key.startsWith('fp32|cpu||') && s.key.endsWith('|128|11'));
  assert.deepEqual(fp32at128?.points.map((p) => p.x), [1, 4]);
  const p1 = generationPoints(points)[1];
  assert.equal(fp32at128?.points[1]?.y, p1?.generationStats.tokensPerSecondTotal);
  assert.match(fp32at128?.label ?? '', /FP32 · cpu · prompt 128 · gen 11/);
  const itl = generationSeries(points, 'itl-p99');
  assert.ok(itl.every((s) => s.points.every((p) => p.y > 0)));
});

test('the ITL histogram puts the slow step in the clipped tail; table rows carry TTFT, ITL and tokens/s', () => {
  const [first] = generationPoints(points);
  assert.ok(first);
  const { hist, title } = itlHistogram(first);
  assert.equal(hist.total, 100);
  assert.equal(hist.overflow, 1, 'the 3× step is above p99');
  assert.match(title, /prompt 128, gen 11, batch 1 \(100 steps\)/);
  const rows = generationRows(points);
  assert.equal(rows.length, 5);
  assert.deepEqual(rows[0]?.slice(0, 6), ['cpu', 'FP32', '128', '11', '1', 'valid']);
  assert.equal(rows[0]?.[11], formatBytes(4096));
});

test('the generation SLO: most tokens/s in total among points whose ITL p99 meets it', () => {
  // ITL p99 ≈ 1.02 × the step time (one slow step in 100). Batch 16 (20 ms steps) has the most tokens/s in total;
  // under 15 ms only batch 1 at 10 ms and INT8 batch 4 at 8 ms are left, and INT8 batch 4 makes more.
  assert.equal(bestGenerationUnderSlo(points, 1000)?.index, 3);
  assert.equal(bestGenerationUnderSlo(points, 15)?.index, 4);
  assert.match(generationSloLine(points, 15), /^Best under ITL p99 ≤ 15 ms: batch 4 at prompt 128, gen 11, INT8 on cpu — [\d.]+ tokens\/s in total/);
  assert.equal(generationSloLine(points, 1), 'No valid generation point has an ITL p99 within 1 ms.');
});
