import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ModelInfo } from '../../../electron/contract/model';
import { parseNpy } from '../../../electron/engine/convert/calibration-npy';
import { loadCalibrationFolder } from '../../../electron/engine/convert/calibration';
import { bytesOf, npy } from '../../fixtures/reference-data';

test('parses float32, int64, int32, bool and uint8 arrays, header versions 1 and 2', () => {
  const f = parseNpy(npy('<f4', [2, 2], bytesOf(Float32Array.of(1, -2, 3.5, 0))), 'f.npy');
  assert.deepEqual([f.type, f.shape, [...(f.data as Float32Array)]], ['float32', [2, 2], [1, -2, 3.5, 0]]);
  const i = parseNpy(npy('<i8', [3], bytesOf(BigInt64Array.of(7n, -1n, 30521n)), 2), 'i.npy');
  assert.deepEqual([i.type, i.shape, [...(i.data as BigInt64Array)]], ['int64', [3], [7n, -1n, 30521n]]);
  assert.equal(parseNpy(npy('<i4', [1], bytesOf(Int32Array.of(5))), 'a').type, 'int32');
  assert.equal(parseNpy(npy('|b1', [2], Uint8Array.of(1, 0)), 'a').type, 'bool');
  assert.equal(parseNpy(npy('|u1', [], Uint8Array.of(9)), 'a').shape.length, 0);
});

test('bad .npy files get errors naming the file', () => {
  assert.throws(() => parseNpy(Buffer.from('hello world'), 'x.npy'), /^EngineError: x.npy: not a NumPy .npy file/);
  assert.throws(() => parseNpy(npy('>f4', [1], new Uint8Array(4)), 'be.npy'), /be.npy: dtype '>f4' is not supported; save as float32/);
  assert.throws(() => parseNpy(npy('<f4', [4], new Uint8Array(8)), 't.npy'), /t.npy: holds 8 bytes of data, the header's shape \(4\) needs 16; the file is truncated/);
  assert.throws(() => parseNpy(npy('<f4', [1, 1], new Uint8Array(4), 1, true), 'fo.npy'), /fo.npy: Fortran-ordered array/);
});

const info = {
  path: '/m/model.onnx',
  inputs: [
    { name: 'input_ids', elemType: 'int64', shape: ['batch', 8] },
    { name: 'pixels', elemType: 'float32', shape: ['batch', 3] },
  ],
} as unknown as ModelInfo;

function sampleDir(root: string, name: string, files: Record<string, Uint8Array>): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir, { recursive: true });
  for (const [file, bytes] of Object.entries(files)) fs.writeFileSync(path.join(dir, file), bytes);
  return dir;
}

const ids = (n: number): Uint8Array => npy('<i4', [n, 8], bytesOf(Int32Array.from({ length: n * 8 }, (_, i) => i)));
const pixels = (n: number): Uint8Array => npy('<f4', [n, 3], bytesOf(new Float32Array(n * 3).fill(0.5)));

test('a folder of sample folders loads in name order; int32 ids become the model\'s int64', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'infermeter-'));
  sampleDir(root, '0002', { 'input_ids.npy': ids(1), 'pixels.npy': pixels(1) });
  sampleDir(root, '0001', { 'input_ids.npy': ids(2), 'pixels.npy': pixels(2), 'README.txt': new Uint8Array(0) });
  const samples = await loadCalibrationFolder(root, info);
  assert.equal(samples.length, 2);
  assert.deepEqual(samples[0]?.input_ids?.dims, [2, 8]);
  assert.equal(samples[0]?.input_ids?.type, 'int64');
  assert.equal((samples[1]?.input_ids?.data as BigInt64Array)[3], 3n);
});

test('folder errors: missing input file, wrong dtype, wrong shape, unknown input, empty folder', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'infermeter-'));
  const missing = sampleDir(root, 'missing', { 'input_ids.npy': ids(1) });
  await assert.rejects(loadCalibrationFolder(missing, info), { message: `${path.join(missing, 'pixels.npy')}: missing; each sample folder needs one .npy file per model input (input_ids.npy, pixels.npy)` });
  const dtype = sampleDir(root, 'dtype', { 'input_ids.npy': pixels(1), 'pixels.npy': pixels(1) });
  await assert.rejects(loadCalibrationFolder(dtype, info), { message: `${path.join(dtype, 'input_ids.npy')}: dtype float32, but the model's input 'input_ids' is int64; save it as int64 ('<i8') or int32 ('<i4')` });
  const shape = sampleDir(root, 'shape', { 'input_ids.npy': npy('<i8', [1, 9], new Uint8Array(72)), 'pixels.npy': pixels(1) });
  await assert.rejects(loadCalibrationFolder(shape, info), { message: `${path.join(shape, 'input_ids.npy')}: axis 1 is 9; the model's input 'input_ids' fixes it at 8` });
  const extra = sampleDir(root, 'extra', { 'input_ids.npy': ids(1), 'pixels.npy': pixels(1), 'pixel.npy': pixels(1) });
  await assert.rejects(loadCalibrationFolder(extra, info), /pixel.npy: the model has no input 'pixel' \(its inputs: input_ids, pixels\)/);
  const empty = sampleDir(root, 'empty/inner-none', {});
  await assert.rejects(loadCalibrationFolder(empty, info), /inner-none: no samples; put one subfolder per sample/);
  await assert.rejects(loadCalibrationFolder(path.join(root, 'nope'), info), /nope: no such folder/);
});
