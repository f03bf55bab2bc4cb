import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hashString, heStd, WeightStream, xavierStd } from '../../../models/weights';

function moments(a: Float32Array): { mean: number; std: number; maxAbs: number } {
  let sum = 0;
  let squares = 0;
  let maxAbs = 0;
  for (const x of a) {
    sum += x;
    squares += x * x;
    maxAbs = Math.max(maxAbs, Math.abs(x));
  }
  const mean = sum / a.length;
  return { mean, std: Math.sqrt(squares / a.length - mean * mean), maxAbs };
}

test('a stream is a pure function of seed, tensor name and index', () => {
  const a = new WeightStream(1, 'layer.0.weight').normal(1000, 1);
  assert.deepEqual(new WeightStream(1, 'layer.0.weight').normal(1000, 1), a);
  assert.deepEqual(new WeightStream(1, 'layer.0.weight').normal(10, 1), a.subarray(0, 10), 'a prefix does not depend on the length');
  assert.notDeepEqual(new WeightStream(2, 'layer.0.weight').normal(1000, 1), a, 'another seed');
  assert.notDeepEqual(new WeightStream(1, 'layer.1.weight').normal(1000, 1), a, 'another tensor');
  assert.notEqual(hashString('a'), hashString('b'));
});

test('normal draws have the asked mean and std, truncated near 3 std', () => {
  const { mean, std, maxAbs } = moments(new WeightStream(3, 'w').normal(200_000, 0.02));
  assert.ok(Math.abs(mean) < 0.02 * 0.01, `mean ${mean}`);
  assert.ok(Math.abs(std / 0.02 - 1) < 0.01, `std ${std}`);
  assert.ok(maxAbs > 0.02 * 2.8 && maxAbs < 0.02 * 3.1, `max |x| ${maxAbs}`);
  const shifted = moments(new WeightStream(3, 'gain').normal(100_000, 0.05, 1));
  assert.ok(Math.abs(shifted.mean - 1) < 0.001 && Math.abs(shifted.std / 0.05 - 1) < 0.02);
});

test('uniform draws cover [lo, hi) evenly', () => {
  const u = new WeightStream(5, 'u').uniform(100_000, 0.8, 1.2);
  const { mean, std } = moments(u);
  assert.ok(u.every((x) => x >= 0.8 && x < 1.2 + 1e-7));
  assert.ok(Math.abs(mean - 1) < 0.002, `mean ${mean}`);
  assert.ok(Math.abs(std - 0.4 / Math.sqrt(12)) < 0.002, `std ${std}`);
});

test('initialiser scales', () => {
  assert.equal(heStd(2048), Math.sqrt(2 / 2048));
  assert.equal(xavierStd(256, 768), Math.sqrt(2 / 1024));
});
