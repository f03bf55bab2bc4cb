import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GraphBuilder } from '../../../electron/engine/model/graph-builder';
import { DataType, onnx } from '../../../electron/engine/model/onnx-proto';
import { unsupportedOpFromOrtError } from '../../../electron/engine/model/ort-errors';

// The messages below were produced by onnxruntime-node 1.30 (test/integration/model/bad-models.test.ts produces the
// first two again on every run).
test('reads the op from each form of onnxruntime error', () => {
  assert.deepEqual(unsupportedOpFromOrtError('Fatal error: com.example:Foo(-1) is not a registered function/op'), { op: 'Foo', domain: 'com.example' });
  assert.deepEqual(unsupportedOpFromOrtError("Could not find an implementation for Relu(14) node with name 'relu1'"), { op: 'Relu', domain: '' });
  assert.deepEqual(
    unsupportedOpFromOrtError(
      'This is an invalid model. In Node, ("foo1", FooBar, "", -1) : ("x": tensor(float),) -> ("y": tensor(float),) , Error No Op registered for FooBar with domain_version of 17',
    ),
    { op: 'FooBar', domain: '' },
  );
  assert.equal(unsupportedOpFromOrtError('Got invalid dimensions for input: x for the following indices'), null);
});

test('with the model, the domain of a node named in the message is looked up', () => {
  const g = new GraphBuilder();
  g.input('x', DataType.FLOAT, [1, 4]);
  g.node('FusedConv', ['x'], { outputs: ['y'], domain: 'com.microsoft', name: 'fc1' });
  g.output('y', DataType.FLOAT, [1, 4]);
  const model = onnx.ModelProto.decode(g.encode());
  assert.deepEqual(unsupportedOpFromOrtError("Could not find an implementation for FusedConv(1) node with name 'fc1'", model), { op: 'FusedConv', domain: 'com.microsoft' });
});
