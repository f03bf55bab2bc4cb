import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildProbeModel, matchesExpected } from '../../../electron/engine/hardware/probe-model';
import { onnx } from '../../../electron/engine/model/onnx-proto';

test('the probe model is one MatMul whose answer was worked out by hand', () => {
  const probe = buildProbeModel();
  // x = [[-2,-1,0],[1,2,3]], w = [[1,2],[3,4],[5,6]] → x·w = [[-5,-8],[22,28]]
  assert.deepEqual([...probe.input], [-2, -1, 0, 1, 2, 3]);
  assert.deepEqual([...probe.expected], [-5, -8, 22, 28]);
  const model = onnx.ModelProto.decode(probe.bytes);
  assert.deepEqual(model.graph?.node?.map((n) => n.opType), ['MatMul']);
  assert.deepEqual(model.graph?.output?.map((o) => o.name), [probe.outputName]);
});

test('matchesExpected: exact and near matches pass; wrong, short or NaN fail', () => {
  const expected = Float32Array.from([-5, -8, 22, 28]);
  assert.equal(matchesExpected([-5, -8, 22, 28], expected), true);
  assert.equal(matchesExpected([-5, -8, 22, 28.0005], expected), true);
  assert.equal(matchesExpected([-5, -8, 28, 22], expected), false);
  assert.equal(matchesExpected([-5, -8, 22], expected), false);
  assert.equal(matchesExpected([-5, -8, 22, NaN], expected), false);
});
