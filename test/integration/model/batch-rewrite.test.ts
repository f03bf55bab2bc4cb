import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { onnx } from '../../../electron/engine/model/onnx-proto';
import { detectBatchAxis, encodeModel, encodeRewrittenModel, rewriteBatchDim } from '../../../electron/engine/model/batch-axis';
import { prepareForBench } from '../../../electron/engine/model/prepare-model';
import { batchPatterns } from '../../fixtures/batch-patterns';
import { convModel, mlpModel, reshapeAfterBatchReduceModel, reshapeBakedModel, reshapeFlattenModel, seededFloats, writeExternalDataModel, writeModel } from '../../fixtures/tiny-models';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infermeter-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const images = (batch: number): ort.Tensor => new ort.Tensor('float32', new Float32Array(batch * 3 * 8 * 8).fill(0.5), [batch, 3, 8, 8]);

async function runOnce(source: string | Uint8Array, feeds: Record<string, ort.Tensor>): Promise<ort.InferenceSession.OnnxValueMapType> {
  const session = typeof source === 'string' ? await ort.InferenceSession.create(source) : await ort.InferenceSession.create(source);
  try {
    return await session.run(feeds);
  } finally {
    await session.release();
  }
}

test('a Conv model fixed at [1,3,8,8] runs at batch 4 once rewritten, both encodings', async () => {
  const bytes = convModel({ batch: 1 });
  await assert.rejects(runOnce(bytes, { x: images(4) }), /invalid dimensions/i);
  const model = onnx.ModelProto.decode(bytes);
  const rewritten = rewriteBatchDim(model);
  assert.equal(rewritten.graph?.input?.[0]?.type?.tensorType?.shape?.dim?.[0]?.dimParam, 'batch');
  assert.equal(rewritten.graph?.output?.[0]?.type?.tensorType?.shape?.dim?.[0]?.dimParam, 'batch');
  assert.equal(model.graph?.input?.[0]?.type?.tensorType?.shape?.dim?.[0]?.dimValue?.toString(), '1', 'the original is not changed');
  for (const encoded of [encodeModel(rewritten), encodeRewrittenModel(bytes, rewritten)]) {
    const out = await runOnce(encoded, { x: images(4) });
    assert.deepEqual(out.y?.dims, [4, 4]);
    const single = await runOnce(bytes, { x: images(1) });
    assert.deepEqual([...(out.y?.data as Float32Array).slice(0, 4)], [...(single.y?.data as Float32Array)]);
  }
  assert.equal(detectBatchAxis(onnx.ModelProto.decode(encodeRewrittenModel(bytes, rewritten))).kind, 'symbolic');
});

test('the splice keeps fields protobufjs does not know', () => {
  const bytes = mlpModel({ batch: 1 });
  // Field 99 (varint), unknown to every ONNX version: protobufjs drops it, the splice must not.
  const withUnknown = new Uint8Array([...bytes, 0x98, 0x06, 0x2a]);
  const rewritten = rewriteBatchDim(onnx.ModelProto.decode(withUnknown));
  const spliced = encodeRewrittenModel(withUnknown, rewritten);
  assert.deepEqual([...spliced.subarray(spliced.length - 3)], [0x98, 0x06, 0x2a]);
  assert.ok(!Buffer.from(encodeModel(rewritten)).includes(Buffer.from([0x98, 0x06, 0x2a])));
  assert.equal(onnx.ModelProto.decode(spliced).graph?.input?.[0]?.type?.tensorType?.shape?.dim?.[0]?.dimParam, 'batch');
});

test('value_info entries with a fixed dim 0 of 1 lose it, so onnxruntime re-infers them', async () => {
  const model = onnx.ModelProto.decode(mlpModel({ batch: 1, layers: 2, width: 4 }));
  const hidden = model.graph?.node?.[0]?.output?.[0] ?? '';
  model.graph!.valueInfo = [onnx.ValueInfoProto.create({ name: hidden, type: { tensorType: { elemType: 1, shape: { dim: [{ dimValue: 1 }, { dimValue: 4 }] } } } })];
  const rewritten = rewriteBatchDim(model);
  const dim0 = rewritten.graph?.valueInfo?.[0]?.type?.tensorType?.shape?.dim?.[0];
  assert.ok(dim0 && !Object.prototype.hasOwnProperty.call(dim0, 'dimValue') && !dim0.dimParam);
  const out = await runOnce(encodeModel(rewritten), { x: new ort.Tensor('float32', new Float32Array(12), [3, 4]) });
  assert.deepEqual(out.y?.dims, [3, 4]);
});

