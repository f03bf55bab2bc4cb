import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { fromFloat16Bits } from '../../../electron/engine/model/float16';
import { inspectModel } from '../../../electron/engine/model/inspect-model';
import { resolveInputShapes, synthesizeInputs } from '../../../electron/engine/model/input-synthesis';
import { DataType } from '../../../electron/engine/model/onnx-proto';
import { dtypeModel, multiInputModel, writeModel } from '../../fixtures/tiny-models';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infermeter-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

/** What the model's output should be: each row of x, as float, summed. */
function rowSums(data: ArrayLike<number | bigint>, type: string, rows: number): number[] {
  const values = Array.from(data, (v) => (type === 'float16' ? fromFloat16Bits(Number(v)) : Number(v)));
  return Array.from({ length: rows }, (_, r) => values.slice(r * 3, r * 3 + 3).reduce((a, b) => a + b, 0));
}

const types: [number, string][] = [
  [DataType.FLOAT, 'float32'],
  [DataType.FLOAT16, 'float16'],
  [DataType.DOUBLE, 'float64'],
  [DataType.INT64, 'int64'],
  [DataType.INT32, 'int32'],
  [DataType.INT8, 'int8'],
  [DataType.UINT8, 'uint8'],
  [DataType.BOOL, 'bool'],
];

for (const [type, name] of types) {
  test(`synthesized ${name} inputs run through onnxruntime and arrive intact`, async () => {
    const info = await inspectModel(writeModel(dir, `${name}.onnx`, dtypeModel(type)));
    const shapes = resolveInputShapes(info, 4, { dims: {}, shapes: {} });
    assert.deepEqual(shapes, { x: [4, 3] });
    const feeds = synthesizeInputs(info, shapes, {}, 11);
    const x = feeds.x as ort.Tensor;
    assert.equal(x.type, name);
    const session = await ort.InferenceSession.create(info.path);
    try {
      const out = await session.run(feeds);
      const y = [...(out.y?.data as Float32Array)];
      const expected = rowSums(x.data as ArrayLike<number>, name, 4);
      y.forEach((v, i) => assert.ok(Math.abs(v - (expected[i] as number)) < 1e-3, `${name}: row ${i} sums to ${v}, expected ${expected[i]}`));
      if (name === 'bool') assert.ok([...(x.data as Uint8Array)].every((v) => v === 0 || v === 1));
      if (name.startsWith('float')) assert.ok(expected.some((v) => v !== Math.trunc(v)), 'floats are not integers');
    } finally {
      await session.release();
    }
  });
}

test('a transformer-style model runs on synthesized ids, mask and features at batch 3', async () => {
  const info = await inspectModel(writeModel(dir, 'multi.onnx', multiInputModel({ vocab: 100 })));
  const shapes = resolveInputShapes(info, 3, { dims: { sequence: 7 }, shapes: {} });
  assert.deepEqual(shapes, { input_ids: [3, 7], attention_mask: [3, 7], features: [3, 4] });
  const feeds = synthesizeInputs(info, shapes, { attention_mask: [0, 2] }, 5);
  assert.ok([...(feeds.attention_mask?.data as BigInt64Array)].every((v) => v === 0n || v === 1n));
  const session = await ort.InferenceSession.create(info.path);
  try {
    const out = await session.run(feeds);
    assert.deepEqual(out.y?.dims, [3, 4]);
  } finally {
    await session.release();
  }
});
