import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { EngineError } from '../../../electron/engine/errors';
import { DataType, onnx } from '../../../electron/engine/model/onnx-proto';
import { buildBuiltin, DEFAULT_BUILTIN, isCached, listBuiltins, resolveModelArgument } from '../../../models/catalog';
import { findBuiltin } from '../../../models/registry';
import { outputStats, syntheticFeeds } from './model-io';

/**
 * sha256 of `mlp` tiny as built by generator version 1. When a generator change makes this fail on purpose,
 * bump GENERATOR_VERSION in models/build-cache.ts (so users' caches rebuild) and update this constant.
 */
const MLP_TINY_SHA256 = '83993e5e2d2a9cc75be4693e138ff01d41640b8231b25b384c4ea126227fc00f';

const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
const cache = { dir: join(dir, 'cache') };
after(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

// Decoders take token ids and their own cache: test/integration/generate runs them by generation.
for (const { name } of listBuiltins(cache).filter((m) => findBuiltin(m.name).plan({ size: 'tiny' }).decoder === undefined)) {
  test(`${name} tiny builds fast, runs at batch 1 and 4 with the declared shapes, and gives live outputs`, async () => {
    const plan = findBuiltin(name).plan({ size: 'tiny' });
    const built = await buildBuiltin(name, { size: 'tiny' }, cache);
    assert.equal(built.cached, false);
    assert.ok(built.buildMs < 1000, `tiny build took ${built.buildMs.toFixed(0)} ms`);
    assert.equal(built.bytes, statSync(built.path).size);

    const model = onnx.ModelProto.decode(readFileSync(built.path));
    assert.equal(Number(model.irVersion), 8);
    assert.deepEqual(model.opsetImport.map((o) => [o.domain, Number(o.version)]), [['', 17]]);
    const floats = (model.graph?.initializer ?? []).filter((t) => t.dataType === DataType.FLOAT);
    const floatParams = floats.reduce((n, t) => n + (t.dims ?? []).reduce((a: number, d) => a * Number(d), 1), 0);
    // Scalars of the graph (√2 in GELU, the mask's -10000 ...) are float initializers but not parameters.
    assert.ok(floatParams >= plan.params && floatParams <= plan.params + 8, `${floatParams} vs ${plan.params}`);

    const session = await ort.InferenceSession.create(built.path, { executionProviders: ['cpu'] });
    try {
      assert.deepEqual([...session.inputNames], plan.inputs.map((i) => i.name));
      assert.deepEqual([...session.outputNames], plan.outputs.map((o) => o.name));
      for (const batch of [1, 4]) {
        const out = await session.run(syntheticFeeds(plan.inputs, batch));
        for (const o of plan.outputs) {
          assert.deepEqual(out[o.name]?.dims, o.shape.map((d) => (typeof d === 'number' ? d : batch)), `${o.name} at batch ${batch}`);
        }
      }
      const out = await session.run(syntheticFeeds(plan.inputs, 2, 11));
      for (const o of plan.outputs) {
        const s = outputStats(out[o.name] as ort.Tensor);
        assert.ok(s.finite, `${o.name}: non-finite values`);
        assert.ok(s.std > 1e-3, `${o.name}: nearly constant (std ${s.std})`);
        assert.ok(s.batchSpread > 1e-4, `${o.name}: identical across the batch`);
        if (name === 'dlrm') assert.ok(s.min > 1e-3 && s.max < 1 - 1e-3, `${o.name}: saturated sigmoid [${s.min}, ${s.max}]`);
        if (o.name === 'pooler_output') assert.ok(s.max - s.min < 1.99, 'tanh pooler saturated');
      }
    } finally {
      await session.release();
    }
  });
}

test('a second build is a cache hit; a rebuild elsewhere gives identical bytes; the hash is pinned', async () => {
  const first = await buildBuiltin('mlp', { size: 'tiny' }, cache);
  const again = await buildBuiltin('mlp', { size: 'tiny' }, cache);
  assert.equal(again.cached, true);
  assert.equal(again.path, first.path);
  assert.ok(isCached('mlp', { size: 'tiny' }, cache));
  assert.ok(!isCached('mlp', { size: 'tiny', width: 32 }, cache), 'other options are another file');

  const elsewhere = await buildBuiltin('mlp', { size: 'tiny' }, { dir: join(dir, 'other') });
  assert.equal(elsewhere.cached, false);
  assert.equal(sha256(elsewhere.path), sha256(first.path));
  assert.equal(sha256(first.path), MLP_TINY_SHA256, 'generator output changed: bump GENERATOR_VERSION and update MLP_TINY_SHA256');

  const bert = await buildBuiltin('bert-base', { size: 'tiny' }, { dir: join(dir, 'bert-a') });
  const bertAgain = await buildBuiltin('bert-base', { size: 'tiny' }, { dir: join(dir, 'bert-b') });
  assert.equal(sha256(bertAgain.path), sha256(bert.path));
});

test('cache file names carry the size, the options that shape the graph and the generator version', async () => {
  const built = await buildBuiltin('bert-base', { size: 'tiny', seq: 16 }, cache);
  assert.match(built.path, /bert-base-tiny-seq16-v\d+\.onnx$/);
  const session = await ort.InferenceSession.create(built.path);
  try {
    const out = await session.run(syntheticFeeds(findBuiltin('bert-base').plan({ size: 'tiny', seq: 16 }).inputs, 3));
    assert.deepEqual(out['last_hidden_state']?.dims, [3, 16, 64]);
  } finally {
    await session.release();
  }
});

test('resolveModelArgument builds builtin: arguments, passes paths through and rejects unknown names', async () => {
  const resolved = await resolveModelArgument('builtin:dlrm:tiny', cache);
  assert.equal(resolved, (await buildBuiltin('dlrm', { size: 'tiny' }, cache)).path);
  assert.match(await resolveModelArgument('builtin:mlp:tiny:width=32', cache), /mlp-tiny-width32-depth2-v\d+\.onnx$/);
  assert.equal(await resolveModelArgument('models/my model.onnx', cache), 'models/my model.onnx');
  assert.match(await resolveModelArgument(undefined, cache), new RegExp(`${DEFAULT_BUILTIN.slice('builtin:'.length)}-base-`));
  await assert.rejects(resolveModelArgument('builtin:gpt2', cache), (e: unknown) => {
    assert.ok(e instanceof EngineError && e.code === 'bad-input');
    assert.match(e.message, /'gpt2'.*resnet50, bert-base, vit-b16, dlrm, mlp/);
    return true;
  });
});
