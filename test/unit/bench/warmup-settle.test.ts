import assert from 'node:assert/strict';
import { test } from 'node:test';
import { settled, SETTLED_SHARE, WARMUP_CAP_MS, warmupCapMs } from '../../../electron/engine/bench/warmup-settle';

test('warm-up goes on while runs still get faster, and stops once the last quarter matches the one before', () => {
  // A fresh process: 9.5 ms falling to 7 ms over the first 40 runs, flat after.
  const falling = Array.from({ length: 40 }, (_, i) => 9.5 - (2.5 * i) / 39);
  assert.equal(settled(falling), false);
  const flat = [...falling, ...Array.from({ length: 40 }, (_, i) => 7 + (i % 2 ? 0.05 : -0.05))];
  assert.equal(settled(flat), true);
  // Too few runs to tell; noise within the share is settled, a step beyond it is not.
  assert.equal(settled([5, 5, 5, 5, 5]), false);
  assert.equal(settled([10, 10, 10, 10 * (1 - SETTLED_SHARE / 2), 10 * (1 - SETTLED_SHARE / 2), 10 * (1 - SETTLED_SHARE / 2)]), true);
  assert.equal(settled([10, 10, 10, 9, 9, 9]), false);
  // Slower at the end (a neighbour arrived) is not "still warming up".
  assert.equal(settled([5, 5, 5, 6, 6, 6]), true);
});

test('the warm-up cap: half the timing budget, at most WARMUP_CAP_MS, never under the asked minimum', () => {
  assert.equal(warmupCapMs(200, 1000), 500);
  assert.equal(warmupCapMs(200, 60_000), WARMUP_CAP_MS);
  assert.equal(warmupCapMs(3000, 1000), 3000);
});
