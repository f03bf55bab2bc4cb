import { attr, type GraphBuilder } from '../electron/engine/model/graph-builder';
import { DataType } from '../electron/engine/model/onnx-proto';
import { ModelContext, normal } from './context';
import { gemm, layerNorm } from './layers';
import { intOption } from './options';
import { encoder, encoderMacs, encoderParams, type EncoderConfig } from './transformer';
import type { BuildOptions, BuiltinModel, ModelPlan } from './types';
import { TRANSFORMER_INIT_STD } from './weights';

export interface BertConfig {
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
  vocab: number;
  maxPositions: number;
  typeVocab: number;
  seq: number;
}

export const BERT_BASE: BertConfig = { layers: 12, hidden: 768, heads: 12, intermediate: 3072, vocab: 30522, maxPositions: 512, typeVocab: 2, seq: 128 };
export const BERT_TINY: BertConfig = { layers: 2, hidden: 64, heads: 2, intermediate: 256, vocab: 1000, maxPositions: 128, typeVocab: 2, seq: 32 };

const LAYER_NORM_EPSILON = 1e-12;
/** BERT's additive attention mask: masked positions get this added to their scores before the softmax. */
const MASKED_SCORE = -10000;

function encoderConfig(c: BertConfig): EncoderConfig {
  return { ...c, tokens: c.seq, layerNormEpsilon: LAYER_NORM_EPSILON, norm: 'post' };
}

export function bertCost(c: BertConfig): { params: number; macs: number } {
  const embeddings = (c.vocab + c.maxPositions + c.typeVocab) * c.hidden + 2 * c.hidden;
  const pooler = c.hidden * c.hidden + c.hidden;
  return { params: embeddings + encoderParams(encoderConfig(c)) + pooler, macs: encoderMacs(encoderConfig(c)) + c.hidden * c.hidden };
}

/**
 * [batch, seq] mask → [batch, 1, 1, seq] additive bias: (1 − mask)·−10000, broadcast over heads and queries.
 * The mask goes through bool first (any non-zero id attends), so random integer inputs give a 0/1 mask rather
 * than biases like +990000 that overflow FP16.
 */
function maskBias(m: ModelContext, mask: string): string {
  const keep = m.g.op('Cast', [m.g.op('Cast', [mask], { to: attr.int(DataType.BOOL) })], { to: attr.int(DataType.FLOAT) });
  const bias = m.g.op('Mul', [m.g.op('Sub', [m.scalar(1), keep]), m.scalar(MASKED_SCORE)]);
  return m.g.op('Unsqueeze', [bias, m.int64([1, 2])]);
}

function embeddings(m: ModelContext, ids: string, c: BertConfig): string {
  const init = normal(TRANSFORMER_INIT_STD);
  const words = m.g.op('Gather', [m.weight('embeddings.word_embeddings.weight', [c.vocab, c.hidden], init), ids]);
  const positionIds = m.int64(Array.from({ length: c.seq }, (_, i) => i), [1, c.seq]);
  const positions = m.g.op('Gather', [m.weight('embeddings.position_embeddings.weight', [c.maxPositions, c.hidden], init), positionIds]);
  // No token_type_ids input: every token is segment 0, as for single-sentence inputs.
  const typeIds = m.int64(new Array<number>(c.seq).fill(0), [1, c.seq]);
  const types = m.g.op('Gather', [m.weight('embeddings.token_type_embeddings.weight', [c.typeVocab, c.hidden], init), typeIds]);
  const sum = m.g.op('Add', [m.g.op('Add', [words, positions]), types]);
  return layerNorm(m, sum, c.hidden, 'embeddings.layernorm', LAYER_NORM_EPSILON);
}

export function buildBert(c: BertConfig, seed: number): GraphBuilder {
  const m = new ModelContext('bert', seed);
  const ids = m.g.input('input_ids', DataType.INT64, ['batch', c.seq]);
  const mask = m.g.input('attention_mask', DataType.INT64, ['batch', c.seq]);
  const hidden = encoder(m, embeddings(m, ids, c), encoderConfig(c), 'encoder', maskBias(m, mask), 'last_hidden_state');
  const cls = m.g.op('Gather', [hidden, m.int64([0], [])], { axis: attr.int(1) });
  const dense = gemm(m, cls, c.hidden, c.hidden, 'pooler.dense', normal(TRANSFORMER_INIT_STD));
  m.g.op('Tanh', [dense], undefined, 'pooler_output');
  m.g.output('last_hidden_state', DataType.FLOAT, ['batch', c.seq, c.hidden]);
  m.g.output('pooler_output', DataType.FLOAT, ['batch', c.hidden]);
  return m.g;
}

export const bertModel: BuiltinModel = {
  name: 'bert-base',
  description: 'BERT-base encoder (12 layers, hidden 768, 12 heads) with pooler; sequence length fixed at build time',
  options: ['seq'],
  plan(options: BuildOptions): ModelPlan {
    const preset = options.size === 'tiny' ? BERT_TINY : BERT_BASE;
    const seq = intOption(`bert-base (${options.size})`, 'seq', options.seq, preset.seq, 1, preset.maxPositions);
    const c = { ...preset, seq };
    const { params, macs } = bertCost(c);
    return {
      options: { seq },
      params,
      flopsPerSample: 2 * macs,
      inputs: [
        { name: 'input_ids', elemType: 'int64', shape: ['batch', seq], description: `token ids in [0, ${c.vocab - 1}]`, range: [0, c.vocab - 1] },
        { name: 'attention_mask', elemType: 'int64', shape: ['batch', seq], description: '1 (any non-zero) for tokens to attend to, 0 for padding', range: [0, 1] },
      ],
      outputs: [
        { name: 'last_hidden_state', elemType: 'float32', shape: ['batch', seq, c.hidden] },
        { name: 'pooler_output', elemType: 'float32', shape: ['batch', c.hidden] },
      ],
      build: (seed) => buildBert(c, seed),
    };
  },
};
