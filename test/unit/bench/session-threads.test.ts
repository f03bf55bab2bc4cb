// The arithmetic from the pool threads a session started to the intra-op threads it ran on.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_SESSION_SETTINGS } from '../../../electron/engine/bench/session-settings';
import { intraOpThreadsFrom } from '../../../electron/engine/bench/session-threads';

const sequential = { ...DEFAULT_SESSION_SETTINGS, executionMode: 'sequential' };
const parallel = (inter: number | null) => ({ ...DEFAULT_SESSION_SETTINGS, executionMode: 'parallel', interOpNumThreads: inter });

test('an intra-op pool of n threads starts n − 1: the calling thread is the last', () => {
  assert.equal(intraOpThreadsFrom(0, 'cpu', sequential), 1);
  assert.equal(intraOpThreadsFrom(1, 'cpu', sequential), 2);
  assert.equal(intraOpThreadsFrom(7, 'cpu', sequential), 8);
});

test('in parallel execution the inter-op pool is taken out where its size was set, else nothing is claimed', () => {
  assert.equal(intraOpThreadsFrom(2, 'cpu', parallel(2)), 2);
  assert.equal(intraOpThreadsFrom(2, 'cpu', parallel(3)), 1);
  assert.equal(intraOpThreadsFrom(2, 'cpu', parallel(null)), null);
  assert.equal(intraOpThreadsFrom(0, 'cpu', parallel(4)), null, 'fewer threads than the inter-op pool alone: not a count of ours');
});

test('no count where threads could not be listed, or for providers that start threads of their own', () => {
  assert.equal(intraOpThreadsFrom(null, 'cpu', sequential), null);
  assert.equal(intraOpThreadsFrom(1, 'cuda', sequential), null);
});
