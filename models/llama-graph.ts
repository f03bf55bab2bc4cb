// The Llama-style decoder's graph in Hugging Face Optimum's I/O convention: input_ids, attention_mask, position_ids,
// past_key_values.{i}.key|value → logits, present.{i}.key|value. Pre-norm RMSNorm, rotary positions on q and k,
// grouped-query attention (q heads grouped over the kv heads by MatMul broadcasting, no repeat of k/v), SwiGLU MLP.
import { attr, type GraphBuilder } from '../electron/engine/model/graph-builder';
import { DataType } from '../electron/engine/model/onnx-proto';
import { ModelContext, normal } from './context';
import type { LlamaConfig, LlamaVariant } from './llama';
import { TRANSFORMER_INIT_STD } from './weights';

const init = normal(TRANSFORMER_INIT_STD);
const NORM_GAIN_STD = 0.05;
/** Added to the scores of masked positions (future tokens, padding) before the softmax. */
export const MASKED_SCORE = -10000;

const headDim = (c: LlamaConfig): number => c.hidden / c.heads;

/** The names of one layer's cache tensors; Optimum's by default, another exporter's for the test fixtures. */
export interface CacheNames {
  pastKey(layer: number): string;
  pastValue(layer: number): string;
  presentKey(layer: number): string;
  presentValue(layer: number): string;
}

export const OPTIMUM_CACHE_NAMES: CacheNames = {
  pastKey: (i) => `past_key_values.${i}.key`,
  pastValue: (i) => `past_key_values.${i}.value`,
  presentKey: (i) => `present.${i}.key`,
  presentValue: (i) => `present.${i}.value`,
};

/** x / sqrt(mean(x²) + ε) · g over the last axis (opset 17 has no RMSNormalization). */
function rmsNorm(m: ModelContext, x: string, c: LlamaConfig, prefix: string): string {
  const gain = m.weight(`${prefix}.weight`, [c.hidden], normal(NORM_GAIN_STD, 1));
  const meanSquare = m.g.op('ReduceMean', [m.g.op('Mul', [x, x])], { axes: attr.ints([-1]), keepdims: attr.int(1) });
  const rms = m.g.op('Sqrt', [m.g.op('Add', [meanSquare, m.scalar(c.rmsEpsilon)])]);
  return m.g.op('Mul', [m.g.op('Div', [x, rms]), gain]);
}

function matmul(m: ModelContext, x: string, inDim: number, outDim: number, name: string): string {
  return m.g.op('MatMul', [x, m.weight(`${name}.weight`, [inDim, outDim], init)]);
}

/** A float constant node (not an initializer: it is no parameter). */
function floatConstant(m: ModelContext, name: string, values: number[]): string {
  const tensor = { name, dataType: DataType.FLOAT, dims: [values.length], floatData: values };
  return m.g.op('Constant', [], { value: attr.tensor(tensor) }, name);
}

interface Rotary {
  cos: string;
  sin: string;
}

/** cos and sin of position·θ^(−2j/d), [batch, seq, headDim] (the two halves repeat, as rotate_half expects). */
function rotaryTables(m: ModelContext, positions: string, c: LlamaConfig): Rotary {
  const half = headDim(c) / 2;
  const invFreq = floatConstant(m, 'rotary.inv_freq', Array.from({ length: half }, (_, j) => c.ropeTheta ** (-(2 * j) / headDim(c))));
  const pos = m.g.op('Unsqueeze', [m.g.op('Cast', [positions], { to: attr.int(DataType.FLOAT) }), m.int64([-1])]);
  const freqs = m.g.op('Mul', [pos, invFreq]);
  const angles = m.g.op('Concat', [freqs, freqs], { axis: attr.int(-1) });
  return { cos: m.g.op('Cos', [angles]), sin: m.g.op('Sin', [angles]) };
}

/** x·cos + rotate_half(x)·sin, rotate_half(x) = [−x₂, x₁]; cos/sin already broadcast to x's rank. */
function applyRotary(m: ModelContext, x: string, cos: string, sin: string, c: LlamaConfig): string {
  const half = headDim(c) / 2;
  const [x1, x2] = m.g.node('Split', [x, m.int64([half, half])], { outputs: 2, attrs: { axis: attr.int(-1) } }) as [string, string];
  const rotated = m.g.op('Concat', [m.g.op('Neg', [x2]), x1], { axis: attr.int(-1) });
  return m.g.op('Add', [m.g.op('Mul', [x, cos]), m.g.op('Mul', [rotated, sin])]);
}

