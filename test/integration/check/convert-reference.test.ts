import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { convertModel } from '../../../electron/engine/convert/convert-model';
import { GraphBuilder } from '../../../electron/engine/model/graph-builder';
import { DataType } from '../../../electron/engine/model/onnx-proto';
import { writeDataSets } from '../../fixtures/reference-data';
import { mlpModel, seededFloats, writeModel } from '../../fixtures/tiny-models';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infermeter-convert-ref-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('convert --data: the accuracy check runs on the data sets\' inputs (no outputs needed)', async () => {
  const source = writeModel(dir, 'mlp.onnx', mlpModel({ width: 16 }));
  const data = writeDataSets(path.join(dir, 'data'), [1, 2, 3].map((seed) => ({ inputs: [['x', new ort.Tensor('float32', seededFloats(16, seed), [1, 16])]], outputs: [] })), 'npy-v1');
  const report = await convertModel(source, { to: 'fp16', outPath: path.join(dir, 'mlp-fp16.onnx'), referenceData: data });
  assert.deepEqual([report.accuracy?.inputs, report.accuracy?.samples], ['user', 3]);
  assert.equal(report.accuracy?.warnings, undefined);
});

test('convert: an FP32 model whose output ignores its input is warned about, not reported as a perfect conversion', async () => {
  const g = new GraphBuilder('ignores');
  const x = g.input('x', DataType.FLOAT, ['batch', 4]);
  g.op('Add', [g.op('Mul', [x, g.floatInit('zero', [4], new Float32Array(4))]), g.floatInit('bias', [4], Float32Array.of(0.1, 0.2, 0.3, 0.4))], undefined, 'y');
  g.output('y', DataType.FLOAT, ['batch', 4]);
  const report = await convertModel(writeModel(dir, 'ignores.onnx', g.encode()), { to: 'fp16', outPath: path.join(dir, 'ignores-fp16.onnx'), accuracySamples: 4 });
  const warning = "the FP32 model's output 'y' is the same in all 4 samples although their inputs differ: it does not depend on the input, so comparing it says little";
  assert.ok(report.warnings.includes(warning), report.warnings.join('\n'));
  assert.deepEqual(report.accuracy?.warnings, [warning]);
});
