import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BenchOptions, PlanPoint } from '../../../electron/contract/run';
import { buildPlan } from '../../../electron/engine/bench/plan';
import { trialBlocks } from '../../../electron/engine/bench/trial-blocks';
import { compareVariants } from '../../../electron/engine/bench/comparisons';

const options = (o: Partial<BenchOptions>): BenchOptions => ({ batches: [1], precisions: ['fp32'], threads: [null], ...o }) as BenchOptions;
const ids = (block: PlanPoint[]) => block.map((p) => `${p.precision}@${p.batch}${p.threads === null ? '' : `/t${p.threads}`}`);

test('blocks: every precision of one batch together; one precision gives one point a block', () => {
  const plan = buildPlan(options({ batches: [1, 2, 4], precisions: ['fp32', 'int8'] }), ['cpu'], true);
  assert.deepEqual(trialBlocks(plan).map(ids), [['fp32@1', 'int8@1'], ['fp32@2', 'int8@2'], ['fp32@4', 'int8@4']]);
  const single = buildPlan(options({ batches: [1, 16, 128] }), ['cpu'], true);
  assert.deepEqual(trialBlocks(single).map(ids), [['fp32@1'], ['fp32@16'], ['fp32@128']]);
});

test('blocks never mix thread counts, providers or batches, and cover the plan once', () => {
  const plan = buildPlan(options({ batches: [1, 2, 4, 8, 16], precisions: ['fp32', 'fp16', 'int8'], threads: [1, 2] }), ['cpu', 'cuda'], true);
  const blocks = trialBlocks(plan);
  for (const b of blocks) {
    assert.equal(new Set(b.map((p) => `${p.provider}/${p.threads}/${p.batch}`)).size, 1);
    assert.deepEqual(b.map((p) => p.precision), ['fp32', 'fp16', 'int8']);
  }
  assert.deepEqual(blocks.flat().map((p) => p.index).sort((a, b) => a - b), plan.map((p) => p.index));
});

test('comparisons: each variant over FP32 at the same setting, paired on the rounds both ran', () => {
  const plan = buildPlan(options({ batches: [1, 8], precisions: ['fp32', 'int8'] }), ['cpu'], true);
  const at = (precision: string, batch: number) => plan.find((p) => p.precision === precision && p.batch === batch) as PlanPoint;
  const trials = (means: number[], from = 1) => means.map((meanMs, i) => ({ round: from + i, meanMs }));
  const result = compareVariants(
    [
      { point: at('fp32', 1), trials: trials([2, 4, 3]) },
      { point: at('int8', 1), trials: trials([1, 2, 1.5]) },
      { point: at('fp32', 8), trials: trials([10, 12]) },
      // Its first round is missing (re-run from round 2): only rounds 2 and 3 pair, and only round 2 has both.
      { point: at('int8', 8), trials: trials([4, 5], 2) },
    ],
    ['fp32', 'int8'],
  );
  assert.deepEqual(result.get(at('int8', 1).index), { baselineIndex: at('fp32', 1).index, baselinePrecision: 'fp32', speedup: 2, low: 2, high: 2, pairs: 3 });
  const late = result.get(at('int8', 8).index);
  assert.deepEqual({ ...late, speedup: Number(late?.speedup.toFixed(12)) }, { baselineIndex: at('fp32', 8).index, baselinePrecision: 'fp32', speedup: 3, low: null, high: null, pairs: 1 });
  assert.equal(result.has(at('fp32', 1).index), false);
});
