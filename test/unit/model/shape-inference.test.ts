import { test } from 'node:test';
import assert from 'node:assert/strict';
import { attr, GraphBuilder, valueInfo } from '../../../electron/engine/model/graph-builder';
import { DataType, onnx } from '../../../electron/engine/model/onnx-proto';
import { inferShapes } from '../../../electron/engine/model/shape-inference';
import { seededFloats } from '../../fixtures/tiny-models';

function shapesOf(g: GraphBuilder, opset: number, options: Parameters<typeof inferShapes>[1] = {}) {
  const model = onnx.ModelProto.decode(g.encode({ opset }));
  const facts = inferShapes(model, options);
  return (name: string) => facts.get(name)?.shape ?? null;
}

test('the Shape -> Gather -> Unsqueeze -> Concat -> Reshape pattern of exported graphs is folded', () => {
  const g = new GraphBuilder();
  const x = g.input('x', DataType.FLOAT, ['batch', 'sequence', 12]);
  const s = g.op('Shape', [x]);
  const b = g.op('Unsqueeze', [g.op('Gather', [s, g.initializer('zero', DataType.INT64, [], BigInt64Array.from([0n]))]), g.int64Init('ax', [0])]);
  const n = g.op('Unsqueeze', [g.op('Gather', [s, g.initializer('one', DataType.INT64, [], BigInt64Array.from([1n]))]), g.int64Init('ax', [0])]);
  const target = g.op('Concat', [b, n, g.int64Init('heads', [3, -1])], { axis: attr.int(0) });
  g.op('Reshape', [x, target], undefined, 'heads4');
  g.op('Reshape', [x, g.int64Init('flat', [0, -1])], undefined, 'flat');
  const shape = shapesOf(g, 17, { batchDimName: 'batch', batchInputs: ['x'], batch: 2, dims: { sequence: 5 } });
  assert.deepEqual(shape('x'), [2, 5, 12]);
  assert.deepEqual(shape('heads4'), [2, 5, 3, 4]);
  assert.deepEqual(shape('flat'), [2, 60]);
});

test('Squeeze/Unsqueeze/Split/Reduce take axes as attributes before opset 13 and as inputs from 13', () => {
  for (const opset of [11, 13]) {
    const g = new GraphBuilder();
    const x = g.input('x', DataType.FLOAT, [1, 6, 1, 4]);
    const axes = (values: number[]) => (opset >= 13 ? [g.int64Init('axes', values)] : []);
    const axesAttr = (values: number[]): Record<string, ReturnType<typeof attr.ints>> => (opset >= 13 ? {} : { axes: attr.ints(values) });
    g.op('Squeeze', [x, ...axes([2])], axesAttr([2]), 'sq');
    g.op('Unsqueeze', [x, ...axes([0, -1])], axesAttr([0, -1]), 'unsq');
    g.node('Split', [x, ...(opset >= 13 ? [g.int64Init('split', [2, 4])] : [])], {
      outputs: ['a', 'b'],
      attrs: { axis: attr.int(1), ...(opset >= 13 ? {} : { split: attr.ints([2, 4]) }) },
    });
    g.node('Split', [x], { outputs: ['c', 'd', 'e'], attrs: { axis: attr.int(1) } });
    g.op('ReduceSum', [x, ...axes([1, 3])], { keepdims: attr.int(0), ...axesAttr([1, 3]) }, 'sum');
    g.op('ReduceMean', [x], { axes: attr.ints([-1]) }, 'mean');
    const shape = shapesOf(g, opset);
    assert.deepEqual(shape('sq'), [1, 6, 4], `opset ${opset}`);
    assert.deepEqual(shape('unsq'), [1, 1, 6, 1, 4, 1], `opset ${opset}`);
    assert.deepEqual([shape('a'), shape('b')], [[1, 2, 1, 4], [1, 4, 1, 4]], `opset ${opset}`);
    assert.deepEqual([shape('c'), shape('d'), shape('e')], [[1, 2, 1, 4], [1, 2, 1, 4], [1, 2, 1, 4]], `opset ${opset}`);
    assert.deepEqual(shape('sum'), [1, 1], `opset ${opset}`);
    assert.deepEqual(shape('mean'), [1, 6, 1, 1], `opset ${opset}`);
  }
});

test('Slice with constant inputs (opset 10+) and attributes (opset 9), negative and open-ended', () => {
  const g = new GraphBuilder();
  const x = g.input('x', DataType.FLOAT, [2, 10, 8]);
  g.op('Slice', [x, g.int64Init('st', [1, -3]), g.int64Init('en', [2 ** 62, -1]), g.int64Init('ax', [1, 2])], undefined, 'a');
  g.op('Slice', [x, g.int64Init('st', [0]), g.int64Init('en', [10]), g.int64Init('ax', [1]), g.int64Init('sp', [3])], undefined, 'b');
  g.op('Slice', [x, g.int64Init('st', [-1]), g.int64Init('en', [-(2 ** 62)]), g.int64Init('ax', [1]), g.int64Init('sp', [-1])], undefined, 'c');
  const shape = shapesOf(g, 17);
  assert.deepEqual(shape('a'), [2, 9, 2]);
  assert.deepEqual(shape('b'), [2, 4, 8]);
  assert.deepEqual(shape('c'), [2, 10, 8]);
  const old = new GraphBuilder();
  old.input('x', DataType.FLOAT, [2, 10, 8]);
  old.op('Slice', ['x'], { starts: attr.ints([2]), ends: attr.ints([5]), axes: attr.ints([1]) }, 'd');
  assert.deepEqual(shapesOf(old, 9)('d'), [2, 3, 8]);
});

