import { test } from 'node:test';
import assert from 'node:assert/strict';
import { batchSeconds, SERVED_BYTES_PER_S, SERVED_S_PER_REQUEST, servingSeconds, type BatchParts } from '../../../electron/engine/recommend/serving-mode';

const s = (low: number, high: number) => ({ low, high });
// Framework 1, copies 4, launches 2, compute 3 at the fast end; each doubled at the slow end. Serving 10/20.
const parts: BatchParts = { framework: s(1, 2), copies: s(4, 8), launches: s(2, 4), compute: s(3, 6), serving: s(10, 20) };

test('one session.run at a time: framework, then copies, then compute (launches hidden behind it)', () => {
  assert.deepEqual(batchSeconds(parts, 'session'), { t: s(1 + 4 + 3, 2 + 8 + 6), floor: s(1 + 4 + 2, 2 + 8 + 4) });
});

test('a pipelined harness costs its slowest stage: here the copies', () => {
  assert.deepEqual(batchSeconds(parts, 'pipelined'), { t: s(4, 8), floor: s(4, 8) });
  const computeBound = batchSeconds({ ...parts, compute: s(9, 18) }, 'pipelined');
  assert.deepEqual(computeBound.t, s(9, 18));
});

test('GPU compute only leaves out framework and copies; served adds the request\'s trip to a session', () => {
  assert.deepEqual(batchSeconds(parts, 'compute-only'), { t: s(3, 6), floor: s(2, 4) });
  assert.deepEqual(batchSeconds(parts, 'served').t, s(10 + 1 + 4 + 3, 20 + 2 + 8 + 6));
});

test('the serving term: per request plus the bytes through the client protocol, only when served', () => {
  assert.deepEqual(servingSeconds('session', 1e9), s(0, 0));
  const served = servingSeconds('served', 6e8);
  assert.equal(served.low, SERVED_S_PER_REQUEST.low + 6e8 / SERVED_BYTES_PER_S.high);
  assert.equal(served.high, SERVED_S_PER_REQUEST.high + 6e8 / SERVED_BYTES_PER_S.low);
  assert.deepEqual(servingSeconds('served', 0), SERVED_S_PER_REQUEST); // shared memory: no bytes in the request
});