/** [1] int64 holding dim `axis` of x. */
function dimOf(m: ModelContext, x: string, axis: number): string {
  return m.g.op('Shape', [x], { start: attr.int(axis), end: attr.int(axis + 1) });
}

/**
 * Additive attention bias [batch, 1, 1, seq, total]: 0 where query i (absolute position total − seq + i) may see key
 * j (j ≤ its position and attention_mask[j] = 1), MASKED_SCORE elsewhere.
 */
function attentionBias(m: ModelContext, inputIds: string, attentionMask: string): { bias: string; firstPosition: string; total: string } {
  const seq = m.g.op('Squeeze', [dimOf(m, inputIds, 1), m.int64([0])]);
  const total = m.g.op('Squeeze', [dimOf(m, attentionMask, 1), m.int64([0])]);
  const firstPosition = m.g.op('Sub', [total, seq]);
  const one = m.int64([1], []);
  const keyPositions = m.g.op('Unsqueeze', [m.g.op('Range', [m.int64([0], []), total, one]), m.int64([0])]);
  const queryPositions = m.g.op('Unsqueeze', [m.g.op('Range', [firstPosition, total, one]), m.int64([1])]);
  const causal = m.g.op('LessOrEqual', [keyPositions, queryPositions]);
  const padding = m.g.op('Unsqueeze', [m.g.op('Cast', [attentionMask], { to: attr.int(DataType.BOOL) }), m.int64([1, 2, 3])]);
  const bias = m.g.op('Where', [m.g.op('And', [causal, padding]), m.scalar(0), m.scalar(MASKED_SCORE)]);
  return { bias, firstPosition, total };
}

interface LayerIo {
  /** False: no cache inputs or outputs (a model exported without past_key_values). */
  cache: boolean;
  rotary: Rotary;
  bias: string;
  names: CacheNames;
  cacheType: number;
}

/** A cache input of the declared type, as float32 for the computation. */
function pastInput(m: ModelContext, name: string, c: LlamaConfig, cacheType: number): string {
  m.g.input(name, cacheType, ['batch', c.kvHeads, 'past_sequence_length', headDim(c)]);
  return cacheType === DataType.FLOAT ? name : m.g.op('Cast', [name], { to: attr.int(DataType.FLOAT) });
}

/** The present output: the concatenated cache, cast back to the cache type where that is not float32. */
function presentOutput(m: ModelContext, past: string, current: string, name: string, c: LlamaConfig, cacheType: number): string {
  m.g.output(name, cacheType, ['batch', c.kvHeads, 'total_sequence_length', headDim(c)]);
  if (cacheType === DataType.FLOAT) return m.g.op('Concat', [past, current], { axis: attr.int(2) }, name);
  const all = m.g.op('Concat', [past, current], { axis: attr.int(2) });
  m.g.op('Cast', [all], { to: attr.int(cacheType) }, name);
  return all;
}

