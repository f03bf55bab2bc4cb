import assert from 'node:assert/strict';
import { test } from 'node:test';
import { badCountEntries, batchFieldProblem, shapeProblemsText } from '../../../renderer/src/view-models/field-checks';
import { parseShape } from '../../../renderer/src/view-models/model-inputs';
import { parseRoute, routeHash } from '../../../renderer/src/view-models/routes';
import { formatStartedAt } from '../../../renderer/src/view-models/dates';

test('a batch list names every bad entry, in the order typed', () => {
  assert.deepEqual(badCountEntries('0,abc,4,-2, 1.5'), ['0', 'abc', '-2', '1.5']);
  assert.equal(batchFieldProblem('0,abc,4'), 'Batch sizes: "0", "abc" are not whole numbers of 1 or more; use a list like 1,2,4,8 or a range like 1-64.');
  assert.equal(batchFieldProblem('1,2, 4'), null);
  assert.equal(batchFieldProblem('1-64'), null);
  assert.match(batchFieldProblem('8-2') ?? '', /1 ≤ low ≤ high/);
  assert.match(batchFieldProblem(' , ') ?? '', /at least one/);
});

test('a shape override names every bad size, and a blocked run says which override to fix', () => {
  const input = { name: 'x', elemType: 'float32', shape: ['batch', 4, 4] as Array<string | number | null> };
  assert.equal(parseShape(input as never, '[abc, -3, 2x2]'), 'Shape of x: "abc", "-3" are not whole numbers; write sizes like 1,3,224,224.');
  assert.deepEqual(parseShape(input as never, '1,4,4'), [1, 4, 4]);
  assert.equal(shapeProblemsText(new Map()), null);
  assert.match(shapeProblemsText(new Map([['x', { text: 'abc', problem: 'Shape of x: bad.' }]])) ?? '', /^Fix the shape override on the Model tab first .*Shape of x: bad\.$/);
});

test('hash routes round-trip and refuse what is not a run id', () => {
  for (const hash of ['#/results/run-2026-12-02T14-00-00Z_ab12', '#/recommend/r1', '#/compare/a,b.c', '#/history', '#/machine']) assert.equal(routeHash(parseRoute(hash) ?? { view: 'machine' }), hash);
  assert.deepEqual(parseRoute('#/results/../etc'), { view: 'results' });
  assert.deepEqual(parseRoute('#/compare/only-one'), { view: 'history' });
  assert.equal(parseRoute('#/nowhere'), null);
  assert.equal(parseRoute(''), null);
});

test('a start time reads as a local date with its zone, never the raw ISO string', () => {
  assert.equal(formatStartedAt('2026-12-02T14:34:32.000Z', 'en-GB', 'UTC'), '2 Dec 2026, 14:34:32 (UTC)');
  assert.equal(formatStartedAt('not a date'), 'not a date');
  assert.equal(formatStartedAt(null), '—');
});
