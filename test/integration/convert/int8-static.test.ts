import { test } from 'node:test';
import assert from 'node:assert/strict';
import { collectActivationRanges } from '../../../electron/engine/convert/calibration';
import { quantizeStatic } from '../../../electron/engine/convert/int8-static';
import { ALREADY_QUANTIZED } from '../../../electron/engine/convert/quantize-model';
import { DataType } from '../../../electron/engine/model/onnx-proto';
import { alreadyQuantized, opset7Gemm, reluModel, tinyConvNet } from '../../fixtures/int8-fixtures';
import { encodingHere, floatInput, opTypes, worstCosine } from './int8-helpers';

const samples = (shape: number[], n: number): Record<string, ReturnType<typeof floatInput>>[] => Array.from({ length: n }, (_, i) => ({ x: floatInput(shape, 100 + i) }));

test('minmax ranges of a Relu output are exactly the clipped input range', async () => {
  const model = reluModel();
  const x = floatInput([2, 4], 0);
  (x.data as Float32Array).set([-3, 0.5, 2, -1, 4, -0.25, 1, 0]);
  const ranges = await collectActivationRanges(model, [{ x }], 'minmax');
  // The MatMul's input is the Relu output 'r' (x clipped at 0); its output 'y' = r·W, W picks columns 0+2 and 1+3.
  assert.deepEqual(ranges.get('r'), { min: 0, max: 4 });
  assert.deepEqual(ranges.get('y'), { min: 0, max: 5 }); // rows: y = [2, 0.5] and [5, 0]
});

test('percentile ranges clip the extremes of the values', async () => {
  const model = reluModel();
  const n = 1000;
  const data = new Float32Array(n * 4).map((_, i) => (i % 4) + (i === 17 ? 1000 : 0));
  const x = floatInput([n, 4], 0);
  (x.data as Float32Array).set(data);
  const minmax = await collectActivationRanges(model, [{ x }], 'minmax');
  const pct = await collectActivationRanges(model, [{ x }], 'percentile', 99.9);
  assert.equal(minmax.get('r')?.max, 1001);
  assert.equal(pct.get('r')?.max, 3);
  assert.equal(pct.get('r')?.min, 0);
});

for (const perChannel of [true, false]) {
  test(`tiny conv net static QDQ: cosine >= 0.99, weights in this CPU's encoding, int32 biases, Relus absorbed (perChannel ${perChannel})`, async () => {
    const model = tinyConvNet();
    const ranges = await collectActivationRanges(model, samples([2, 3, 12, 12], 4), 'minmax');
    const r = quantizeStatic(model, ranges, { perChannel, weightEncoding: await encodingHere() });
    assert.equal(r.skipped, null);
    assert.equal(r.nodesConverted, 4);
    assert.deepEqual(r.keptFp32, []);
    const ops = opTypes(r.model);
    assert.equal(ops.filter((o) => o === 'Relu').length, 1); // only the Relu after the residual Add (not after a Conv) stays
    assert.ok(ops.includes('QuantizeLinear') && ops.includes('DequantizeLinear'));
    const inits = r.model.graph?.initializer ?? [];
    const weightType = (await encodingHere()) === 's8' ? DataType.INT8 : DataType.UINT8;
    assert.ok(inits.filter((t) => (t.dims ?? []).length === 4).every((t) => t.dataType === weightType));
    assert.equal(inits.filter((t) => t.dataType === DataType.INT32).length, 3);
    const cos = await worstCosine(model, r.model, { x: floatInput([3, 3, 12, 12], 7) });
    assert.ok(cos >= 0.99, `cosine ${cos}`);
  });
}

test('opset 11: per-channel falls back to per-tensor with a warning; opset 7: skipped with the reason', async () => {
  const model = tinyConvNet(11);
  const ranges = await collectActivationRanges(model, samples([1, 3, 12, 12], 2), 'minmax');
  const r = quantizeStatic(model, ranges, { perChannel: true, weightEncoding: await encodingHere() });
  assert.match(r.warnings.join(' '), /opset 11 has no per-axis DequantizeLinear/);
  assert.ok((await worstCosine(model, r.model, { x: floatInput([1, 3, 12, 12], 8) })) >= 0.99);
  const old = quantizeStatic(opset7Gemm(), new Map(), { perChannel: false, weightEncoding: await encodingHere() });
  assert.match(old.skipped ?? '', /^opset 7 has no QuantizeLinear/);
});

test('nodes without calibrated ranges stay FP32; already quantized models are skipped', async () => {
  const r = quantizeStatic(tinyConvNet(), new Map(), { perChannel: true, weightEncoding: await encodingHere() });
  assert.equal(r.nodesConverted, 0);
  assert.equal(r.keptFp32.length, 4);
  assert.ok(r.keptFp32.every((k) => k.reason === 'no calibrated range for its activations'));
  assert.equal(quantizeStatic(alreadyQuantized(), new Map(), { perChannel: false, weightEncoding: await encodingHere() }).skipped, ALREADY_QUANTIZED);
});
