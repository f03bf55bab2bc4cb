// The decode loop against a reference computed without the cache: at every step, the cached run's last-position
// logits must equal those of one run over the whole sequence so far (prompt + tokens generated), for each convention.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { detectDecoder } from '../../../electron/engine/generate/convention';
import { argmaxRows, generate } from '../../../electron/engine/generate/decode-loop';
import { syntheticPrompts } from '../../../electron/engine/generate/prompts';
import { inspectModel } from '../../../electron/engine/model/inspect-model';
import { DECODER_FIXTURES, writeDecoderFixture } from '../../fixtures/decoder-fixtures';

const dir = mkdtempSync(join(tmpdir(), 'infermeter-decode-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const BATCH = 2;
const PROMPT = 6;
const GEN = 6;

for (const fixture of DECODER_FIXTURES) {
  test(`${fixture.name}: detected as ${fixture.convention}; every step's logits equal a full-sequence run's without the cache`, async () => {
    const file = writeDecoderFixture(dir, fixture);
    const detected = detectDecoder(await inspectModel(file));
    assert.equal(detected.kind, 'decoder', detected.kind === 'decoder' ? '' : detected.reason);
    if (detected.kind !== 'decoder') return;
    const io = detected.io;
    assert.equal(io.convention, fixture.convention);
    assert.equal(io.layers.length, fixture.variant.cache === false ? 0 : fixture.config.layers);
    if (io.layers.length > 0) assert.equal(io.kvHeads, fixture.config.kvHeads);
    assert.equal(io.cacheType, fixture.variant.cacheType ?? 'float32');
    const session = await ort.InferenceSession.create(file, { executionProviders: ['cpu'] });
    try {
      const prompts = syntheticPrompts(5, BATCH, PROMPT, fixture.config.vocab);
      const run = await generate({ session, io, prompts, genTokens: GEN, keepLogits: true });
      assert.equal(run.itlMs.length, GEN - 1);
      assert.ok(run.ttftMs > 0 && run.itlMs.every((ms) => ms > 0));
      assert.deepEqual(run.tokens.map((t) => t.length), [GEN, GEN]);
      let worst = 0;
      for (let step = 0; step < GEN; step++) {
        const sequences = prompts.map((p, b) => [...p, ...(run.tokens[b] as number[]).slice(0, step)]);
        // One prefill over the whole sequence, with an empty cache: the reference.
        const reference = await generate({ session, io, prompts: sequences, genTokens: 1, keepLogits: true });
        const want = reference.logits[0] as Float32Array;
        const got = run.logits[step] as Float32Array;
        assert.equal(got.length, BATCH * fixture.config.vocab);
        for (let i = 0; i < want.length; i++) worst = Math.max(worst, Math.abs((want[i] as number) - (got[i] as number)));
        if (fixture.tolerance < 1e-3) assert.deepEqual(argmaxRows(want, BATCH), run.tokens.map((t) => t[step]), `greedy tokens at step ${step}`);
      }
      assert.ok(worst <= fixture.tolerance, `largest logit difference ${worst} over ${GEN} steps (tolerance ${fixture.tolerance})`);
      // Sequences of the batch are generated independently: different prompts give different logits.
      const last = run.logits[GEN - 1] as Float32Array;
      assert.notDeepEqual(last.subarray(0, fixture.config.vocab), last.subarray(fixture.config.vocab));
    } finally {
      await session.release();
    }
  });
}

test('teacher forcing feeds the given tokens, whatever the model would choose', async () => {
  const fixture = DECODER_FIXTURES[0] as (typeof DECODER_FIXTURES)[number];
  const file = writeDecoderFixture(dir, fixture, 11);
  const detected = detectDecoder(await inspectModel(file));
  assert.ok(detected.kind === 'decoder');
  const session = await ort.InferenceSession.create(file, { executionProviders: ['cpu'] });
  try {
    const forced = [[1, 2, 3], [4, 5, 6]];
    const run = await generate({ session, io: detected.io, prompts: syntheticPrompts(1, 2, 4, fixture.config.vocab), genTokens: 3, forced });
    assert.deepEqual(run.tokens, forced);
  } finally {
    await session.release();
  }
});
