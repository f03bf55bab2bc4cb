import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ModelInfo, TensorInfo } from '../../../electron/contract/model';
import { EngineError } from '../../../electron/engine/errors';
import { fromFloat16Bits, toFloat16Bits } from '../../../electron/engine/model/float16';
import { assertBenchableInputs, inputBytes, resolveInputShapes, synthesizeInputs } from '../../../electron/engine/model/input-synthesis';

function infoWith(inputs: TensorInfo[], batch: Partial<ModelInfo['batch']> = {}): ModelInfo {
  return {
    path: '/models/model.onnx',
    fileBytes: 1,
    sha256: '',
    irVersion: 8,
    producer: '',
    opsets: [],
    inputs,
    outputs: [],
    nodeCount: 0,
    opHistogram: {},
    parameterCount: 0,
    parameterBytes: 0,
    externalData: [],
    batch: { kind: 'symbolic', dimName: 'batch', inputs: inputs.map((i) => i.name), reason: 'because', ...batch },
    cost: { flopsPerSample: 0, bytesPerSample: 0, flopsByOp: {}, unestimatedOps: [], method: '' },
    warnings: [],
  };
}

const bert = infoWith([
  { name: 'input_ids', elemType: 'int64', shape: ['batch', 'sequence'] },
  { name: 'attention_mask', elemType: 'int64', shape: ['batch', 'sequence'] },
]);
const none = { dims: {}, shapes: {} };

function badInputMessage(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof EngineError);
    assert.equal(error.code, 'bad-input');
    return error.message;
  }
  assert.fail('expected a bad-input error');
}

test('the batch dim gets the batch; other symbolic dims come from --dim by name or input:axis', () => {
  assert.deepEqual(resolveInputShapes(bert, 8, { dims: { sequence: 128 }, shapes: {} }), { input_ids: [8, 128], attention_mask: [8, 128] });
  assert.deepEqual(resolveInputShapes(bert, 2, { dims: { 'input_ids:1': 16, 'attention_mask:1': 16 }, shapes: {} }), { input_ids: [2, 16], attention_mask: [2, 16] });
});

test('a symbolic dim without a value is a bad input that says how to give one', () => {
  assert.equal(
    badInputMessage(() => resolveInputShapes(bert, 1, none)),
    "input 'input_ids' has symbolic dim 'sequence' at axis 1: give it a value with --shape input_ids=1x128 or --dim sequence=128",
  );
  const unnamed = infoWith([{ name: 'x', elemType: 'float32', shape: ['batch', 3, null] }]);
  assert.equal(
    badInputMessage(() => resolveInputShapes(unnamed, 4, none)),
    "input 'x' has an unnamed symbolic dim at axis 2: give it a value with --shape x=4x3x128 or --dim x:2=128",
  );
});

test('--shape sets a full shape; its batch dim still follows the batch; fixed dims must match', () => {
  const shapes = { input_ids: [1, 64], attention_mask: [1, 32] };
  assert.deepEqual(resolveInputShapes(bert, 4, { dims: {}, shapes }), { input_ids: [4, 64], attention_mask: [4, 32] });
  const image = infoWith([{ name: 'x', elemType: 'float32', shape: [1, 3, 224, 224] }], { kind: 'rewritable', inputs: ['x'] });
  assert.deepEqual(resolveInputShapes(image, 16, none), { x: [16, 3, 224, 224] });
  assert.equal(
    badInputMessage(() => resolveInputShapes(image, 1, { dims: {}, shapes: { x: [1, 3, 256, 256] } })),
    '--shape x=1x3x256x256 sets axis 2 to 256, but the model fixes it at 224',
  );
  assert.equal(badInputMessage(() => resolveInputShapes(image, 1, { dims: {}, shapes: { x: [1, 3, 224] } })), "--shape x=1x3x224 has 3 dims; the model's input 'x' has 4");
  assert.equal(badInputMessage(() => resolveInputShapes(image, 1, { dims: {}, shapes: { y: [1] } })), "--shape y: the model has no input 'y' (its inputs: x)");
  assert.equal(badInputMessage(() => resolveInputShapes(image, 0, none)), 'the batch size must be a positive integer (got 0)');
});

