// INT8 accuracy on whatever CPU runs the tests: the encoding the converter picks here, and every encoding the detected
// INT8 path calls exact here, reach cosine 0.999 on the worst-case fixture and on the built-ins.
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Int8WeightEncoding } from '../../../electron/contract/hardware';
import { convertModel, localInt8Path } from '../../../electron/engine/convert/convert-model';
import { precisionVariant } from '../../../electron/engine/convert/variant-cache';
import { quantizeDynamic } from '../../../electron/engine/convert/int8-dynamic';
import { quantizeStatic } from '../../../electron/engine/convert/int8-static';
import { collectActivationRanges } from '../../../electron/engine/convert/calibration';
import { signedInt8Weights, int8SaturationWarning } from '../../../electron/engine/convert/int8-weight-check';
import { INT8_WEIGHTS_METADATA_KEY } from '../../../electron/engine/convert/quantize-model';
import { DataType, onnx } from '../../../electron/engine/model/onnx-proto';
import { buildBuiltin } from '../../../models/catalog';
import { saturatingMatMul } from '../../fixtures/int8-fixtures';
import { seededFloats } from '../../fixtures/tiny-models';
import { worstCosine } from './int8-helpers';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infermeter-int8-'));
const GOAL = 0.999;

/** Inputs in [0, 1): activations quantize to the top of the uint8 range. */
function positiveInput(rows: number, seed: number): ort.Tensor {
  return new ort.Tensor('float32', seededFloats(rows * 64, seed).map((v) => v + 0.5), [rows, 64]);
}

/** The encodings that must be exact on this CPU: u8 everywhere, s8 where the detected path says u8s8 is exact. */
async function exactHere(): Promise<Int8WeightEncoding[]> {
  const here = await localInt8Path();
  return here.signedWeightsSaturate ? ['u8'] : ['u8', 's8'];
}

test('the encoding picked here is one the detected INT8 path calls exact', async () => {
  const here = await localInt8Path();
  assert.ok((await exactHere()).includes(here.weightEncoding), `${here.kernel} picks ${here.weightEncoding}`);
});

test(`worst-case fixture (every weight at the int8 maximum), dynamic: cosine >= ${GOAL} for each encoding exact here`, async () => {
  const model = saturatingMatMul();
  for (const weightEncoding of await exactHere()) {
    for (const perChannel of [false, true]) {
      const r = quantizeDynamic(model, { perChannel, weightEncoding });
      assert.equal(r.nodesConverted, 1);
      const cos = await worstCosine(model, r.model, { x: positiveInput(32, 11) });
      assert.ok(cos >= GOAL, `${weightEncoding} perChannel ${perChannel}: cosine ${cos}`);
    }
  }
});

test(`worst-case fixture, static QDQ: cosine >= ${GOAL} for each encoding exact here`, async () => {
  const model = saturatingMatMul();
  const ranges = await collectActivationRanges(model, [{ x: positiveInput(16, 3) }], 'minmax');
  for (const weightEncoding of await exactHere()) {
    const r = quantizeStatic(model, ranges, { perChannel: true, weightEncoding });
    assert.equal(r.nodesConverted, 1);
    const cos = await worstCosine(model, r.model, { x: positiveInput(32, 12) });
    assert.ok(cos >= GOAL, `${weightEncoding}: cosine ${cos}`);
  }
});

test('u8 stores uint8 weights with zero point 128 and records it; s8 int8 weights; the check finds only the signed ones', async () => {
  const model = saturatingMatMul();
  const u8 = quantizeDynamic(model, { perChannel: true, weightEncoding: 'u8' }).model;
  const s8 = quantizeDynamic(model, { perChannel: true, weightEncoding: 's8' }).model;
  const weight = (m: onnx.ModelProto) => m.graph?.initializer?.find((t) => (t.dims ?? []).length === 2);
  assert.equal(weight(u8)?.dataType, DataType.UINT8);
  assert.equal(weight(s8)?.dataType, DataType.INT8);
  const zp = u8.graph?.initializer?.find((t) => t.name?.endsWith('_zero_point'));
  assert.ok(zp && Buffer.from(zp.rawData ?? []).every((b) => b === 128), 'zero point 128 for every column');
  assert.equal(u8.metadataProps?.find((p) => p.key === INT8_WEIGHTS_METADATA_KEY)?.value, 'u8');
  assert.deepEqual(signedInt8Weights(u8), []);
  assert.equal(signedInt8Weights(s8).length, 1);
  const avx2 = { kernel: 'avx2' as const, signedWeightsSaturate: true, weightEncoding: 'u8' as const, summary: '' };
  const vnni = { kernel: 'avx512-vnni' as const, signedWeightsSaturate: false, weightEncoding: 's8' as const, summary: '' };
  assert.match(int8SaturationWarning(s8, avx2, 'm.onnx') ?? '', /^m\.onnx stores 1 weight tensor\(s\) as signed int8 .*avx2.*--int8-weights u8/);
  assert.equal(int8SaturationWarning(s8, vnni, 'm.onnx'), null);
  assert.equal(int8SaturationWarning(u8, avx2, 'm.onnx'), null);
});

for (const name of ['mlp', 'bert-base']) {
  test(`builtin ${name} (tiny) through convertModel: this CPU's encoding recorded, cosine >= ${GOAL}`, async () => {
    const built = await buildBuiltin(name, { size: 'tiny' }, { dir });
    const here = await localInt8Path();
    const report = await convertModel(built.path, { to: 'int8', outPath: path.join(dir, `${name}-int8.onnx`) });
    assert.equal(report.int8?.weightEncoding, here.weightEncoding);
    assert.equal(report.int8?.choice, 'auto');
    assert.equal(report.int8?.madeOn.kernel, here.kernel);
    assert.ok((report.accuracy?.cosine ?? 0) >= GOAL, `cosine ${report.accuracy?.cosine}`);
    const forced = await convertModel(built.path, { to: 'int8', outPath: path.join(dir, `${name}-int8-u8.onnx`), int8Weights: 'u8' });
    assert.equal(forced.int8?.weightEncoding, 'u8');
    assert.equal(forced.int8?.choice, 'u8');
    assert.ok((forced.accuracy?.cosine ?? 0) >= GOAL, `u8 cosine ${forced.accuracy?.cosine}`);
  });
}

test("the INT8 variant cache is keyed by this CPU's weight encoding, and its report says so", async () => {
  const built = await buildBuiltin('mlp', { size: 'tiny' }, { dir });
  const here = await localInt8Path();
  const sha256 = createHash('sha256').update(fs.readFileSync(built.path)).digest('hex');
  const variant = await precisionVariant(built.path, sha256, 'int8', path.join(dir, 'variants'));
  assert.match(path.basename(variant.path), new RegExp(`-int8-${here.weightEncoding}-c\\d+\\.onnx$`));
  assert.equal(variant.report?.int8?.weightEncoding, here.weightEncoding);
  const again = await precisionVariant(built.path, sha256, 'int8', path.join(dir, 'variants'));
  assert.equal(again.cached, true);
});
