import assert from 'node:assert/strict';
import { test } from 'node:test';
import { etaText } from '../../../electron/cli/format/eta-text';

test('the ETA is the mean time per finished point times the points left, never "NFs"', () => {
  assert.equal(etaText(5000, 0, 10), 'after the first point');
  assert.equal(etaText(10_000, 2, 10), '40 s');
  assert.equal(etaText(60_000, 1, 3), '2 min 00 s');
  assert.equal(etaText(1000, 10, 10), 'done');
  assert.equal(etaText(1000, 0, 0), 'done');
});
