// The results table's (and the HTML report's) threads column: the count asked for, and the counted one where it says more.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resultRow, sortRows } from '../../../renderer/src/view-models/table-rows';
import { failed, measured } from './make-points';

test('a default point shows what onnxruntime ran on where it was counted; sorting stays on the count asked for', () => {
  const counted = { ...measured(0, 'fp32', 1, 1), threads: null, threadsUsed: 1, threadsSource: 'counted' as const };
  const fewer = { ...measured(1, 'fp32', 1, 1), threads: 4, threadsUsed: 1, threadsSource: 'counted' as const };
  const asked = { ...measured(2, 'fp32', 1, 1), threads: 2, threadsUsed: 2, threadsSource: 'requested' as const };
  const older = { ...measured(3, 'fp32', 1, 1), threads: 2, threadsUsed: 2 };
  const rows = [counted, fewer, asked, older, failed(4, 'fp32', 1, 'no memory')].map(resultRow);
  assert.deepEqual(rows.map((r) => r.threadsText), ['default (ran 1)', '4 (ran 1)', '2', '2', 'default']);
  assert.deepEqual(sortRows(rows, 'threads', 'desc').map((r) => r.index), [1, 2, 3, 0, 4]);
});
