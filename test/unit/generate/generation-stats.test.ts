import assert from 'node:assert/strict';
import { test } from 'node:test';
import { generationStats, percentiles } from '../../../electron/engine/generate/generation-stats';

test('percentiles of a known sample: nearest-rank-free interpolation as the bench uses', () => {
  const p = percentiles([5, 1, 4, 2, 3]);
  assert.equal(p.count, 5);
  assert.equal(p.meanMs, 3);
  assert.equal(p.p50Ms, 3);
  assert.equal(p.maxMs, 5);
  assert.deepEqual(percentiles([]), { count: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0 });
});

test('the figures are consistent: a generation is TTFT + Σ ITL; tokens/s = tokens / time', () => {
  // Two generations of N = 4 tokens at batch 3: TTFT 40 and 60 ms, three steps each.
  const ttftMs = [40, 60];
  const itlMs = [10, 12, 14, 10, 12, 14];
  const s = generationStats({ convention: 'optimum', batch: 3, promptTokens: 100, genTokens: 4, ttftMs, itlMs, cacheBytesPerToken: 1000 });
  const total = ttftMs.reduce((a, b) => a + b) + itlMs.reduce((a, b) => a + b);
  assert.equal(s.generations, 2);
  assert.equal(s.meanGenerationMs, total / 2);
  assert.equal(s.meanGenerationMs, s.ttft.meanMs + (s.itl.meanMs * itlMs.length) / 2);
  const seconds = total / 1000;
  assert.ok(Math.abs(s.tokensPerSecondPerSequence - (2 * 4) / seconds) < 1e-9);
  assert.ok(Math.abs(s.tokensPerSecondTotal - (2 * 4 * 3) / seconds) < 1e-9);
  assert.ok(Math.abs(s.decodeTokensPerSecond - 1000 / 12) < 1e-9);
  assert.equal(s.itl.count, 6);
  assert.equal(s.ttft.p50Ms, 50);
  // The cache at the end holds P + N − 1 tokens of each sequence.
  assert.equal(s.cacheBytesAtEnd, 1000 * 3 * (100 + 4 - 1));
  assert.deepEqual(s.ttftSamplesMs, ttftMs);
  assert.match(s.method, /TTFT \+ Σ ITL/);
});

test('without a cache the method says each step runs the whole sequence and no cache size is given', () => {
  const s = generationStats({ convention: 'no-cache', batch: 1, promptTokens: 8, genTokens: 2, ttftMs: [5], itlMs: [6], cacheBytesPerToken: null });
  assert.equal(s.cacheBytesAtEnd, null);
  assert.match(s.method, /full-sequence forward per token/);
});
