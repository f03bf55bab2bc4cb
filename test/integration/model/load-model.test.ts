import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { loadModelFile } from '../../../electron/engine/model/load-model';
import { mlpModel, writeExternalDataModel, writeModel } from '../../fixtures/tiny-models';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infermeter-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('a model loads with its absolute path, bytes, hash and size, from a relative path too', async () => {
  const bytes = mlpModel();
  const file = writeModel(dir, 'mlp.onnx', bytes);
  const loaded = await loadModelFile(path.relative(process.cwd(), file));
  assert.equal(loaded.path, file);
  assert.deepEqual(Buffer.from(loaded.bytes), Buffer.from(bytes));
  assert.equal(loaded.fileBytes, bytes.length);
  assert.equal(loaded.sha256, createHash('sha256').update(bytes).digest('hex'));
  assert.equal(loaded.model.graph?.name, 'mlp');
  assert.deepEqual(loaded.externalFiles, []);
});

test('fields from newer ONNX versions do not stop a model from loading (onnxruntime accepts them too)', async () => {
  const file = writeModel(dir, 'future.onnx', Uint8Array.from([...mlpModel(), 0x98, 0x06, 0x01]));
  const loaded = await loadModelFile(file);
  assert.equal(loaded.model.graph?.name, 'mlp');
  const session = await ort.InferenceSession.create(file);
  await session.release();
});

test('external data in a subfolder, or named with leading dots, stays inside the model folder', async () => {
  for (const location of ['data/weights.bin', '..weights.bin']) {
    const sub = fs.mkdtempSync(path.join(dir, 'ext-'));
    fs.mkdirSync(path.join(sub, 'data'));
    const loaded = await loadModelFile(writeExternalDataModel(sub, { location }));
    assert.deepEqual(loaded.externalFiles, [{ location, bytes: 64 }]);
  }
});
