import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { ATTENTION_REASON, quantizeDynamic } from '../../../electron/engine/convert/int8-dynamic';
import { ALREADY_QUANTIZED, IS_FLOAT16 } from '../../../electron/engine/convert/quantize-model';
import { DataType, onnx } from '../../../electron/engine/model/onnx-proto';
import { buildBuiltin } from '../../../models/catalog';
import { alreadyQuantized, attentionLike, constantNodeWeights, constantOfShapeWeights, float16Model, opset7Gemm } from '../../fixtures/int8-fixtures';
import { encodingHere, floatInput, opTypes, worstCosine } from './int8-helpers';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infermeter-'));

async function builtin(name: string): Promise<onnx.ModelProto> {
  const built = await buildBuiltin(name, { size: 'tiny' }, { dir });
  return onnx.ModelProto.decode(fs.readFileSync(built.path));
}

for (const perChannel of [false, true]) {
  test(`tiny mlp: every Gemm becomes DynamicQuantizeMatMul, cosine >= 0.99 (perChannel ${perChannel})`, async () => {
    const model = await builtin('mlp');
    const r = quantizeDynamic(model, { perChannel, weightEncoding: await encodingHere() });
    assert.equal(r.skipped, null);
    assert.equal(r.nodesConverted, 2);
    assert.deepEqual(r.keptFp32, []);
    assert.ok(!opTypes(r.model).includes('Gemm'));
    assert.equal(opTypes(r.model).filter((o) => o === 'DynamicQuantizeMatMul').length, 2);
    assert.ok(r.model.opsetImport.some((o) => o.domain === 'com.microsoft' && Number(o.version) === 1));
    // The FP32 weights are gone: only quantized weights, in this CPU's encoding, remain as 2-D initializers.
    const weightType = (await encodingHere()) === 's8' ? DataType.INT8 : DataType.UINT8;
    const matrices = r.model.graph?.initializer?.filter((t) => (t.dims ?? []).length === 2) ?? [];
    assert.ok(matrices.length === 2 && matrices.every((t) => t.dataType === weightType));
    const cos = await worstCosine(model, r.model, { x: floatInput([8, 64], 1) });
    assert.ok(cos >= 0.99, `cosine ${cos}`);
  });
}

test('tiny bert: projections quantized, attention MatMuls kept with the reason, cosine >= 0.99', async () => {
  const model = await builtin('bert-base');
  const r = quantizeDynamic(model, { perChannel: false, weightEncoding: await encodingHere() });
  assert.equal(r.skipped, null);
  // 2 layers x (4 projections + 2 FFN) + pooler = 13.
  assert.equal(r.nodesConverted, 13);
  assert.equal(r.keptFp32.filter((k) => k.reason === ATTENTION_REASON).length, 4);
  const seq = 32;
  const ids = new ort.Tensor('int64', BigInt64Array.from({ length: 2 * seq }, (_, i) => BigInt((i * 37) % 1000)), [2, seq]);
  const feeds: Record<string, ort.Tensor> = {};
  const inputNames = (model.graph?.input ?? []).map((i) => i.name ?? '');
  for (const name of inputNames) {
    feeds[name] = name.includes('mask') ? new ort.Tensor('int64', new BigInt64Array(2 * seq).fill(1n), [2, seq]) : name.includes('type') ? new ort.Tensor('int64', new BigInt64Array(2 * seq), [2, seq]) : ids;
  }
  const cos = await worstCosine(model, r.model, feeds);
  assert.ok(cos >= 0.99, `cosine ${cos}`);
});

test('weights in Constant nodes: quantized, bias Add folded, Constant nodes removed', async () => {
  const model = constantNodeWeights();
  const r = quantizeDynamic(model, { perChannel: false, weightEncoding: await encodingHere() });
  assert.equal(r.nodesConverted, 1);
  assert.deepEqual(opTypes(r.model), ['DynamicQuantizeMatMul']);
  assert.ok((await worstCosine(model, r.model, { x: floatInput([3, 16], 2) })) >= 0.99);
});

test('ConstantOfShape weight materialized, Transpose of a constant and Gemm with transB/alpha/beta handled', async () => {
  const model = constantOfShapeWeights();
  const r = quantizeDynamic(model, { perChannel: true, weightEncoding: await encodingHere() });
  assert.equal(r.nodesConverted, 3);
  assert.deepEqual(r.keptFp32, []);
  assert.ok(!opTypes(r.model).includes('ConstantOfShape') && !opTypes(r.model).includes('Transpose'));
  assert.ok((await worstCosine(model, r.model, { x: floatInput([5, 16], 3) })) >= 0.99);
});

test('opset 7, IR 3, fixed batch, initializers listed as inputs: quantized and still loads', async () => {
  const model = opset7Gemm();
  const r = quantizeDynamic(model, { perChannel: false, weightEncoding: await encodingHere() });
  assert.equal(r.nodesConverted, 2);
  const inputs = (r.model.graph?.input ?? []).map((i) => i.name);
  assert.deepEqual(inputs, ['x']);
  assert.ok((await worstCosine(model, r.model, { x: floatInput([1, 16], 4) })) >= 0.99);
});

test('activation x activation MatMul and Gemm with transA stay FP32 with their reasons', async () => {
  const model = attentionLike();
  const r = quantizeDynamic(model, { perChannel: false, weightEncoding: await encodingHere() });
  assert.equal(r.nodesConverted, 2);
  assert.deepEqual(r.keptFp32.map((k) => [k.op, k.reason]), [['MatMul', ATTENTION_REASON], ['Gemm', 'Gemm with transA']]);
  assert.ok((await worstCosine(model, r.model, { x: floatInput([4, 16], 5) })) >= 0.99);
});

test('already quantized and float16 models are skipped with the reason', async () => {
  const q = alreadyQuantized();
  const r = quantizeDynamic(q, { perChannel: false, weightEncoding: await encodingHere() });
  assert.equal(r.skipped, ALREADY_QUANTIZED);
  assert.equal(r.model, q);
  assert.equal(quantizeDynamic(float16Model(), { perChannel: false, weightEncoding: await encodingHere() }).skipped, IS_FLOAT16);
});

test('a weight in an external data file stays FP32 with the reason', async () => {
  const model = constantNodeWeights();
  const w = model.graph?.node?.[0]?.attribute?.[0]?.t as onnx.ITensorProto;
  w.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
  w.externalData = [{ key: 'location', value: 'weights.bin' }];
  const r = quantizeDynamic(model, { perChannel: false, weightEncoding: await encodingHere() });
  assert.equal(r.nodesConverted, 0);
  assert.match(r.keptFp32[0]?.reason ?? '', /external data/);
});