function attention(m: ModelContext, h: string, c: LlamaConfig, i: number, io: LayerIo): string {
  const d = headDim(c);
  const group = c.heads / c.kvHeads;
  const prefix = `layers.${i}.self_attn`;
  // q: [b, s, heads·d] → [b, kvHeads, group, s, d]; k, v: [b, s, kvHeads·d] → [b, kvHeads, s, d].
  const q5 = m.g.op('Reshape', [matmul(m, h, c.hidden, c.heads * d, `${prefix}.q_proj`), m.int64([0, 0, c.kvHeads, group, d])]);
  const q = m.g.op('Transpose', [q5], { perm: attr.ints([0, 2, 3, 1, 4]) });
  const kvShape = m.int64([0, 0, c.kvHeads, d]);
  const k = m.g.op('Transpose', [m.g.op('Reshape', [matmul(m, h, c.hidden, c.kvHeads * d, `${prefix}.k_proj`), kvShape])], { perm: attr.ints([0, 2, 1, 3]) });
  const v = m.g.op('Transpose', [m.g.op('Reshape', [matmul(m, h, c.hidden, c.kvHeads * d, `${prefix}.v_proj`), kvShape])], { perm: attr.ints([0, 2, 1, 3]) });
  const cosQ = m.g.op('Unsqueeze', [io.rotary.cos, m.int64([1, 2])]);
  const sinQ = m.g.op('Unsqueeze', [io.rotary.sin, m.int64([1, 2])]);
  const cosK = m.g.op('Unsqueeze', [io.rotary.cos, m.int64([1])]);
  const sinK = m.g.op('Unsqueeze', [io.rotary.sin, m.int64([1])]);
  const qRot = applyRotary(m, q, cosQ, sinQ, c);
  const kRot = applyRotary(m, k, cosK, sinK, c);
  const keys = io.cache ? presentOutput(m, pastInput(m, io.names.pastKey(i), c, io.cacheType), kRot, io.names.presentKey(i), c, io.cacheType) : kRot;
  const values = io.cache ? presentOutput(m, pastInput(m, io.names.pastValue(i), c, io.cacheType), v, io.names.presentValue(i), c, io.cacheType) : v;
  // [b, kv, 1, d, total] and [b, kv, 1, total, d]: MatMul broadcasts them over the group axis.
  const keysT = m.g.op('Unsqueeze', [m.g.op('Transpose', [keys], { perm: attr.ints([0, 1, 3, 2]) }), m.int64([2])]);
  const scores = m.g.op('Add', [m.g.op('Mul', [m.g.op('MatMul', [qRot, keysT]), m.scalar(1 / Math.sqrt(d))]), io.bias]);
  const probs = m.g.op('Softmax', [scores], { axis: attr.int(-1) });
  const context = m.g.op('MatMul', [probs, m.g.op('Unsqueeze', [values, m.int64([2])])]);
  const merged = m.g.op('Reshape', [m.g.op('Transpose', [context], { perm: attr.ints([0, 3, 1, 2, 4]) }), m.int64([0, 0, c.heads * d])]);
  return matmul(m, merged, c.heads * d, c.hidden, `${prefix}.o_proj`);
}

/** SwiGLU: down(silu(gate(x)) · up(x)). */
function mlp(m: ModelContext, h: string, c: LlamaConfig, i: number): string {
  const gate = matmul(m, h, c.hidden, c.intermediate, `layers.${i}.mlp.gate_proj`);
  const up = matmul(m, h, c.hidden, c.intermediate, `layers.${i}.mlp.up_proj`);
  const silu = m.g.op('Mul', [gate, m.g.op('Sigmoid', [gate])]);
  return matmul(m, m.g.op('Mul', [silu, up]), c.intermediate, c.hidden, `layers.${i}.mlp.down_proj`);
}

export function buildLlama(c: LlamaConfig, seed: number, variant: LlamaVariant = {}): GraphBuilder {
  const names = variant.names ?? OPTIMUM_CACHE_NAMES;
  const cacheType = variant.cacheType === 'float16' ? DataType.FLOAT16 : DataType.FLOAT;
  const withPositionIds = variant.positionIds ?? true;
  const m = new ModelContext('llama', seed);
  const inputIds = m.g.input('input_ids', DataType.INT64, ['batch', 'sequence_length']);
  const attentionMask = m.g.input('attention_mask', DataType.INT64, ['batch', 'total_sequence_length']);
  const { bias, firstPosition, total } = attentionBias(m, inputIds, attentionMask);
  // Without position_ids, positions follow the cache: total − seq … total − 1 (no left padding).
  const positions = withPositionIds
    ? m.g.input('position_ids', DataType.INT64, ['batch', 'sequence_length'])
    : m.g.op('Unsqueeze', [m.g.op('Range', [firstPosition, total, m.int64([1], [])]), m.int64([0])]);
  const rotary = rotaryTables(m, positions, c);
  let x = m.g.op('Gather', [m.weight('embed_tokens.weight', [c.vocab, c.hidden], init), inputIds]);
  for (let i = 0; i < c.layers; i++) {
    const io: LayerIo = { cache: variant.cache ?? true, rotary, bias, names, cacheType };
    x = m.g.op('Add', [x, attention(m, rmsNorm(m, x, c, `layers.${i}.input_layernorm`), c, i, io)]);
    x = m.g.op('Add', [x, mlp(m, rmsNorm(m, x, c, `layers.${i}.post_attention_layernorm`), c, i)]);
  }
  const logits = m.g.op('MatMul', [rmsNorm(m, x, c, 'norm'), m.weight('lm_head.weight', [c.hidden, c.vocab], init)], undefined, 'logits');
  // Outputs in Optimum's order: logits first, then each layer's present key and value.
  const presents = m.g.outputs.splice(0);
  m.g.output(logits, DataType.FLOAT, ['batch', 'sequence_length', c.vocab]);
  m.g.outputs.push(...presents);
  return m.g;
}
