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

test('a block holds every precision, thread count and provider of one batch, never two batches, and the blocks cover the plan once', () => {
  const plan = buildPlan(options({ batches: [1, 2, 4, 8, 16], precisions: ['fp32', 'fp16', 'int8'], threads: [1, 2] }), ['cpu', 'cuda'], true);
  const blocks = trialBlocks(plan);
  assert.deepEqual(
    blocks.map((b) => b[0]?.batch),
    [1, 2, 4, 8, 16],
  );
  for (const b of blocks) {
    assert.equal(new Set(b.map((p) => p.batch)).size, 1);
    assert.equal(new Set(b.map((p) => `${p.provider}/${p.precision}/${p.threads}`)).size, 2 * 3 * 2);
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
  assert.deepEqual(result.get(at('int8', 1).index), { baselineIndex: at('fp32', 1).index, baselinePrecision: 'fp32', axis: 'precision', speedup: 2, low: 2, high: 2, pairs: 3 });
  const late = result.get(at('int8', 8).index);
  assert.deepEqual({ ...late, speedup: Number(late?.speedup.toFixed(12)) }, { baselineIndex: at('fp32', 8).index, baselinePrecision: 'fp32', axis: 'precision', speedup: 3, low: null, high: null, pairs: 1 });
  assert.equal(result.has(at('fp32', 1).index), false);
});

test('comparisons across thread counts and providers: each point along the first axis it differs on, paired by round', () => {
  const plan = buildPlan(options({ batches: [4], precisions: ['fp32', 'int8'], threads: [1, 2] }), ['cpu', 'cuda'], true);
  const at = (provider: string, precision: string, threads: number) => plan.find((p) => p.provider === provider && p.precision === precision && p.threads === threads) as PlanPoint;
  // Latencies by round: 2 threads take 0.5× (rounds 1, 3) and 0.6× (round 2) of 1 thread; cuda 0.25× of cpu; int8 half of fp32.
  const base = [4, 5, 4.4];
  const scaled = (f: number[]) => base.map((m, i) => ({ round: i + 1, meanMs: m * (f[i] as number) }));
  const measured = [
    { point: at('cpu', 'fp32', 1), trials: scaled([1, 1, 1]) },
    { point: at('cpu', 'fp32', 2), trials: scaled([0.5, 0.6, 0.5]) },
    { point: at('cpu', 'int8', 1), trials: scaled([0.5, 0.5, 0.5]) },
    { point: at('cpu', 'int8', 2), trials: scaled([0.25, 0.3, 0.25]) },
    { point: at('cuda', 'fp32', 1), trials: scaled([0.25, 0.25, 0.25]) },
    { point: at('cuda', 'int8', 1), trials: scaled([0.125, 0.125, 0.125]) },
  ];
  const result = compareVariants(measured, ['fp32', 'int8']);
  assert.equal(result.has(at('cpu', 'fp32', 1).index), false, 'the run\'s first setting has no baseline');
  const threads = result.get(at('cpu', 'fp32', 2).index);
  assert.equal(threads?.axis, 'threads');
  assert.equal(threads?.baselineIndex, at('cpu', 'fp32', 1).index);
  // Paired log ratios ln 2, ln(1/0.6), ln 2: their mean, exponentiated, is the speed-up; the interval holds it.
  const expected = Math.exp((2 * Math.log(2) + Math.log(1 / 0.6)) / 3);
  assert.ok(threads && Math.abs(threads.speedup - expected) < 1e-12 && threads.pairs === 3);
  assert.ok(threads.low !== null && threads.high !== null && threads.low < expected && expected < threads.high);
  // Precision first: INT8 at 2 threads is compared with FP32 at 2 threads, not with INT8 at 1 thread.
  assert.deepEqual([result.get(at('cpu', 'int8', 2).index)?.axis, result.get(at('cpu', 'int8', 2).index)?.baselineIndex], ['precision', at('cpu', 'fp32', 2).index]);
  const cuda = result.get(at('cuda', 'fp32', 1).index);
  assert.deepEqual([cuda?.axis, cuda?.baselineIndex, Number(cuda?.speedup.toFixed(12)), cuda?.low, cuda?.high], ['provider', at('cpu', 'fp32', 1).index, 4, 4, 4]);
  assert.equal(result.get(at('cuda', 'int8', 1).index)?.axis, 'precision');
});
