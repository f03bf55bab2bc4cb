import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onnx } from '../../../electron/engine/model/onnx-proto';
import { detectBatchAxis } from '../../../electron/engine/model/batch-axis';
import { batchPatterns } from '../../fixtures/batch-patterns';
import { convModel, mlpModel, multiInputModel } from '../../fixtures/tiny-models';

for (const p of batchPatterns()) {
  test(`batch axis of '${p.name}' is ${p.kind}`, () => {
    const axis = detectBatchAxis(onnx.ModelProto.decode(p.bytes));
    assert.equal(axis.kind, p.kind, axis.reason);
    if (p.reason !== undefined) assert.equal(axis.reason, p.reason);
    if (p.rewrites !== undefined) assert.deepEqual(axis.reshapeRewrites, p.rewrites);
    if (axis.kind !== 'rewritable') assert.equal(axis.reshapeRewrites, undefined);
  });
}

test('symbolic and rewritable axes name their inputs and dim', () => {
  assert.deepEqual(detectBatchAxis(onnx.ModelProto.decode(mlpModel())), {
    kind: 'symbolic',
    dimName: 'batch',
    inputs: ['x'],
    reason: "dim 0 of 'x' is symbolic ('batch'): any batch size can be fed",
  });
  assert.deepEqual(detectBatchAxis(onnx.ModelProto.decode(convModel({ batch: 1 }))), {
    kind: 'rewritable',
    dimName: 'batch',
    inputs: ['x'],
    reason: "dim 0 of 'x' is fixed at 1 and nothing in the graph bakes it in: it is made symbolic ('batch') to measure other batch sizes",
  });
  assert.deepEqual(detectBatchAxis(onnx.ModelProto.decode(multiInputModel())).inputs, ['input_ids', 'attention_mask', 'features']);
});
