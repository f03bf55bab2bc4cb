import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { convertModel } from '../../../electron/engine/convert/convert-model';
import { onnx } from '../../../electron/engine/model/onnx-proto';
import { EXPORTER_QUIRKS, writeExternalDataModel } from '../../fixtures/exporter-quirks';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infermeter-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function convertsAndRuns(file: string, name: string, keepIoTypes: boolean): Promise<void> {
  const out = path.join(dir, `${name}-${keepIoTypes ? 'io32' : 'io16'}.onnx`);
  const report = await convertModel(file, { to: 'fp16', outPath: out, keepIoTypes, accuracySamples: 3 });
  assert.equal(report.skipped, null);
  assert.ok(fs.existsSync(out));
  assert.ok(report.accuracy !== null);
  if (name === 'out-of-range') {
    assert.ok(report.warnings.some((w) => w.includes("tensor 'huge'")));
  } else {
    assert.ok(report.accuracy.cosine >= 0.999, `${name}: cosine ${report.accuracy.cosine}`);
  }
  const session = await ort.InferenceSession.create(out, { logSeverityLevel: 3 });
  const floatIo = [...session.inputMetadata, ...session.outputMetadata].filter((m) => m.isTensor && m.type.startsWith('float'));
  for (const m of floatIo) if (m.isTensor) assert.equal(m.type, keepIoTypes ? 'float32' : 'float16', `${name}: ${m.name}`);
  await session.release();
}

for (const [name, build] of Object.entries(EXPORTER_QUIRKS)) {
  test(`fp16 exporter quirk '${name}': converts and runs, float32 and float16 I/O`, async () => {
    const file = path.join(dir, `${name}.onnx`);
    fs.writeFileSync(file, build());
    await convertsAndRuns(file, name, true);
    await convertsAndRuns(file, name, false);
  });
}

test("fp16 exporter quirk 'external-data': weights are read from the data file and inlined in the output", async () => {
  const sub = fs.mkdtempSync(path.join(dir, 'ext-'));
  const file = writeExternalDataModel(sub);
  await convertsAndRuns(file, 'external', true);
  const converted = onnx.ModelProto.decode(fs.readFileSync(path.join(dir, 'external-io32.onnx')));
  for (const t of converted.graph?.initializer ?? []) {
    assert.equal(t.dataLocation ?? 0, onnx.TensorProto.DataLocation.DEFAULT);
    assert.equal(t.rawData?.length, 8 * 8 * 2);
  }
});