test('Gather, Transpose, Flatten, Concat, Pad, Cast, Dropout, Expand, Tile and Where', () => {
  const g = new GraphBuilder();
  const x = g.input('x', DataType.FLOAT, [2, 3, 4]);
  const ids = g.input('ids', DataType.INT64, [5, 7]);
  const table = g.floatInit('table', [100, 16], seededFloats(1600));
  g.op('Gather', [table, ids], undefined, 'emb');
  g.op('Gather', [x, g.int64Init('i', [0, 2])], { axis: attr.int(2) }, 'cols');
  g.op('Transpose', [x], undefined, 't');
  g.op('Flatten', [x], { axis: attr.int(-1) }, 'f');
  g.op('Concat', [x, x], { axis: attr.int(-2) }, 'cat');
  g.op('Pad', [x, g.int64Init('pads', [0, 1, 2, 0, 1, 0])], undefined, 'pad');
  g.op('Cast', [x], { to: attr.int(DataType.FLOAT16) }, 'half');
  g.node('Dropout', [x], { outputs: ['drop', 'mask'] });
  g.op('Expand', [g.floatInit('one', [1, 1], seededFloats(1)), g.int64Init('to', [3, 1, 5])], undefined, 'exp');
  g.op('Tile', [x, g.int64Init('reps', [1, 2, 3])], undefined, 'tile');
  g.op('Where', [g.op('Greater', [x, g.floatInit('z', [4], seededFloats(4))]), x, g.floatInit('o', [1], seededFloats(1))], undefined, 'where');
  const model = onnx.ModelProto.decode(g.encode());
  const facts = inferShapes(model);
  const shape = (n: string) => facts.get(n)?.shape ?? null;
  assert.deepEqual(shape('emb'), [5, 7, 16]);
  assert.deepEqual(shape('cols'), [2, 3, 2]);
  assert.deepEqual(shape('t'), [4, 3, 2]);
  assert.deepEqual(shape('f'), [6, 4]);
  assert.deepEqual(shape('cat'), [2, 6, 4]);
  assert.deepEqual(shape('pad'), [2, 5, 6]);
  assert.deepEqual([shape('half'), facts.get('half')?.dtype], [[2, 3, 4], DataType.FLOAT16]);
  assert.deepEqual([shape('drop'), shape('mask'), facts.get('mask')?.dtype], [[2, 3, 4], [2, 3, 4], DataType.BOOL]);
  assert.deepEqual(shape('exp'), [3, 1, 5]);
  assert.deepEqual(shape('tile'), [2, 6, 12]);
  assert.deepEqual(shape('where'), [2, 3, 4]);
});

test('Conv auto_pad and dilations, Gemm transA, Resize by scales and value_info as a fallback', () => {
  const g = new GraphBuilder();
  const x = g.input('x', DataType.FLOAT, [1, 3, 15, 15]);
  const w = g.floatInit('w', [8, 3, 3, 3], seededFloats(216));
  g.op('Conv', [x, w], { auto_pad: attr.string('SAME_UPPER'), strides: attr.ints([2, 2]) }, 'same');
  g.op('Conv', [x, w], { dilations: attr.ints([2, 2]), pads: attr.ints([1, 1, 1, 1]) }, 'dil');
  g.op('Conv', [x, w], { auto_pad: attr.string('VALID'), strides: attr.ints([4, 4]) }, 'valid');
  const a = g.floatInit('a', [6, 2], seededFloats(12));
  g.op('Gemm', [a, g.floatInit('b', [6, 5], seededFloats(30))], { transA: attr.int(1) }, 'gemm');
  g.op('Resize', [x, '', g.floatInit('scales', [4], Float32Array.from([1, 1, 2, 2]))], undefined, 'up');
  g.op('Unknown', [x], undefined, 'mystery');
  g.nodes[g.nodes.length - 1]!.domain = 'com.example';
  g.op('Relu', ['mystery'], undefined, 'after');
  const model = onnx.ModelProto.decode(g.encode({ extraOpsets: [{ domain: 'com.example', version: 1 }] }));
  model.graph!.valueInfo = [onnx.ValueInfoProto.create(valueInfo('mystery', DataType.FLOAT, [1, 7]))];
  const facts = inferShapes(model);
  const shape = (n: string) => facts.get(n)?.shape ?? null;
  assert.deepEqual(shape('same'), [1, 8, 8, 8]);
  assert.deepEqual(shape('dil'), [1, 8, 13, 13]);
  assert.deepEqual(shape('valid'), [1, 8, 4, 4]);
  assert.deepEqual(shape('gemm'), [2, 5]);
  assert.deepEqual(shape('up'), [1, 3, 30, 30]);
  assert.deepEqual(shape('mystery'), [1, 7]);
  assert.deepEqual(shape('after'), [1, 7]);
});
