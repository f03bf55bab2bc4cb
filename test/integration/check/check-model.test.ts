import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { checkReportSchema, DEFAULT_TOLERANCE, type CheckOptions } from '../../../electron/contract/check';
import { checkModel } from '../../../electron/engine/check/check-model';
import { GraphBuilder } from '../../../electron/engine/model/graph-builder';
import { DataType } from '../../../electron/engine/model/onnx-proto';
import { tensorPb, writeReferenceFromModel, type Format } from '../../fixtures/reference-data';
import { convModel, mlpModel, seededFloats, writeModel } from '../../fixtures/tiny-models';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infermeter-check-'));
process.env['INFERMETER_CACHE_DIR'] = path.join(dir, 'cache');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const mlp = writeModel(dir, 'mlp.onnx', mlpModel({ width: 16 }));
const samples = (count: number, dims: number[], seed = 100): Record<string, ort.Tensor>[] =>
  Array.from({ length: count }, (_, i) => ({ x: new ort.Tensor('float32', seededFloats(dims.reduce((a, b) => a * b, 1), seed + i), dims) }));
const options = (dataDir: string, more: Partial<CheckOptions> = {}): CheckOptions => ({ dataDir, providers: ['cpu'], precisions: ['fp32'], tolerance: DEFAULT_TOLERANCE, ...more });

let counter = 0;
async function data(model: string, inputs: Record<string, ort.Tensor>[], format: Format = 'pb-raw'): Promise<string> {
  return writeReferenceFromModel(model, path.join(dir, `data-${counter++}`), inputs, format);
}

for (const format of ['pb-raw', 'pb-typed', 'npy-v1', 'npy-v2', 'npy-v3'] as const) {
  test(`reference data as ${format}: the model's own outputs pass with nothing mismatched`, async () => {
    const report = checkReportSchema.parse(await checkModel(mlp, options(await data(mlp, samples(3, [2, 16]), format))));
    assert.deepEqual(report.sets, ['test_data_set_0', 'test_data_set_1', 'test_data_set_2']);
    assert.equal(report.pass, true);
    const [row] = report.rows;
    assert.deepEqual([row?.provider, row?.precision, row?.error, row?.pass], ['cpu', 'fp32', null, true]);
    const y = row?.outputs[0];
    assert.equal(y?.output, 'y');
    assert.deepEqual([y?.reference.mismatched, y?.reference.elements, y?.perSet.length], [0, 3 * 2 * 16, 3]);
    assert.equal(y?.againstCpuFp32, null);
    assert.deepEqual(report.warnings, []);
  });
}

test('a reference that differs in one element fails, naming how many elements are off', async () => {
  const dataDir = await data(mlp, samples(2, [1, 16]));
  const file = path.join(dataDir, 'test_data_set_1', 'output_0.pb');
  const values = seededFloats(16, 7);
  const session = await ort.InferenceSession.create(mlp);
  const real = (await session.run(samples(2, [1, 16])[1] as Record<string, ort.Tensor>))['y'] as ort.Tensor;
  await session.release();
  const changed = Float32Array.from(real.data as Float32Array);
  changed[5] = (changed[5] as number) + 1 + Math.abs(values[0] as number);
  fs.writeFileSync(file, tensorPb(new ort.Tensor('float32', changed, [1, 16]), 'y'));
  const report = await checkModel(mlp, options(dataDir));
  assert.equal(report.pass, false);
  const y = report.rows[0]?.outputs[0];
  assert.deepEqual([y?.pass, y?.reference.mismatched, y?.perSet.map((s) => s.pass)], [false, 1, [true, false]]);
  assert.ok((y?.reference.maxAbsError ?? 0) >= 1);
});

