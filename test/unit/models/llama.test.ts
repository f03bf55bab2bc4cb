import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estimateCost } from '../../../electron/engine/model/cost-estimate';
import { LLAMA_BASE, LLAMA_TINY, llamaFlopsPerToken, llamaParams, llamaPlan, type LlamaConfig } from '../../../models/llama';
import { findBuiltin } from '../../../models/registry';

/** The graph's FLOPs for one new token after `context − 1` cached ones, by the inspector's own estimator. */
function graphFlopsPerToken(c: LlamaConfig, context: number): number {
  const plan = llamaPlan(c);
  const model = plan.build(1).model({ opset: 17 });
  const batch = { kind: 'symbolic' as const, dimName: 'batch', inputs: plan.inputs.map((i) => i.name), reason: '' };
  const cost = estimateCost(model, batch, { dims: { sequence_length: 1, past_sequence_length: context - 1, total_sequence_length: context } });
  assert.deepEqual(cost.unestimatedOps, []);
  return cost.flopsPerSample;
}

test('llama base has SmolLM-135M\'s shape with an untied head: 134.5 M + 28.3 M parameters', () => {
  const p = llamaParams(LLAMA_BASE);
  // SmolLM-135M (tied): 134,515,008 parameters; the untied head adds vocab × hidden.
  assert.equal(p.total, 134_515_008 + LLAMA_BASE.vocab * LLAMA_BASE.hidden);
  assert.equal(findBuiltin('llama').plan({ size: 'base' }).params, p.total);
  assert.ok(p.total > 100e6 && p.total < 350e6);
  assert.equal(LLAMA_BASE.heads % LLAMA_BASE.kvHeads, 0);
  assert.ok(LLAMA_BASE.kvHeads < LLAMA_BASE.heads, 'grouped-query attention');
});

test('FLOPs per token of the base graph match 2·params + 4·layers·heads·headDim·context within 1%', () => {
  for (const context of [1, 512]) {
    const graph = graphFlopsPerToken(LLAMA_BASE, context);
    const formula = llamaFlopsPerToken(LLAMA_BASE, context);
    // The formula leaves out norms, rotary and softmax (a few FLOPs per element): the graph counts slightly more.
    assert.ok(graph >= formula && graph / formula - 1 < 0.01, `context ${context}: graph ${graph}, formula ${formula}`);
  }
  // The attention term grows linearly with the context.
  const slope = (graphFlopsPerToken(LLAMA_TINY, 65) - graphFlopsPerToken(LLAMA_TINY, 1)) / 64;
  const perPosition = 4 * LLAMA_TINY.layers * LLAMA_TINY.hidden;
  assert.ok(slope >= perPosition && slope < 1.5 * perPosition, `slope ${slope} vs ${perPosition} per position`);
});

test('the plan declares Optimum\'s decoder I/O and the decoder facts the engine needs', () => {
  const plan = findBuiltin('llama').plan({ size: 'tiny' });
  assert.deepEqual(plan.inputs.slice(0, 5).map((i) => i.name), ['input_ids', 'attention_mask', 'position_ids', 'past_key_values.0.key', 'past_key_values.0.value']);
  assert.deepEqual(plan.outputs.slice(0, 3).map((o) => o.name), ['logits', 'present.0.key', 'present.0.value']);
  assert.deepEqual(plan.decoder, { layers: 2, kvHeads: 2, headDim: 16, vocab: 256 });
  const g = plan.build(3);
  assert.deepEqual(g.inputs.map((i) => i.name), plan.inputs.map((i) => i.name));
  assert.deepEqual(g.outputs.map((o) => o.name), plan.outputs.map((o) => o.name));
});
