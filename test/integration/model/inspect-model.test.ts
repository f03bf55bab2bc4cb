import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { modelInfoSchema } from '../../../electron/contract/model';
import { inspectModel } from '../../../electron/engine/model/inspect-model';
import { DataType } from '../../../electron/engine/model/onnx-proto';
import { attr, GraphBuilder, valueInfo } from '../../../electron/engine/model/graph-builder';
import { CONSTANT_OF_SHAPE_PARAMETERS, constantOfShapeWeightsModel, convModel, customOpModel, dtypeModel, mlpModel, multiInputModel, reshapeBakedModel, reshapeFlattenModel, stringInputModel, writeExternalDataModel, writeModel } from '../../fixtures/tiny-models';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infermeter-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('an MLP: inputs, outputs, ops, parameters, hash and cost', async () => {
  const bytes = mlpModel({ layers: 3, width: 8 });
  const file = writeModel(dir, 'mlp.onnx', bytes);
  const info = modelInfoSchema.parse(await inspectModel(file));
  assert.equal(info.path, file);
  assert.equal(info.fileBytes, bytes.length);
  assert.equal(info.sha256, createHash('sha256').update(bytes).digest('hex'));
  assert.equal(info.irVersion, 8);
  assert.equal(info.producer, 'infermeter 1');
  assert.deepEqual(info.opsets, [{ domain: 'ai.onnx', version: 17 }]);
  assert.deepEqual(info.inputs, [{ name: 'x', elemType: 'float32', shape: ['batch', 8] }]);
  assert.deepEqual(info.outputs, [{ name: 'y', elemType: 'float32', shape: ['batch', 8] }]);
  assert.deepEqual(info.opHistogram, { MatMul: 3, Add: 3, Relu: 2, Identity: 1 });
  assert.equal(info.nodeCount, 9);
  assert.equal(info.parameterCount, 3 * (8 * 8 + 8));
  assert.equal(info.parameterBytes, 4 * 3 * (8 * 8 + 8));
  assert.deepEqual(info.externalData, []);
  assert.equal(info.batch.kind, 'symbolic');
  assert.equal(info.batch.dimName, 'batch');
  assert.equal(info.cost.flopsPerSample, 3 * (2 * 64 + 8) + 2 * 8);
  assert.deepEqual(info.warnings, []);
});

test('a fixed-batch Conv is rewritable; a flatten Reshape to [1, N] is freed; any other fixed target is hard-coded and says why', async () => {
  const conv = await inspectModel(writeModel(dir, 'conv.onnx', convModel({ batch: 1 })));
  assert.deepEqual(conv.batch.kind, 'rewritable');
  assert.deepEqual(conv.batch.inputs, ['x']);
  const flatten = await inspectModel(writeModel(dir, 'flatten.onnx', reshapeFlattenModel()));
  assert.equal(flatten.batch.kind, 'rewritable');
  assert.deepEqual(flatten.batch.reshapeRewrites, [{ node: 'r1', tensor: 'target', from: [1, 3136], to: [-1, 3136] }]);
  assert.deepEqual(flatten.warnings, []);
  const baked = await inspectModel(writeModel(dir, 'baked.onnx', reshapeBakedModel()));
  assert.equal(baked.batch.kind, 'hard-coded');
  assert.equal(
    baked.batch.reason,
    "Reshape node 'r1' has a fixed target shape [1,3136] (not a flatten that can be freed: its input's dim 0 is 4, not the batch): the batch is baked in; only batch 1 can be measured",
  );
  assert.ok(baked.warnings.includes(`batch: ${baked.batch.reason}`));
});

test('multiple inputs with a symbolic sequence: warned about, and costed once given a value', async () => {
  const file = writeModel(dir, 'multi.onnx', multiInputModel());
  const info = await inspectModel(file);
  assert.deepEqual(info.inputs.map((i) => [i.name, i.elemType]), [['input_ids', 'int64'], ['attention_mask', 'int64'], ['features', 'float32']]);
  assert.deepEqual(info.batch.inputs, ['input_ids', 'attention_mask', 'features']);
  assert.ok(info.warnings.includes("input 'input_ids' has symbolic dim 'sequence' at axis 1: give it a value (--dim sequence=N) to benchmark it and estimate its cost"));
  // The Add is costed: its output is the graph output, declared [batch, 4].
  assert.deepEqual(info.cost.unestimatedOps, ['Mul', 'ReduceSum']);
  const costed = await inspectModel(file, { dims: { sequence: 6 } });
  assert.deepEqual(costed.cost.unestimatedOps, []);
  assert.equal(costed.cost.flopsByOp.Mul, 6 * 4);
});

