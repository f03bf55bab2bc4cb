import { buildLlama, type CacheNames } from './llama-graph';
import type { BuildOptions, BuiltinModel, InputSpec, ModelPlan } from './types';
import type { TensorInfo } from '../electron/contract/model';

export interface LlamaConfig {
  layers: number;
  hidden: number;
  heads: number;
  /** Key/value heads: fewer than `heads` is grouped-query attention, equal is multi-head. */
  kvHeads: number;
  intermediate: number;
  vocab: number;
  ropeTheta: number;
  rmsEpsilon: number;
}

/**
 * SmolLM-135M's shape (Hugging Face's Llama-architecture small model: 30 layers, hidden 576, 9 query and 3 key/value
 * heads of 64, SwiGLU 1536, vocabulary 49152), with an untied output head so that its MatMul is quantised like the
 * others: 163 M parameters, 652 MB at FP32.
 */
export const LLAMA_BASE: LlamaConfig = { layers: 30, hidden: 576, heads: 9, kvHeads: 3, intermediate: 1536, vocab: 49152, ropeTheta: 10000, rmsEpsilon: 1e-5 };
export const LLAMA_TINY: LlamaConfig = { layers: 2, hidden: 64, heads: 4, kvHeads: 2, intermediate: 128, vocab: 256, ropeTheta: 10000, rmsEpsilon: 1e-5 };

/** How a test fixture departs from the built-in's Optimum layout. */
export interface LlamaVariant {
  /** Declare position_ids (Optimum's decoders since transformers 4.35); false: positions follow the cache. */
  positionIds?: boolean;
  cacheType?: 'float32' | 'float16';
  names?: CacheNames;
  /** false: no past_key_values inputs or present outputs (every step runs the whole sequence). */
  cache?: boolean;
}

export function llamaHeadDim(c: LlamaConfig): number {
  return c.hidden / c.heads;
}

/** Parameters by role: the embedding table is read by Gather (no FLOPs); every other weight but the norms is a MatMul's. */
export function llamaParams(c: LlamaConfig): { total: number; embedding: number; matmul: number; norms: number } {
  const d = llamaHeadDim(c);
  const attention = c.hidden * c.heads * d + 2 * c.hidden * c.kvHeads * d + c.heads * d * c.hidden;
  const mlp = 3 * c.hidden * c.intermediate;
  const matmul = c.layers * (attention + mlp) + c.hidden * c.vocab;
  const norms = c.layers * 2 * c.hidden + c.hidden;
  const embedding = c.vocab * c.hidden;
  return { total: embedding + matmul + norms, embedding, matmul, norms };
}

/**
 * FLOPs to process one token that attends to `context` positions (itself included): 2 per MatMul weight, plus
 * Q·Kᵀ and P·V, 2·2·heads·headDim·context per layer. Norms, rotary and softmax (a few FLOPs per element) are left out.
 */
export function llamaFlopsPerToken(c: LlamaConfig, context: number): number {
  return 2 * llamaParams(c).matmul + c.layers * 4 * c.heads * llamaHeadDim(c) * context;
}

function llamaIo(c: LlamaConfig): { inputs: InputSpec[]; outputs: TensorInfo[] } {
  const d = llamaHeadDim(c);
  const inputs: InputSpec[] = [
    { name: 'input_ids', elemType: 'int64', shape: ['batch', 'sequence_length'], description: `token ids in [0, ${c.vocab - 1}]`, range: [0, c.vocab - 1] },
    { name: 'attention_mask', elemType: 'int64', shape: ['batch', 'total_sequence_length'], description: '1 for every cached and new token to attend to, 0 for padding', range: [0, 1] },
    { name: 'position_ids', elemType: 'int64', shape: ['batch', 'sequence_length'], description: 'absolute position of each new token', range: [0, 1 << 20] },
  ];
  const outputs: TensorInfo[] = [{ name: 'logits', elemType: 'float32', shape: ['batch', 'sequence_length', c.vocab] }];
  for (let i = 0; i < c.layers; i++) {
    for (const part of ['key', 'value']) {
      inputs.push({ name: `past_key_values.${i}.${part}`, elemType: 'float32', shape: ['batch', c.kvHeads, 'past_sequence_length', d], description: `layer ${i}'s cached ${part}s` });
      outputs.push({ name: `present.${i}.${part}`, elemType: 'float32', shape: ['batch', c.kvHeads, 'total_sequence_length', d] });
    }
  }
  return { inputs, outputs };
}

/** The plan of any Llama configuration (test fixtures use other head counts, cache types and names). */
export function llamaPlan(c: LlamaConfig, variant: LlamaVariant = {}): ModelPlan {
  const { inputs, outputs } = llamaIo(c);
  return {
    options: {},
    params: llamaParams(c).total,
    // Per generated token at the first position (context 1): the figure a sample means for a decoder.
    flopsPerSample: llamaFlopsPerToken(c, 1),
    inputs,
    outputs,
    decoder: { layers: c.layers, kvHeads: c.kvHeads, headDim: llamaHeadDim(c), vocab: c.vocab },
    build: (seed) => buildLlama(c, seed, variant),
  };
}

export const llamaModel: BuiltinModel = {
  name: 'llama',
  description: 'Llama-style decoder with a KV cache in the Optimum layout (RMSNorm, rotary positions, SwiGLU, grouped-query attention; base: SmolLM-135M\'s shape, untied head, 163 M parameters); measured by generation',
  options: [],
  plan(options: BuildOptions): ModelPlan {
    return llamaPlan(options.size === 'tiny' ? LLAMA_TINY : LLAMA_BASE);
  },
};
