import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TENSORRT_NOTE_PREFIX as ENGINE_PREFIX } from '../../../electron/engine/recommend/recommend';
import { isTensorRtNote, TENSORRT_NOTE_PREFIX, tensorRtCell, tensorRtRange } from '../../../electron/contract/tensorrt-note';

const row = { kind: 'gpu' as const, basis: 'projected' as const, needsRuntime: null, missing: null };

test('the TensorRT note is read as the engine writes it', () => {
  assert.equal(ENGINE_PREFIX, TENSORRT_NOTE_PREFIX, 'the engine and the readers agree on the note');
  const note = `${TENSORRT_NOTE_PREFIX}1,305–3,896 inferences/s at batch 16 (not ranked)`;
  assert.deepEqual(tensorRtRange(['other note', note]), { range: '1,305–3,896/s', batch: '16' });
  assert.equal(tensorRtCell({ ...row, notes: [note] }), '1,305–3,896/s');
  assert.equal(tensorRtRange(['projected onto the GPU through the onnxruntime CUDA provider']), null);
  assert.ok(isTensorRtNote(note) && isTensorRtNote('TensorRT provider: not projected') && !isTensorRtNote('the TensorRT provider is typically faster'));
});

test('a row without a TensorRT range says why', () => {
  assert.equal(tensorRtCell({ ...row, notes: ['TensorRT provider: not projected'] }), '— (not projected)');
  assert.equal(tensorRtCell({ ...row, kind: 'cpu', notes: [] }), '— (CPU instance)');
  assert.equal(tensorRtCell({ ...row, kind: 'npu', basis: 'none', needsRuntime: 'AWS Neuron SDK', notes: [] }), '— (no onnxruntime path)');
  assert.equal(tensorRtCell({ ...row, basis: 'measured', notes: [] }), '— (measured row)');
  assert.equal(tensorRtCell({ ...row, basis: 'none', missing: 'no published fp32 peak', notes: [] }), '— (cannot project)');
});