test('a converted variant is checked against the reference and against CPU FP32 on the same data', async () => {
  const conv = writeModel(dir, 'conv.onnx', convModel({ batch: 'batch', outChannels: 6 }));
  const report = await checkModel(conv, options(await data(conv, samples(2, [1, 3, 8, 8])), { precisions: ['fp32', 'fp16'] }));
  const [fp32, fp16] = report.rows;
  assert.deepEqual([fp32?.precision, fp32?.pass, fp16?.precision, fp16?.error], ['fp32', true, 'fp16', null]);
  const y = fp16?.outputs[0];
  assert.ok(y?.againstCpuFp32 !== null && y?.againstCpuFp32 !== undefined && y.againstCpuFp32.cosine > 0.99, JSON.stringify(y?.againstCpuFp32));
  assert.deepEqual(y?.reference.top1?.rows, 2);
});

test('a model whose output ignores its input gets a warning: the data cannot tell anything', async () => {
  const g = new GraphBuilder('ignores');
  const x = g.input('x', DataType.FLOAT, ['batch', 4]);
  g.op('Add', [g.op('Mul', [x, g.floatInit('zero', [4], new Float32Array(4))]), g.floatInit('bias', [4], Float32Array.of(0.1, 0.2, 0.3, 0.4))], undefined, 'y');
  g.output('y', DataType.FLOAT, ['batch', 4]);
  const model = writeModel(dir, 'ignores.onnx', g.encode());
  const report = await checkModel(model, options(await data(model, samples(3, [1, 4]))));
  assert.equal(report.pass, true);
  assert.deepEqual(report.warnings, [
    "reference output 'y' is the same in all 3 data sets although their inputs differ: it does not depend on the input, so comparing it says little",
  ]);
});

test('bad reference data is bad input naming the file and the problem', async () => {
  const expectBad = async (dataDir: string, message: string): Promise<void> => {
    await assert.rejects(checkModel(mlp, options(dataDir)), (e: Error & { code?: string }) => {
      assert.equal(e.message, message);
      assert.equal(e.code, 'bad-input');
      return true;
    });
  };
  const missing = await data(mlp, samples(1, [1, 16]));
  fs.rmSync(path.join(missing, 'test_data_set_0', 'input_0.pb'));
  await expectBad(missing, `${path.join(missing, 'test_data_set_0', 'input_0.pb')}: missing; the model has 1 input(s) (x), each needs input_K.pb or input_K.npy`);

  const dtype = await data(mlp, samples(1, [1, 16]));
  const ints = path.join(dtype, 'test_data_set_0', 'input_0.pb');
  fs.writeFileSync(ints, tensorPb(new ort.Tensor('int32', new Int32Array(16), [1, 16]), 'x'));
  await expectBad(dtype, `${ints}: dtype int32, but the model's input 'x' is float32`);

  const shape = await data(mlp, samples(1, [1, 16]));
  const wide = path.join(shape, 'test_data_set_0', 'input_0.pb');
  fs.writeFileSync(wide, tensorPb(new ort.Tensor('float32', new Float32Array(8), [1, 8]), 'x'));
  await expectBad(shape, `${wide}: shape [1, 8] does not match the model's input 'x' [batch, 16]`);

  const cut = await data(mlp, samples(1, [1, 16]));
  const out = path.join(cut, 'test_data_set_0', 'output_0.pb');
  const bytes = fs.readFileSync(out);
  fs.writeFileSync(out, bytes.subarray(0, bytes.length - 10));
  await expectBad(cut, `${out}: not a serialized TensorProto, or truncated (the protobuf ends mid-field)`);

  const empty = path.join(dir, 'empty');
  fs.mkdirSync(empty);
  await expectBad(empty, `${empty}: no data sets; expected DIR/test_data_set_0/input_0.pb (or .npy), ..., output_0.pb, ...`);
  await expectBad(path.join(dir, 'nowhere'), `${path.join(dir, 'nowhere')}: no such folder; give a folder of reference data (DIR/test_data_set_0/input_0.pb (or .npy), ..., output_0.pb, ...)`);
});
