import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildPlan, describePoint, sameGroup } from '../../../electron/engine/bench/plan';
import type { BenchOptions } from '../../../electron/contract/run';

const options = {
  batches: [4, 1, 2],
  precisions: ['fp32'],
  threads: [null, 2],
} as unknown as BenchOptions;

test('the plan enumerates provider × precision × threads × batch with batch innermost', () => {
  const plan = buildPlan(options, ['cpu', 'webgpu'], true);
  assert.equal(plan.length, 2 * 1 * 2 * 3);
  assert.deepEqual(plan.map((p) => p.index), plan.map((_, i) => i));
  assert.deepEqual(plan.slice(0, 3).map((p) => p.batch), [1, 2, 4]);
  assert.ok(plan.slice(0, 3).every((p) => p.provider === 'cpu' && p.threads === null));
  assert.equal(plan[3]?.threads, 2);
  assert.equal(plan[6]?.provider, 'webgpu');
  assert.ok(sameGroup(plan[0]!, plan[2]!));
  assert.ok(!sameGroup(plan[2]!, plan[3]!));
  assert.equal(describePoint(plan[3]!), 'cpu fp32 batch 1 threads 2');
});

test('a model whose batch is baked in is measured at batch 1 only', () => {
  const plan = buildPlan(options, ['cpu'], false);
  assert.deepEqual(plan.map((p) => p.batch), [1, 1]);
});

test('--device 0,1: each cuda point runs once per device, a group per device; cpu and webgpu points take no device', () => {
  const plan = buildPlan({ ...options, threads: [null], batches: [1, 8], devices: [0, 1] }, ['cpu', 'webgpu', 'cuda'], true);
  assert.deepEqual(plan.map((p) => `${p.provider}:${p.device ?? '-'}:${p.batch}`), ['cpu:-:1', 'cpu:-:8', 'webgpu:-:1', 'webgpu:-:8', 'cuda:0:1', 'cuda:0:8', 'cuda:1:1', 'cuda:1:8']);
  assert.ok(!sameGroup(plan[4]!, plan[6]!), 'two devices are two groups: an OOM on one does not stop the other');
  assert.equal(describePoint(plan[7]!), 'cuda device 1 fp32 batch 8');
  assert.ok(!('device' in plan[0]!), 'points without a device carry no device field (older plans compare equal)');
});
