// The full-size models: built once into one temporary cache (about 6 s, 1.1 GB), then inspected and run.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { inspectModel } from '../../../electron/engine/model/inspect-model';
import { buildBuiltin, type BuildResult } from '../../../models/catalog';
import { BUILTIN_MODELS, findBuiltin } from '../../../models/registry';
import { outputStats, syntheticFeeds } from './model-io';

const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
const cache = { dir };
const built = new Map<string, BuildResult>();

// Decoders take token ids and their own cache: test/integration/generate runs them by generation.
const BATCH_MODELS = BUILTIN_MODELS.filter((m) => m.plan({ size: 'tiny' }).decoder === undefined);

before(async () => {
  for (const model of BATCH_MODELS) built.set(model.name, await buildBuiltin(model.name, { size: 'base' }, cache));
});
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string): string {
  const result = built.get(name);
  assert.ok(result, `${name} was not built`);
  return result.path;
}

/**
 * Published figures (a multiply-add is 2 FLOPs in our estimate):
 * - resnet50: 25.557 M parameters, 4.09 G multiply-adds (torchvision's ResNet50_Weights.IMAGENET1K_V2 card);
 * - bert-base at sequence 128: 110 M parameters (Devlin et al.; 109.48 M with pooler in Hugging Face's count),
 *   11.2 G multiply-adds (12 layers x 128 tokens x (4·768² + 2·768·3072) + attention 12 x 2·128²·768);
 * - vit-b16: 86.6 M parameters, 17.6 G multiply-adds (Dosovitskiy et al.; timm's vit_base_patch16_224 card).
 */
const PUBLISHED: Record<string, { params: number; macs: number }> = {
  resnet50: { params: 25.557e6, macs: 4.09e9 },
  'bert-base': { params: 110e6, macs: 11.2e9 },
  'vit-b16': { params: 86.6e6, macs: 17.6e9 },
};
const TOLERANCE = 0.05;

for (const [name, published] of Object.entries(PUBLISHED)) {
  test(`the inspector's figures for ${name} match the published ones within 5%`, async () => {
    const info = await inspectModel(file(name));
    const params = info.parameterCount;
    const flops = info.cost.flopsPerSample;
    assert.ok(Math.abs(params / published.params - 1) <= TOLERANCE, `parameters: inspector ${params}, published ${published.params}`);
    assert.ok(Math.abs(flops / (2 * published.macs) - 1) <= TOLERANCE, `FLOPs/sample: inspector ${flops}, published 2 x ${published.macs}`);
    assert.deepEqual(info.cost.unestimatedOps, []);
    assert.equal(info.batch.kind, 'symbolic');
    assert.equal(info.batch.dimName, 'batch');
    assert.deepEqual(info.warnings, []);
  });
}

for (const model of BATCH_MODELS) {
  test(`${model.name} base runs on the CPU provider at batch 1 and 4 with the expected output shapes`, async () => {
    const plan = findBuiltin(model.name).plan({ size: 'base' });
    const session = await ort.InferenceSession.create(file(model.name), { executionProviders: ['cpu'] });
    try {
      for (const batch of [1, 4]) {
        const out = await session.run(syntheticFeeds(plan.inputs, batch));
        for (const o of plan.outputs) {
          const tensor = out[o.name];
          assert.ok(tensor, `${o.name} missing`);
          assert.deepEqual(tensor.dims, o.shape.map((d) => (typeof d === 'number' ? d : batch)), `${o.name} at batch ${batch}`);
          const s = outputStats(tensor);
          assert.ok(s.finite, `${o.name} at batch ${batch}: non-finite values`);
          if (tensor.size > 1) assert.ok(s.std > 1e-3, `${o.name} at batch ${batch}: nearly constant (std ${s.std})`);
          if (batch > 1) assert.ok(s.batchSpread > 1e-4, `${o.name}: identical across the batch`);
        }
      }
    } finally {
      await session.release();
    }
  });
}

test('a second build of a base model is a cache hit', async () => {
  const again = await buildBuiltin('bert-base', { size: 'base' }, cache);
  assert.equal(again.cached, true);
  assert.equal(again.path, file('bert-base'));
  assert.ok(again.buildMs < 100, `finding the cached file took ${again.buildMs} ms`);
});
