import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { compareOutputs } from '../../../electron/engine/convert/accuracy';
import { toFloat16Bits } from '../../../electron/engine/model/float16';

const f32 = (values: number[], dims: number[]): ort.Tensor => new ort.Tensor('float32', Float32Array.from(values), dims);

test('compareOutputs: max abs error, relative L2 and cosine over all samples of an output', () => {
  // reference [3, 4] and [0, 0]; candidate [3, 5] and [0, 1]: diff (0, 1, 0, 1)
  const report = compareOutputs([{ y: f32([3, 4], [1, 2]) }, { y: f32([0, 0], [1, 2]) }], [{ y: f32([3, 5], [1, 2]) }, { y: f32([0, 1], [1, 2]) }]);
  const y = report.outputs[0];
  assert.ok(y);
  assert.equal(y.name, 'y');
  assert.equal(y.maxAbsError, 1);
  // ||diff|| = sqrt(2), ||ref|| = 5
  assert.ok(Math.abs(y.relativeL2 - Math.SQRT2 / 5) < 1e-12);
  // dot = 9 + 20 = 29; |ref| = 5; |cand| = sqrt(9 + 25 + 1) = sqrt(35)
  assert.ok(Math.abs(y.cosine - 29 / (5 * Math.sqrt(35))) < 1e-12);
  assert.equal(report.samples, 2);
  assert.equal(report.inputs, 'random');
});

test('compareOutputs: top-1 agreement on [batch, classes] outputs only', () => {
  const ref = [{ scores: f32([0.1, 0.9, 0.0, 0.8, 0.1, 0.1], [2, 3]), hidden: f32([1, 2, 3], [1, 1, 3]) }];
  const cand = [{ scores: f32([0.2, 0.7, 0.1, 0.1, 0.8, 0.1], [2, 3]), hidden: f32([1, 2, 3], [1, 1, 3]) }];
  const report = compareOutputs(ref, cand);
  const scores = report.outputs.find((o) => o.name === 'scores');
  const hidden = report.outputs.find((o) => o.name === 'hidden');
  assert.equal(scores?.top1Agreement, 0.5); // row 0 agrees (class 1), row 1 does not (0 vs 1)
  assert.equal(hidden?.top1Agreement, null);
  assert.equal(hidden?.cosine, 1);
  assert.equal(report.top1Agreement, 0.5);
  // the report keeps the worst output's figures
  assert.equal(report.cosine, scores?.cosine);
  assert.ok(Math.abs(report.maxAbsError - 0.7) < 1e-6); // float32 0.8 - 0.1
});

test('compareOutputs: float16 candidates are decoded before comparing', () => {
  const bits = Uint16Array.from([0.5, -2, 1024], (v) => toFloat16Bits(v));
  const report = compareOutputs([{ y: f32([0.5, -2, 1024], [3]) }], [{ y: new ort.Tensor('float16', bits, [3]) }]);
  assert.equal(report.maxAbsError, 0);
  assert.equal(report.cosine, 1);
  assert.equal(report.relativeL2, 0);
});

test('compareOutputs: zero vectors, NaN and mismatched sizes', () => {
  assert.equal(compareOutputs([{ y: f32([0, 0], [2]) }], [{ y: f32([0, 0], [2]) }]).cosine, 1);
  const oneZero = compareOutputs([{ y: f32([0, 0], [2]) }], [{ y: f32([1, 0], [2]) }]);
  assert.equal(oneZero.cosine, 0);
  assert.equal(oneZero.relativeL2, Infinity);
  assert.equal(compareOutputs([{ y: f32([1, 2], [2]) }], [{ y: f32([1, NaN], [2]) }]).maxAbsError, Infinity);
  assert.throws(() => compareOutputs([{ y: f32([1, 2], [2]) }], [{ y: f32([1], [1]) }]), /1 values in the converted model, 2 in the reference/);
  assert.throws(() => compareOutputs([], []), /no samples/);
});
