import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareNumbers, degenerateReferences, isClose, worstOf, type Numbers } from '../../../electron/engine/check/compare-reference';

const n = (values: number[], dims: number[] = [values.length]): Numbers => ({ values: Float64Array.from(values), dims });
const tol = { rtol: 1e-3, atol: 1e-7 };

test('isClose is numpy.isclose with equal_nan: atol + rtol × |expected|', () => {
  assert.equal(isClose(1.001, 1, tol), true);
  assert.equal(isClose(1.0011, 1, tol), false);
  assert.equal(isClose(1e-7, 0, tol), true);
  assert.equal(isClose(2e-7, 0, tol), false);
  assert.equal(isClose(NaN, NaN, tol), true);
  assert.equal(isClose(NaN, 1, tol), false);
  assert.equal(isClose(Infinity, Infinity, tol), true);
  assert.equal(isClose(-Infinity, Infinity, tol), false);
});

test('errors, mismatches and cosine on known arrays', () => {
  const e = compareNumbers(n([1, 2.01, 0, 4]), n([1, 2, 0, -4]), tol);
  assert.equal(e.mismatched, 2);
  assert.equal(e.elements, 4);
  assert.ok(Math.abs(e.maxAbsError - 8) < 1e-12);
  assert.ok(Math.abs(e.maxRelError - 2) < 1e-12);
  assert.ok(Math.abs(e.cosine - (1 + 4.02 - 16) / Math.sqrt(1 + 2.01 ** 2 + 16) / Math.sqrt(21)) < 1e-12);
  assert.equal(e.top1, null);
  const same = compareNumbers(n([0, 0]), n([0, 0]), tol);
  assert.deepEqual([same.cosine, same.mismatched, same.maxAbsError, same.maxRelError], [1, 0, 0, 0]);
  const nan = compareNumbers(n([NaN, 1]), n([1, 1]), tol);
  assert.deepEqual([nan.mismatched, nan.maxAbsError], [1, Infinity]);
});

test('top-1 agreement counts rows of [batch, classes] scores whose argmax agrees', () => {
  const e = compareNumbers(n([0.1, 0.9, 0.8, 0.2, 0.3, 0.7], [3, 2]), n([0.2, 0.8, 0.3, 0.7, 0.4, 0.6], [3, 2]), tol);
  assert.deepEqual(e.top1, { agree: 2, rows: 3 });
  assert.deepEqual(worstOf([e, e]).top1, { agree: 4, rows: 6 });
  assert.equal(worstOf([e, compareNumbers(n([0.5, 0.1]), n([0.5, 0.1]), tol)]).top1, null);
});

test('constant references, and references that ignore their inputs, are warned about', () => {
  const constant = degenerateReferences([{ name: 's0', inputs: [n([1, 2])], outputs: new Map([['y', n([0.5, 0.5, 0.5])]]) }]);
  assert.deepEqual(constant, ["reference output 'y' is constant (every value 0.5): comparing it cannot tell a right model from a wrong one"]);
  const sets = [1, 2, 3].map((i) => ({ name: `s${i}`, inputs: [n([i, i])], outputs: new Map([['y', n([0.1, 0.7, 0.2])]]) }));
  assert.deepEqual(degenerateReferences(sets), [
    "reference output 'y' is the same in all 3 data sets although their inputs differ: it does not depend on the input, so comparing it says little",
  ]);
  const healthy = [1, 2].map((i) => ({ name: `s${i}`, inputs: [n([i])], outputs: new Map([['y', n([i, 0])]]) }));
  assert.deepEqual(degenerateReferences(healthy), []);
});
