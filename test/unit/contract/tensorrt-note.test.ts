import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isTensorRtNote, TENSORRT_NOTE_PREFIX, tensorRtCell, tensorRtRange } from '../../../electron/contract/tensorrt-note';

const span = (low: number, high: number) => `${low}..${high}`;
const row = { kind: 'gpu' as const, basis: 'projected' as const, needsRuntime: null, missing: null };

test('the TensorRT note is read as the engine writes it', () => {
  const note = `${TENSORRT_NOTE_PREFIX}1,305–3,896 inferences/s at batch 16 (not ranked)`;
  assert.deepEqual(tensorRtRange(['other note', note]), { low: 1305, high: 3896, batch: 16 });
  assert.deepEqual(tensorRtRange([`${TENSORRT_NOTE_PREFIX}45.3–96.1 inferences/s at batch 1 (not ranked)`]), { low: 45.3, high: 96.1, batch: 1 });
  assert.equal(tensorRtCell({ ...row, notes: [note] }, span), '1305..3896');
  assert.equal(tensorRtRange(['projected onto the GPU through the onnxruntime CUDA provider']), null);
  assert.ok(isTensorRtNote(note) && isTensorRtNote('TensorRT provider: not projected') && !isTensorRtNote('the TensorRT provider is typically faster'));
});

test('a row without a TensorRT range says why', () => {
  assert.equal(tensorRtCell({ ...row, notes: ['TensorRT provider: not projected'] }, span), '— (not projected)');
  assert.equal(tensorRtCell({ ...row, kind: 'cpu', notes: [] }, span), '— (CPU instance)');
  assert.equal(tensorRtCell({ ...row, kind: 'npu', basis: 'none', needsRuntime: 'AWS Neuron SDK', notes: [] }, span), '— (no onnxruntime path)');
  assert.equal(tensorRtCell({ ...row, basis: 'measured', notes: [] }, span), '— (measured row)');
  assert.equal(tensorRtCell({ ...row, basis: 'none', missing: 'no published fp32 peak', notes: [] }, span), '— (cannot project)');
});
