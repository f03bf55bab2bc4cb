import { test } from 'node:test';
import assert from 'node:assert/strict';
import { percentile } from '../../../common/stats/percentile';
import { sortSamples } from '../../../common/stats/sorted-samples';

const close = (actual: number, expected: number, tol = 1e-12): void =>
  assert.ok(Math.abs(actual - expected) <= tol * Math.max(1, Math.abs(expected)), `${actual} != ${expected}`);

// 1..10 shuffled; expected values are numpy.percentile(a, p) (method='linear').
const ten = sortSamples(Float64Array.from([4, 1, 3, 2, 10, 5, 7, 6, 9, 8]));

test('sortSamples sorts numerically and leaves the raw samples alone', () => {
  const raw = Float64Array.from([10, 9, 100, 1.5, -2]);
  const sorted = sortSamples(raw);
  assert.deepEqual(Array.from(sorted), [-2, 1.5, 9, 10, 100]);
  assert.deepEqual(Array.from(raw), [10, 9, 100, 1.5, -2]);
  assert.throws(() => sortSamples(Float64Array.from([1, Number.NaN])), /NaN/);
});

test('percentile interpolates linearly between ranks, as numpy does by default', () => {
  const expected: Array<[number, number]> = [
    [0, 1],
    [10, 1.9],
    [25, 3.25],
    [33, 3.97],
    [50, 5.5],
    [90, 9.1],
    [95, 9.55],
    [99, 9.91],
    [100, 10],
  ];
  for (const [p, want] of expected) close(percentile(ten, p), want);
});

test('percentile of one sample is that sample; of none or out of range is an error', () => {
  const one = sortSamples(Float64Array.from([42]));
  assert.equal(percentile(one, 0), 42);
  assert.equal(percentile(one, 99), 42);
  assert.throws(() => percentile(sortSamples(new Float64Array(0)), 50), RangeError);
  assert.throws(() => percentile(ten, 101), RangeError);
  assert.throws(() => percentile(ten, -1), RangeError);
  assert.throws(() => percentile(ten, Number.NaN), RangeError);
});
