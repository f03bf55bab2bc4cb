import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EngineError } from '../../../electron/engine/errors';
import { parseBatches, parseDim, parseIntRange, parseProviders, parseShape, parseThreads } from '../../../electron/cli/parse-flags';

function badInputMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof EngineError);
    assert.equal(error.code, 'bad-input');
    return error.message;
  }
  assert.fail('expected a bad-input error');
}

test('batch lists are sorted and deduplicated; ranges are powers of two', () => {
  assert.deepEqual(parseBatches('8,1,2,8'), [1, 2, 8]);
  assert.deepEqual(parseBatches('1-256'), [1, 2, 4, 8, 16, 32, 64, 128, 256]);
  assert.deepEqual(parseBatches('3-12'), [3, 6, 12]);
});

test('impossible batch sizes are refused with the flag named', () => {
  assert.equal(badInputMessage(() => parseBatches('0')), '--batch 0: batch sizes must be whole numbers from 1 to 65536');
  assert.equal(badInputMessage(() => parseBatches('1e9')), '--batch 1e9: batch sizes must be whole numbers from 1 to 65536');
  assert.equal(badInputMessage(() => parseBatches('1000000000')), '--batch 1000000000: batch sizes must be whole numbers from 1 to 65536');
  assert.equal(badInputMessage(() => parseBatches('1,,2')), '--batch 1,,2: expected a comma-separated list');
  assert.equal(badInputMessage(() => parseBatches('2.5')), '--batch 2.5: batch sizes must be whole numbers from 1 to 65536');
});

test('shapes, dims and integer ranges parse, and malformed ones say what is expected', () => {
  assert.deepEqual(parseShape('input_ids=1x128'), { input_ids: [1, 128] });
  assert.deepEqual(parseShape('x=4', { a: [1] }), { a: [1], x: [4] });
  assert.equal(badInputMessage(() => parseShape('input_ids=1x')), '--shape input_ids=1x: expected NAME=DIMxDIM..., e.g. --shape input_ids=1x128');
  assert.equal(badInputMessage(() => parseShape('1x128')), '--shape 1x128: expected NAME=DIMxDIM..., e.g. --shape input_ids=1x128');
  assert.deepEqual(parseDim('sequence=128'), { sequence: 128 });
  assert.deepEqual(parseIntRange('input_ids=0:30522'), { input_ids: [0, 30522] });
  assert.equal(badInputMessage(() => parseIntRange('ids=5:1')), '--int-range ids=5:1: MIN must be below MAX (MAX is excluded)');
});

test('providers and threads are checked against what exists', () => {
  assert.deepEqual(parseProviders('CPU,webgpu,cpu'), ['cpu', 'webgpu']);
  assert.match(badInputMessage(() => parseProviders('cpu,tpu')), /^--ep tpu: unknown execution provider \(known: cpu, webgpu, cuda, tensorrt, dml, coreml\)$/);
  assert.deepEqual(parseThreads('1,2,default'), [1, 2, null]);
  assert.equal(badInputMessage(() => parseThreads('0')), '--threads 0: thread counts must be whole numbers from 1 to 1024');
});
