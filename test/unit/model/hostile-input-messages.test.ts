// Regressions for what the model fuzzer found (test/fuzz): each message stays one clear line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { AccuracyReport } from '../../../electron/contract/convert';
import { firstLine } from '../../../electron/engine/bench/classify-failure';
import { accuracyIsFinite } from '../../../electron/engine/convert/source-failure';
import { EngineError } from '../../../electron/engine/errors';
import { dimOf } from '../../../electron/engine/model/graph-walk';
import { decodeModel } from '../../../electron/engine/model/load-model';

function refusal(bytes: number[]): string {
  try {
    decodeModel(Uint8Array.from(bytes), 'm.onnx');
  } catch (error) {
    return (error as Error).message;
  }
  return 'decoded';
}

test('damage inside a nested message reads as a damaged file, not as the decoder\'s words', () => {
  // ir_version 8, then a 3-byte graph whose node field claims 5 bytes.
  assert.equal(refusal([0x08, 0x08, 0x3a, 0x03, 0x0a, 0x05, 0x00]), 'm.onnx: the file is damaged (a field inside the model runs past the end of the part that holds it, at byte 7); re-download or re-export the model');
  // A graph holding an unknown field (30) of wire type 7.
  assert.equal(refusal([0x08, 0x08, 0x3a, 0x02, 0xf7, 0x01]), 'm.onnx: the file is damaged (the bytes at offset 6 are not valid protobuf); re-download or re-export the model');
});

test('control characters in a message are escaped: an error is always one line', () => {
  const error = new EngineError('bad-input', "node uses domain '\n\u001f\u0004conv'");
  assert.equal(error.message, "node uses domain '\\n\\u001f\\u0004conv'");
  assert.ok(!error.message.includes('\n'));
});

test('a negative dim (-1 from some exporters) is unknown, as onnxruntime reads it', () => {
  assert.equal(dimOf({ dimValue: -1 }), null);
  assert.equal(dimOf({ dimValue: 0 }), 0);
  assert.equal(dimOf({ dimValue: 8 }), 8);
});

test("onnxruntime's source locations and C++ signatures are cut from a message", () => {
  const oom = "Non-zero status code returned while running ConstantOfShape node. Name:'c' Status Message: /onnxruntime_src/onnxruntime/core/framework/bfc_arena.cc:360 void* onnxruntime::BFCArena::AllocateRawInternal(size_t, bool, onnxruntime::Stream*) Failed to allocate memory for requested buffer of size 4398046511104";
  assert.equal(firstLine(oom), "Non-zero status code returned while running ConstantOfShape node. Name:'c' Status Message: Failed to allocate memory for requested buffer of size 4398046511104");
  assert.equal(firstLine('/onnxruntime_src/onnxruntime/core/graph/graph.cc:1555 void onnxruntime::Graph::InitializeStateFromModelFileGraphProto() This is an invalid model.\nmore'), 'This is an invalid model.');
});

test('an accuracy report over NaN or Inf outputs is not finite (convert then reports none, with a warning)', () => {
  const report: AccuracyReport = { samples: 1, inputs: 'random', outputs: [{ name: 'y', maxAbsError: 0.1, relativeL2: 0.01, cosine: 0.99, top1Agreement: null }], maxAbsError: 0.1, relativeL2: 0.01, cosine: 0.99, top1Agreement: null };
  assert.equal(accuracyIsFinite(report), true);
  assert.equal(accuracyIsFinite({ ...report, maxAbsError: Infinity }), false);
  assert.equal(accuracyIsFinite({ ...report, outputs: [{ name: 'y', maxAbsError: 0, relativeL2: NaN, cosine: 1, top1Agreement: null }] }), false);
});
