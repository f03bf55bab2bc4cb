import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import type { ModelInfo, TensorInfo } from '../../../electron/contract/model';
import { cacheBytesPerToken, detectDecoder } from '../../../electron/engine/generate/convention';
import { LLAMA_TINY, llamaPlan } from '../../../models/llama';
import { findBuiltin } from '../../../models/registry';
import { GENAI_CONFIG } from '../../fixtures/decoder-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'infermeter-convention-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Only what detection reads: the path (for genai_config.json) and the I/O. */
function info(inputs: TensorInfo[], outputs: TensorInfo[], path = join(dir, 'none', 'model.onnx')): ModelInfo {
  return { path, inputs, outputs } as unknown as ModelInfo;
}

const tiny = llamaPlan(LLAMA_TINY);

test('Optimum with position_ids and grouped-query attention: heads, head size, cache type and vocabulary from the shapes', () => {
  const d = detectDecoder(info(tiny.inputs, tiny.outputs));
  assert.equal(d.kind, 'decoder');
  if (d.kind !== 'decoder') return;
  assert.equal(d.io.convention, 'optimum');
  assert.equal(d.io.layers.length, 2);
  assert.deepEqual(d.io.layers[1], { pastKey: 'past_key_values.1.key', pastValue: 'past_key_values.1.value', presentKey: 'present.1.key', presentValue: 'present.1.value' });
  assert.equal(d.io.kvHeads, 2);
  assert.equal(d.io.headDim, 16);
  assert.equal(d.io.cacheType, 'float32');
  assert.equal(d.io.vocab, 256);
  assert.equal(d.io.positionIds, 'position_ids');
  // 2 layers × key and value × 2 heads × 16 × 4 bytes.
  assert.equal(cacheBytesPerToken(d.io), 512);
});

test('without position_ids, with an fp16 cache, and without any cache', () => {
  const noPositions = detectDecoder(info(tiny.inputs.filter((i) => i.name !== 'position_ids'), tiny.outputs));
  assert.equal(noPositions.kind === 'decoder' && noPositions.io.convention, 'optimum-no-position-ids');
  const half = (t: TensorInfo): TensorInfo => (t.name.includes('key') || t.name.includes('value') ? { ...t, elemType: 'float16' } : t);
  const fp16 = detectDecoder(info(tiny.inputs.map(half), tiny.outputs.map(half)));
  assert.ok(fp16.kind === 'decoder');
  assert.equal(fp16.io.cacheType, 'float16');
  assert.equal(cacheBytesPerToken(fp16.io), 256);
  const none = detectDecoder(info(tiny.inputs.slice(0, 3), tiny.outputs.slice(0, 1)));
  assert.ok(none.kind === 'decoder');
  assert.equal(none.io.convention, 'no-cache');
  assert.equal(cacheBytesPerToken(none.io), null);
});

test('what cannot be mapped is said by name: an extra input, a missing present output, symbolic heads', () => {
  const merged = detectDecoder(info([...tiny.inputs, { name: 'use_cache_branch', elemType: 'bool', shape: [1] }], tiny.outputs));
  assert.equal(merged.kind, 'unmapped');
  assert.match(merged.kind === 'unmapped' ? merged.reason : '', /model\.onnx: cannot run as a decoder: input 'use_cache_branch' is none of input_ids, attention_mask, position_ids or the cache/);
  const noPresent = detectDecoder(info(tiny.inputs, tiny.outputs.filter((o) => o.name !== 'present.1.value')));
  assert.match(noPresent.kind === 'unmapped' ? noPresent.reason : '', /output 'present\.1\.value' is missing: the cache of layer 1 cannot be fed back/);
  const symbolic = tiny.inputs.map((t) => (t.name.startsWith('past') ? { ...t, shape: ['batch', 'heads', 'past', 'size'] } : t));
  assert.match((detectDecoder(info(symbolic, tiny.outputs)) as { reason: string }).reason, /symbolic heads or head size .* no genai_config\.json gives them/);
});

test('a model that is no decoder says so (no input_ids, no logits)', () => {
  const mlp = findBuiltin('mlp').plan({ size: 'tiny' });
  const d = detectDecoder(info(mlp.inputs, mlp.outputs));
  assert.equal(d.kind, 'not-decoder');
  assert.match(d.kind === 'not-decoder' ? d.reason : '', /has no 'input_ids' input and no 'logits' output/);
});

test("onnxruntime-genai: genai_config.json beside the model names the cache; a broken config is one clear line", () => {
  const folder = join(dir, 'genai');
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'genai_config.json'), JSON.stringify(GENAI_CONFIG));
  const rename = (t: TensorInfo): TensorInfo => ({ ...t, name: t.name.replace(/^past_key_values\.(\d+)\.(key|value)$/, 'past_$2_$1').replace(/^present\.(\d+)\.(key|value)$/, 'present_$2_$1') });
  const d = detectDecoder(info(tiny.inputs.map(rename), tiny.outputs.map(rename), join(folder, 'model.onnx')));
  assert.ok(d.kind === 'decoder');
  assert.equal(d.io.convention, 'genai');
  assert.equal(d.io.layers[0]?.pastKey, 'past_key_0');
  assert.equal(d.io.layers[1]?.presentValue, 'present_value_1');
  writeFileSync(join(folder, 'genai_config.json'), '{"model": {"decoder": {"inputs": {}, "outputs": {}}}}');
  assert.throws(() => detectDecoder(info(tiny.inputs, tiny.outputs, join(folder, 'model.onnx'))), /genai_config\.json: model\.decoder\.inputs\.past_key_names, .* missing or without %d/);
});
