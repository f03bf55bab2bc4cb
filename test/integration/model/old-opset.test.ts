// Opsets below onnxruntime's official range: what onnxruntime loads is inspected and measured, what it refuses is
// refused with its reason (the pytorch-exported test_operator_conv is opset 6 and loads).
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { GraphBuilder } from '../../../electron/engine/model/graph-builder';
import { inspectModel } from '../../../electron/engine/model/inspect-model';
import { DataType } from '../../../electron/engine/model/onnx-proto';
import { oldAddModel } from '../../fixtures/bad-models';
import { seededFloats } from '../../fixtures/tiny-models';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infermeter-opset-'));

/** Conv + Relu at opset 6, IR 3, as torch.onnx exported test_operator_conv. */
function opset6Conv(): Uint8Array {
  const g = new GraphBuilder('conv6');
  const x = g.input('x', DataType.FLOAT, [1, 3, 8, 8]);
  const w = g.floatInit('w', [4, 3, 3, 3], seededFloats(108, 1));
  const y = g.op('Relu', [g.op('Conv', [x, w])], undefined, 'y');
  g.output(y, DataType.FLOAT, [1, 4, 6, 6]);
  return g.encode({ opset: 6, irVersion: 3 });
}

test('an opset-6 Conv model onnxruntime loads is inspected, with a warning that says so, and runs', async () => {
  const file = path.join(dir, 'conv6.onnx');
  fs.writeFileSync(file, opset6Conv());
  const info = await inspectModel(file);
  assert.ok(info.warnings.some((w) => /^opset 6 of ai\.onnx is older than onnxruntime officially supports \(7 to 26\); onnxruntime .* loads it/.test(w)), info.warnings.join('\n'));
  const session = await ort.InferenceSession.create(file);
  const out = await session.run({ x: new ort.Tensor('float32', new Float32Array(192).fill(1), [1, 3, 8, 8]) });
  assert.deepEqual(out.y?.dims, [1, 4, 6, 6]);
  await session.release();
});

test('an opset-6 model with an op onnxruntime has no kernel for is refused, naming the op', async () => {
  const file = path.join(dir, 'add6.onnx');
  fs.writeFileSync(file, oldAddModel(6));
  await assert.rejects(inspectModel(file), (error: Error) => {
    assert.match(error.message, /add6\.onnx: opset 6 of ai\.onnx is older than onnxruntime officially supports \(7 to 26\) and onnxruntime .* does not load it \(Could not find an implementation for Add\(6\) node with name 'old_add'\); convert it with onnx\.version_converter$/);
    return true;
  });
});
