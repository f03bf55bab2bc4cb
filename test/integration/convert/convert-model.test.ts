import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { checkLoads } from '../../../electron/engine/convert/convert-check';
import { convertModel } from '../../../electron/engine/convert/convert-model';
import { EngineError } from '../../../electron/engine/errors';
import { float16Model, quantizedModel, typedOpsModel } from '../../fixtures/exporter-quirks';
import { mlpModel, writeModel } from '../../fixtures/tiny-models';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infermeter-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const engineError = (code: string, pattern: RegExp) => (error: unknown) => error instanceof EngineError && error.code === code && pattern.test(error.message);

test('convertModel: a model already in float16 or already quantized is skipped and nothing is written', async () => {
  for (const [name, bytes, reason] of [['fp16', float16Model(), 'already float16'], ['qdq', quantizedModel(), 'already quantized']] as const) {
    const source = writeModel(dir, `${name}.onnx`, bytes);
    const out = path.join(dir, `${name}-out.onnx`);
    const report = await convertModel(source, { to: 'fp16', outPath: out });
    assert.equal(report.skipped, reason);
    assert.equal(report.outputPath, path.resolve(source));
    assert.equal(report.accuracy, null);
    assert.equal(fs.existsSync(out), false);
  }
});

test('convertModel: a converted graph onnxruntime cannot load fails with a clear error and writes no file', async () => {
  // Range has no float16 type in its schema: converting every op (an empty block list) makes an invalid graph.
  const source = writeModel(dir, 'typed.onnx', typedOpsModel());
  const out = path.join(dir, 'typed-all-fp16.onnx');
  await assert.rejects(
    convertModel(source, { to: 'fp16', outPath: out, blockList: [] }),
    engineError('bad-input', /^converter would produce an invalid graph: .*Range.*; keep the op in FP32 with --block-list/),
  );
  assert.equal(fs.existsSync(out), false);
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('typed-all')), []);
});

test('convertModel: bad sources and outputs are bad input naming the path', async () => {
  await assert.rejects(convertModel(path.join(dir, 'missing.onnx'), { to: 'fp16', outPath: path.join(dir, 'x.onnx') }), engineError('bad-input', /missing\.onnx: no such file/));
  const source = writeModel(dir, 'mlp.onnx', mlpModel());
  await assert.rejects(convertModel(source, { to: 'fp16', outPath: source }), engineError('bad-input', /is the source model itself/));
  await assert.rejects(convertModel(source, { to: 'fp16', outPath: dir }), engineError('bad-input', /is a directory/));
});

test('convertModel: the report counts nodes and sizes, and 0 accuracy samples skips the check', async () => {
  const source = writeModel(dir, 'mlp2.onnx', mlpModel({ layers: 3, width: 32 }));
  const out = path.join(dir, 'nested', 'mlp2-fp16.onnx');
  const report = await convertModel(source, { to: 'fp16', outPath: out, accuracySamples: 0, keepIoTypes: false });
  assert.equal(report.target, 'fp16');
  assert.equal(report.nodesTotal, 9);
  assert.equal(report.nodesConverted, 9);
  assert.deepEqual(report.keptFp32, []);
  assert.equal(report.sourceBytes, fs.statSync(source).size);
  assert.equal(report.outputBytes, fs.statSync(out).size);
  assert.equal(report.accuracy, null);
  assert.match(report.sourceSha256, /^[0-9a-f]{64}$/);
  assert.ok(report.convertMs > 0);
  // Where onnxruntime's CPU provider widens float16 compute to float32 (x86; Arm builds have float16 kernels for
  // more ops), the report says so, and only there.
  const { split } = await checkLoads(fs.readFileSync(out), true);
  const widened = report.warnings.some((w) => /onnxruntime's CPU provider has float16 kernels for few ops here: .* in float32/.test(w));
  assert.equal(widened, (split?.fp32Ops ?? 0) > 0, `split ${JSON.stringify(split)}`);
  assert.deepEqual(fs.readdirSync(path.dirname(out)), ['mlp2-fp16.onnx']);
});