test('string inputs and custom-domain ops are inspected, with warnings', async () => {
  const strings = await inspectModel(writeModel(dir, 'strings.onnx', stringInputModel()));
  assert.deepEqual(strings.inputs, [{ name: 'x', elemType: 'string', shape: ['batch'] }]);
  assert.ok(strings.warnings.includes("input 'x' is of type string: it can be inspected but not benchmarked"));
  const custom = await inspectModel(writeModel(dir, 'custom.onnx', customOpModel()));
  assert.deepEqual(custom.opHistogram, { 'com.example:Foo': 1 });
  assert.deepEqual(custom.opsets, [{ domain: 'ai.onnx', version: 17 }, { domain: 'com.example', version: 1 }]);
  assert.deepEqual(custom.cost.unestimatedOps, ['com.example:Foo']);
});

test('external data: sizes come from the external_data entries and the files', async () => {
  const sub = path.join(dir, 'ext');
  fs.mkdirSync(sub);
  const info = await inspectModel(writeExternalDataModel(sub));
  assert.deepEqual(info.externalData, [{ location: 'weights.bin', bytes: 64 }]);
  assert.equal(info.parameterCount, 16);
  assert.equal(info.parameterBytes, 64);
  assert.deepEqual(info.parameterSources, [{ source: 'external-data', tensors: 1, count: 16, bytes: 64 }]);
});

test('every numeric input type is named the way onnxruntime names it', async () => {
  const types: [number, string][] = [[DataType.FLOAT16, 'float16'], [DataType.INT32, 'int32'], [DataType.BOOL, 'bool'], [DataType.UINT8, 'uint8'], [DataType.INT8, 'int8']];
  for (const [type, name] of types) {
    const info = await inspectModel(writeModel(dir, `${name}.onnx`, dtypeModel(type)));
    assert.equal(info.inputs[0]?.elemType, name);
  }
});

test('an input that declares no shape is warned about', async () => {
  const g = new GraphBuilder('unshaped');
  g.inputs.push(valueInfo('x', DataType.FLOAT, null));
  g.op('Relu', ['x'], undefined, 'y');
  g.output('y', DataType.FLOAT, null);
  const info = await inspectModel(writeModel(dir, 'unshaped.onnx', g.encode()));
  assert.deepEqual(info.inputs, [{ name: 'x', elemType: 'float32', shape: [] }]);
  assert.ok(info.warnings.includes("input 'x' declares no shape: give it one with --shape x=..."));
});

test('nodes and Constant tensors inside If branches are counted', async () => {
  const branch = (value: number): ReturnType<GraphBuilder['graph']> => {
    const b = new GraphBuilder(`branch${value}`);
    b.node('Constant', [], { outputs: [`c${value}`], attrs: { value: attr.tensor({ dataType: DataType.FLOAT, dims: [2, 3], floatData: [value, 0, 0, 0, 0, 0] }) } });
    b.output(`c${value}`, DataType.FLOAT, [2, 3]);
    return b.graph();
  };
  const g = new GraphBuilder('cond');
  g.input('flag', DataType.BOOL, []);
  g.node('If', ['flag'], { outputs: ['y'], attrs: { then_branch: attr.graph(branch(1)), else_branch: attr.graph(branch(2)) } });
  g.output('y', DataType.FLOAT, [2, 3]);
  const info = await inspectModel(writeModel(dir, 'if.onnx', g.encode()));
  assert.equal(info.nodeCount, 3);
  assert.deepEqual(info.opHistogram, { If: 1, Constant: 2 });
  assert.equal(info.parameterCount, 12);
  assert.equal(info.parameterBytes, 48);
  assert.equal(info.batch.kind, 'none');
  assert.deepEqual(info.cost.unestimatedOps, ['If']);
});

test('weights built at load time (ConstantOfShape, Constant nodes) are parameters; shape vectors are not', async () => {
  const info = await inspectModel(writeModel(dir, 'constant-of-shape.onnx', constantOfShapeWeightsModel()));
  assert.equal(info.parameterCount, CONSTANT_OF_SHAPE_PARAMETERS.count);
  assert.equal(info.parameterBytes, CONSTANT_OF_SHAPE_PARAMETERS.bytes);
  assert.deepEqual(info.parameterSources, [
    { source: 'constant-of-shape', tensors: 1, count: 32, bytes: 128 },
    { source: 'constant-node', tensors: 1, count: 4, bytes: 16 },
  ]);
});
