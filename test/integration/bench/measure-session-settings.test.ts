import { test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import * as ort from 'onnxruntime-node';
import { sessionSettingsSchema } from '../../../electron/contract/run';
import { EngineError } from '../../../electron/engine/errors';
import { preallocatedFetches } from '../../../electron/engine/bench/measure-fetches';
import { startRssSampler } from '../../../electron/engine/bench/measure-memory';
import { DEFAULT_SESSION_SETTINGS, resolveDefaultIntraOpThreads, sessionOptionsFor } from '../../../electron/engine/bench/session-settings';
import { mlpModel } from '../../fixtures/tiny-models';

const model = mlpModel({ width: 32, layers: 1 });
const x = new ort.Tensor('float32', new Float32Array(3 * 32).map((_, i) => Math.cos(i)), [3, 32]);

test('DEFAULT_SESSION_SETTINGS is a valid contract value', () => {
  sessionSettingsSchema.parse(DEFAULT_SESSION_SETTINGS);
});

test('sessionOptionsFor: onnxruntime accepts every combination of the settings and computes the same result', async () => {
  const reference = await ort.InferenceSession.create(model);
  const expected = (await reference.run({ x })).y?.data as Float32Array;
  await reference.release();
  const variants = [
    DEFAULT_SESSION_SETTINGS,
    { ...DEFAULT_SESSION_SETTINGS, allowSpinning: false, enableCpuMemArena: false, enableMemPattern: false },
    { ...DEFAULT_SESSION_SETTINGS, executionMode: 'parallel', interOpNumThreads: 1, graphOptimizationLevel: 'basic' },
  ];
  for (const settings of variants) {
    for (const threads of [null, 1]) {
      const options = sessionOptionsFor('cpu', threads, settings);
      assert.deepEqual(options.executionProviders, ['cpu']);
      assert.equal(options.intraOpNumThreads, threads ?? undefined);
      const session = await ort.InferenceSession.create(model, options);
      const y = (await session.run({ x })).y?.data as Float32Array;
      await session.release();
      assert.deepEqual(Array.from(y), Array.from(expected));
    }
  }
});

test('sessionOptionsFor: an unknown optimisation level or execution mode is a bad-input error naming the setting', () => {
  assert.throws(
    () => sessionOptionsFor('cpu', null, { ...DEFAULT_SESSION_SETTINGS, graphOptimizationLevel: 'max' }),
    (e: unknown) => e instanceof EngineError && e.code === 'bad-input' && /graphOptimizationLevel 'max'/.test(e.message),
  );
  assert.throws(() => sessionOptionsFor('cpu', null, { ...DEFAULT_SESSION_SETTINGS, executionMode: 'eager' }), /executionMode 'eager'/);
});

test('resolveDefaultIntraOpThreads: at least one, no more than the logical cores', () => {
  const n = resolveDefaultIntraOpThreads();
  assert.ok(Number.isInteger(n) && n >= 1 && n <= availableParallelism(), `${n}`);
});

test('preallocatedFetches: tensors shaped like the outputs, which onnxruntime then fills', async () => {
  const session = await ort.InferenceSession.create(model);
  const first = await session.run({ x });
  const fetches = preallocatedFetches(first);
  assert.ok(fetches !== null);
  const y = fetches.y as ort.Tensor;
  assert.deepEqual(y.dims, [3, 32]);
  (y.data as Float32Array).fill(Number.NaN);
  await session.run({ x }, fetches);
  assert.deepEqual(Array.from(y.data as Float32Array), Array.from(first.y?.data as Float32Array));
  await session.release();
});

test('startRssSampler: the peak covers memory touched while it ran', async () => {
  const sampler = startRssSampler(5);
  const before = process.memoryUsage.rss();
  const big = Buffer.alloc(64 * 1024 * 1024, 1);
  await new Promise((resolve) => setTimeout(resolve, 30));
  const peak = sampler.stop();
  assert.ok(big[12345] === 1);
  assert.ok(peak >= before + 48 * 1024 * 1024, `${peak} vs ${before}`);
  assert.equal(sampler.stop(), peak);
});
