import assert from 'node:assert/strict';
import { test } from 'node:test';
import { opTimesFromTrace } from '../../../electron/engine/bench/session-profile';
import { opRows } from '../../../renderer/src/view-models/op-histogram';
import { profiledPoint, topOpRows } from '../../../renderer/src/view-models/op-times';
import { measured } from './make-points';

const node = (name: string, op: string, dur: number) => ({ cat: 'Node', name: `${name}_kernel_time`, dur, args: { op_name: op } });

test("op times: onnxruntime's kernel events summed per op type, per model run, slowest first", () => {
  const trace = [
    { cat: 'Session', name: 'model_run', dur: 100 },
    node('mm1', 'MatMul', 40), node('mm2', 'MatMul', 20), node('relu', 'Relu', 5), { cat: 'Node', name: 'mm1_fence_before', dur: 1, args: { op_name: 'MatMul' } },
    { cat: 'Session', name: 'model_run', dur: 100 },
    node('mm1', 'MatMul', 40), node('mm2', 'MatMul', 20), node('relu', 'Relu', 7),
  ];
  assert.deepEqual(opTimesFromTrace(trace), [{ op: 'MatMul', meanMs: 0.06, nodes: 2 }, { op: 'Relu', meanMs: 0.006, nodes: 1 }]);
  assert.deepEqual(opTimesFromTrace([node('a', 'Add', 3)]), [], 'no model_run, no per-run time');
});

test('the model view shows the fastest profiled point and the top ops with the rest summed', () => {
  const slow = measured(0, 'fp32', 1, 2);
  const fast = measured(1, 'fp32', 8, 2);
  if (slow.verdict === 'failed' || fast.verdict === 'failed') throw new Error('measured');
  const opTimes = [{ op: 'MatMul', meanMs: 3, nodes: 2 }, { op: 'Add', meanMs: 0.5, nodes: 2 }, { op: 'Relu', meanMs: 0.5, nodes: 1 }];
  const points = [{ ...slow, ortProfile: { runs: 3, ortMeanMs: 4, endToEndMeanMs: 5, opTimes } }, { ...fast, ortProfile: { runs: 3, ortMeanMs: 4, endToEndMeanMs: 5, opTimes } }, measured(2, 'fp32', 16, 1)];
  const p = profiledPoint(points);
  assert.equal(p?.index, 1, 'batch 16 is fastest but has no profile');
  assert.deepEqual(p ? topOpRows(p, 1) : [], [{ op: 'MatMul', meanMs: 3, share: 0.75, nodes: 2 }, { op: '2 other ops', meanMs: 1, share: 0.25, nodes: 3 }]);
});

test('the op histogram is most frequent first with each op\'s share of the FLOPs estimate', () => {
  const rows = opRows({ opHistogram: { Relu: 2, MatMul: 3, Add: 3 }, cost: { flopsPerSample: 100, flopsByOp: { MatMul: 90, Add: 10 } } as never });
  assert.deepEqual(rows, [{ op: 'Add', count: 3, flopsShare: 0.1 }, { op: 'MatMul', count: 3, flopsShare: 0.9 }, { op: 'Relu', count: 2, flopsShare: null }]);
});
