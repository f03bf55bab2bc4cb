import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { EngineError } from '../../../electron/engine/errors';
import { inspectModel } from '../../../electron/engine/model/inspect-model';
import { DataType, onnx } from '../../../electron/engine/model/onnx-proto';
import { sizeMismatch } from '../../../electron/engine/model/tensor-sizes';
import { mlpModel } from '../../fixtures/tiny-models';
import { runCli } from '../cli/run-cli';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infermeter-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The tiny MLP with its first initializer edited by EDIT, written to NAME. */
function withEditedWeight(name: string, edit: (t: onnx.ITensorProto) => void): string {
  const model = onnx.ModelProto.decode(mlpModel({ layers: 1, width: 4 }));
  const weight = model.graph?.initializer?.[0] as onnx.ITensorProto;
  edit(weight);
  const file = path.join(dir, name);
  fs.writeFileSync(file, onnx.ModelProto.encode(model).finish());
  return file;
}

async function refusal(file: string): Promise<string> {
  try {
    await inspectModel(file);
  } catch (error) {
    assert.ok(error instanceof EngineError && error.code === 'bad-input', String(error));
    return error.message;
  }
  assert.fail(`${file} was inspected`);
}

test('an initializer claiming 2 GiB with 16 bytes of raw data is refused, naming the tensor (inspect said "537 M params")', async () => {
  const file = withEditedWeight('forged.onnx', (t) => {
    t.dims = [536870912];
    t.rawData = new Uint8Array(16);
    t.floatData = [];
  });
  const message = await refusal(file);
  assert.match(message, /^.*forged\.onnx: tensor '\S+' claims 536870912 float32 values \(2\.0 GiB, dims \[536870912\]\) but stores 16 bytes of raw data; the file is damaged or was edited, re-export the model$/);
  const cli = await runCli(['inspect', file]);
  assert.equal(cli.code, 2, cli.stderr);
  assert.equal(cli.stderr, `infermeter: ${message}\n`);
  assert.doesNotMatch(cli.stdout, /Parameters/);
});

test('typed data and external ranges are held to the claimed size too', () => {
  const claim = { name: 'w', dataType: DataType.FLOAT, dims: [2, 3] };
  assert.equal(sizeMismatch({ ...claim, floatData: [1, 2, 3, 4, 5, 6] }), null);
  assert.equal(sizeMismatch({ ...claim, rawData: new Uint8Array(24) }), null);
  assert.equal(sizeMismatch({ ...claim, floatData: [1, 2] }), 'claims 6 float32 values (24 bytes, dims [2, 3]) but stores 2 values');
  assert.equal(sizeMismatch(claim), 'claims 6 float32 values (24 bytes, dims [2, 3]) but stores no data');
  assert.equal(sizeMismatch({ ...claim, dims: [2, -3], floatData: [1] }), 'has impossible dims [2, -3]');
  const external = { ...claim, dataLocation: onnx.TensorProto.DataLocation.EXTERNAL };
  assert.equal(sizeMismatch({ ...external, externalData: [{ key: 'location', value: 'w.bin' }, { key: 'length', value: '24' }] }), null);
  assert.equal(
    sizeMismatch({ ...external, externalData: [{ key: 'location', value: 'w.bin' }, { key: 'length', value: '8' }] }),
    'claims 6 float32 values (24 bytes, dims [2, 3]) but its external data range is 8 bytes',
  );
  assert.equal(sizeMismatch({ name: 's', dataType: DataType.STRING, dims: [2], stringData: [new Uint8Array(1)] }), 'claims 2 string values but stores 1 values');
  assert.equal(sizeMismatch({ name: 'empty', dataType: DataType.FLOAT, dims: [0] }), null, 'an empty tensor holds nothing');
});

test('a tensor whose typed values fall short is refused by inspect with its name', async () => {
  const file = withEditedWeight('short.onnx', (t) => {
    t.rawData = new Uint8Array(0);
    t.floatData = [0.5, 0.5];
  });
  assert.match(await refusal(file), /short\.onnx: tensor '\S+' claims 16 float32 values \(64 bytes, dims \[4, 4\]\) but stores 2 values;/);
});