test('a hard-coded batch only runs batch 1', () => {
  const baked = infoWith([{ name: 'x', elemType: 'float32', shape: [1, 4] }], { kind: 'hard-coded', dimName: null, inputs: ['x'], reason: "Reshape node 'r1' has a fixed target shape [1,4]: the batch is baked in; only batch 1 can be measured" });
  assert.deepEqual(resolveInputShapes(baked, 1, none), { x: [1, 4] });
  assert.equal(
    badInputMessage(() => resolveInputShapes(baked, 2, none)),
    "model.onnx: cannot run batch 2: Reshape node 'r1' has a fixed target shape [1,4]: the batch is baked in; only batch 1 can be measured",
  );
});

test('string inputs are refused for a benchmark', () => {
  const strings = infoWith([{ name: 'x', elemType: 'string', shape: ['batch'] }]);
  assert.equal(badInputMessage(() => assertBenchableInputs(strings)), "model.onnx: input 'x' is of type string; infermeter can only synthesize numeric and bool inputs");
});

test('synthesis is deterministic per seed, in range, and independent of input order', () => {
  const shapes = { input_ids: [2, 50], attention_mask: [2, 50] };
  const a = synthesizeInputs(bert, shapes, {}, 7);
  const b = synthesizeInputs(bert, shapes, {}, 7);
  const c = synthesizeInputs(bert, shapes, {}, 8);
  const ids = (t: typeof a) => [...(t.input_ids?.data as BigInt64Array)].map(Number);
  assert.deepEqual(ids(a), ids(b));
  assert.notDeepEqual(ids(a), ids(c));
  assert.ok(ids(a).every((v) => v >= 0 && v < 100));
  assert.ok(new Set(ids(a)).size > 20, 'values spread over the range');
  assert.notDeepEqual(ids(a), [...(a.attention_mask?.data as BigInt64Array)].map(Number), 'each input has its own stream');
  const reversed = infoWith([...bert.inputs].reverse());
  assert.deepEqual(ids(synthesizeInputs(reversed, shapes, {}, 7)), ids(a));
  const ranged = synthesizeInputs(bert, shapes, { input_ids: [1000, 1003] }, 7);
  assert.ok(ids(ranged).every((v) => v >= 1000 && v < 1003));
  const floats = synthesizeInputs(infoWith([{ name: 'x', elemType: 'float32', shape: ['batch', 1000] }]), { x: [1, 1000] }, {}, 1);
  const data = [...(floats.x?.data as Float32Array)];
  assert.ok(data.every((v) => v >= -1 && v < 1) && Math.min(...data) < -0.9 && Math.max(...data) > 0.9);
});

test('int ranges must fit the type; oversized inputs are refused with their size', () => {
  const u8 = infoWith([{ name: 'x', elemType: 'uint8', shape: ['batch', 4] }]);
  assert.equal(badInputMessage(() => synthesizeInputs(u8, { x: [1, 4] }, { x: [-5, 10] }, 1)), '--int-range x=-5:10 does not fit uint8 (0 to 255)');
  assert.equal(
    badInputMessage(() => synthesizeInputs(u8, { x: [1, 4] }, { x: [3, 3] }, 1)),
    '--int-range x=3:3 is empty or not integers; give low:high with low < high (high excluded)',
  );
  const big = infoWith([{ name: 'x', elemType: 'float16', shape: ['batch', 1024, 1024] }]);
  assert.equal(inputBytes(big, { x: [1100, 1024, 1024] }), 1100 * 2 * 1024 * 1024);
  assert.equal(
    badInputMessage(() => synthesizeInputs(big, { x: [1100, 1024, 1024] }, {}, 1)),
    "model.onnx: the inputs would take 2.1 GiB ('x' is 1100x1024x1024 float16); infermeter synthesizes at most 2 GiB of inputs: use a smaller --batch, --shape or --dim",
  );
});

test('float16 bits round-trip exactly representable values and round to nearest even', () => {
  for (const v of [0, 1, -1, 0.5, -0.25, 65504, 2 ** -24, 0.0999755859375]) assert.equal(fromFloat16Bits(toFloat16Bits(v)), v);
  assert.equal(toFloat16Bits(1), 0x3c00);
  assert.equal(toFloat16Bits(-2), 0xc000);
  assert.equal(toFloat16Bits(1e6), 0x7c00);
  assert.equal(toFloat16Bits(1 + 2 ** -11), 0x3c00, 'a tie rounds to even');
  assert.equal(toFloat16Bits(1 + 3 * 2 ** -11), 0x3c02);
  assert.ok(Number.isNaN(fromFloat16Bits(toFloat16Bits(NaN))));
});
