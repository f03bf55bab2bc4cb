import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fakeQuantizeUint8, quantizeBiasInt32, quantizeSymmetric, roundHalfEven, symmetricScale, transpose2d, uint8Params } from '../../../electron/engine/convert/quantize-weights';

test('roundHalfEven rounds ties to the even neighbour', () => {
  assert.deepEqual([0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 1.4, 1.6, -1.6].map(roundHalfEven), [0, 2, 2, -0, -2, -2, 1, 2, -2]);
});

test('per-tensor symmetric int8: scale = max|w|/127, zero point 0, rounding and the ±127 limit', () => {
  const w = Float32Array.of(1.27, -0.635, 0.005, 0.015, -1.27, 0);
  const q = quantizeSymmetric(w, [2, 3], null);
  assert.equal(q.axis, null);
  assert.equal(q.scales.length, 1);
  assert.ok(Math.abs((q.scales[0] as number) - 0.01) < 1e-7);
  // 0.635/0.01 = 63.5 -> 64 (half to even); 0.005/0.01 = 0.5 -> 0; 0.015/0.01 = 1.5 -> 2.
  assert.deepEqual([...q.data], [127, -64, 0, 2, -127, 0]);
});

test('per-channel symmetric int8 along axis 1 (output columns of a [K, N] weight)', () => {
  // Column 0 holds 2 and -1, column 1 holds 0.5 and 0.25.
  const w = Float32Array.of(2, 0.5, -1, 0.25);
  const q = quantizeSymmetric(w, [2, 2], 1);
  assert.deepEqual([...q.scales].map((s) => Number(s.toFixed(6))), [Number((2 / 127).toFixed(6)), Number((0.5 / 127).toFixed(6))]);
  assert.deepEqual([...q.data], [127, 127, -64, 64]);
  // Along axis 0 (Conv output channels) of the same numbers: row 0 max 2, row 1 max 1.
  const r = quantizeSymmetric(w, [2, 2], 0);
  assert.deepEqual([...r.data], [127, 32, -127, 32]);
});

test('all-zero weights get scale 1 instead of dividing by zero', () => {
  assert.equal(symmetricScale(0), 1);
  const q = quantizeSymmetric(new Float32Array(4), [4], null);
  assert.deepEqual([...q.data], [0, 0, 0, 0]);
});

test('uint8 activation parameters widen the range to include 0 and saturate outside it', () => {
  const p = uint8Params(-1, 3);
  assert.ok(Math.abs(p.scale - 4 / 255) < 1e-12);
  assert.equal(p.zeroPoint, 64); // round(1 / (4/255)) = round(63.75)
  const relu = uint8Params(0.5, 2.55);
  assert.equal(relu.zeroPoint, 0);
  assert.ok(Math.abs(relu.scale - 0.01) < 1e-12);
  assert.equal(fakeQuantizeUint8(-3, relu), 0); // saturates at 0: ReLU for free
  assert.ok(Math.abs(fakeQuantizeUint8(9, relu) - 2.55) < 1e-9);
  assert.deepEqual(uint8Params(0, 0), { scale: 1, zeroPoint: 0 });
});

test('int32 bias uses input scale x weight scale per channel', () => {
  const { data, scales } = quantizeBiasInt32(Float32Array.of(0.5, -0.25), 0.1, Float32Array.of(0.01, 0.05));
  assert.ok(Math.abs((scales[0] as number) - 0.001) < 1e-9);
  assert.deepEqual([...data], [500, -50]);
});

test('transpose2d', () => {
  assert.deepEqual([...transpose2d(Float32Array.of(1, 2, 3, 4, 5, 6), 2, 3)], [1, 4, 2, 5, 3, 6]);
});
