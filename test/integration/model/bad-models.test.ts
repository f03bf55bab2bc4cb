import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { EngineError } from '../../../electron/engine/errors';
import { inspectModel } from '../../../electron/engine/model/inspect-model';
import { loadModelFile } from '../../../electron/engine/model/load-model';
import { assertBenchableInputs, resolveInputShapes, synthesizeInputs } from '../../../electron/engine/model/input-synthesis';
import { unsupportedOpFromOrtError } from '../../../electron/engine/model/ort-errors';
import { writeBadModels } from '../../fixtures/bad-models';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'infermeter-'));
const cases = writeBadModels(dir);
after(() => fs.rmSync(dir, { recursive: true, force: true }));

async function rejection(run: () => Promise<unknown>): Promise<EngineError> {
  try {
    await run();
  } catch (error) {
    assert.ok(error instanceof EngineError, `expected an EngineError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a rejection');
}

for (const c of cases.filter((k) => k.stage === 'load')) {
  test(`bad model '${c.name}' is refused by load and inspect with its exact message`, async () => {
    for (const run of [() => loadModelFile(c.file), () => inspectModel(c.file)]) {
      const error = await rejection(run);
      assert.equal(error.code, 'bad-input');
      assert.equal(error.message, c.message);
    }
  });
}

test('load messages name the file as the caller gave it', async () => {
  const c = cases.find((k) => k.name === 'empty');
  assert.ok(c);
  const relative = path.relative(process.cwd(), c.file);
  const error = await rejection(() => loadModelFile(relative));
  assert.equal(error.message, c.messageFor(relative));
});

for (const c of cases.filter((k) => k.stage === 'bench')) {
  test(`bad model '${c.name}' inspects, then is refused for a benchmark with its exact message`, async () => {
    const info = await inspectModel(c.file);
    const error = await rejection(async () => {
      assertBenchableInputs(info);
      synthesizeInputs(info, resolveInputShapes(info, 1, { dims: {}, shapes: {} }), {}, 1);
    });
    assert.equal(error.code, 'bad-input');
    assert.equal(error.message, c.message);
  });
}

for (const c of cases.filter((k) => k.stage === 'session')) {
  test(`bad model '${c.name}' inspects, and onnxruntime's session error names the unsupported op`, async () => {
    await inspectModel(c.file);
    const message = await ort.InferenceSession.create(c.file).then(
      () => assert.fail('onnxruntime accepted the model'),
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    assert.deepEqual(unsupportedOpFromOrtError(message), c.unsupportedOp);
  });
}