test('prepareForBench: bytes for a rewritable model, the path for symbolic and hard-coded ones', async () => {
  const conv = await prepareForBench(writeModel(dir, 'conv.onnx', convModel({ batch: 1 })));
  assert.equal(conv.batchable, true);
  assert.ok(conv.sessionSource instanceof Uint8Array);
  assert.deepEqual((await runOnce(conv.sessionSource, { x: images(3) })).y?.dims, [3, 4]);
  const mlpFile = writeModel(dir, 'mlp.onnx', mlpModel());
  const mlp = await prepareForBench(mlpFile);
  assert.deepEqual([mlp.sessionSource, mlp.batchable], [mlpFile, true]);
  const bakedFile = writeModel(dir, 'baked.onnx', reshapeBakedModel());
  const baked = await prepareForBench(bakedFile);
  assert.deepEqual([baked.sessionSource, baked.batchable, baked.info.batch.kind], [bakedFile, false, 'hard-coded']);
});

test('prepareForBench: a flatten Reshape to [1, N] is freed, and batch 3 gives each sample its batch-1 output', async () => {
  const file = writeModel(dir, 'flatten.onnx', reshapeFlattenModel());
  const prepared = await prepareForBench(file);
  assert.equal(prepared.batchable, true, prepared.info.batch.reason);
  assert.deepEqual(prepared.info.batch.reshapeRewrites, [{ node: 'r1', tensor: 'target', from: [1, 3136], to: [-1, 3136] }]);
  const n = 4 * 28 * 28;
  const x = seededFloats(3 * n, 5);
  const batched = (await runOnce(prepared.sessionSource, { x: new ort.Tensor('float32', x, [3, 4, 28, 28]) })).y as ort.Tensor;
  assert.deepEqual(batched.dims, [3, 3136]);
  for (let i = 0; i < 3; i++) {
    const single = (await runOnce(file, { x: new ort.Tensor('float32', x.slice(i * n, (i + 1) * n), [1, 4, 28, 28]) })).y as ort.Tensor;
    assert.deepEqual([...(batched.data as Float32Array).slice(i * 3136, (i + 1) * 3136)], [...(single.data as Float32Array)], `sample ${i}`);
  }
});

test('prepareForBench: a flatten whose samples a batch-2 run mixes is refused after the run, with the reason', async () => {
  const file = writeModel(dir, 'reduce.onnx', reshapeAfterBatchReduceModel());
  const prepared = await prepareForBench(file);
  assert.deepEqual([prepared.sessionSource, prepared.batchable, prepared.info.batch.kind], [file, false, 'hard-coded']);
  const reason = "freeing the batch of Reshape node 'r1' (target [1,8]) was tried and refused: a batch-2 run does not equal two batch-1 runs: output 'y' has dim 0 = 1 at batch 2; only batch 1 can be measured";
  assert.equal(prepared.info.batch.reason, reason);
  assert.ok(prepared.info.warnings.includes(`batch: ${reason}`));
});

test('prepareForBench: a rewritable model with external data gets a sibling copy that cleanup removes', async () => {
  const sub = path.join(dir, 'ext');
  fs.mkdirSync(sub);
  const file = writeExternalDataModel(sub, { batch: 1 });
  const prepared = await prepareForBench(file);
  assert.equal(prepared.batchable, true);
  assert.equal(typeof prepared.sessionSource, 'string');
  const sibling = prepared.sessionSource as string;
  assert.equal(path.dirname(sibling), sub);
  assert.match(path.basename(sibling), /^\.external\.onnx\.infermeter-batch-[0-9a-f]{6}\.onnx$/);
  const out = await runOnce(sibling, { x: new ort.Tensor('float32', new Float32Array(5 * 4).fill(1), [5, 4]) });
  assert.deepEqual(out.y?.dims, [5, 4]);
  await prepared.cleanup();
  await prepared.cleanup();
  assert.deepEqual(fs.readdirSync(sub).sort(), ['external.onnx', 'weights.bin']);
});

for (const p of batchPatterns().filter((k) => k.runsAtBatch2 !== undefined)) {
  test(`'${p.name}' (${p.kind}): onnxruntime ${p.runsAtBatch2 ? 'runs' : 'fails'} at batch 2 once rewritten`, async () => {
    const model = onnx.ModelProto.decode(p.bytes);
    const input = model.graph?.input?.[0];
    const dims = (input?.type?.tensorType?.shape?.dim ?? []).map((d, i) => (i === 0 ? 2 : Number(d.dimValue)));
    const feeds = { [input?.name ?? '']: new ort.Tensor('float32', new Float32Array(dims.reduce((a, b) => a * b, 1)), dims) };
    const run = runOnce(encodeRewrittenModel(p.bytes, rewriteBatchDim(model), detectBatchAxis(model).reshapeRewrites), feeds);
    if (p.runsAtBatch2) await run;
    else await assert.rejects(run);
  });
}
