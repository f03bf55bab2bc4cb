import { attr } from '../electron/engine/model/graph-builder';
import { normal, type ModelContext } from './context';
import { gelu, layerNorm, linear } from './layers';
import { TRANSFORMER_INIT_STD } from './weights';

/** The shape of one transformer encoder, shared by BERT (post-LN) and ViT (pre-LN). */
export interface EncoderConfig {
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
  /** Tokens per sample: fixed at build time, so Reshape targets are constants with a copied (0) batch dim. */
  tokens: number;
  layerNormEpsilon: number;
  /** 'post': x = LN(x + f(x)) as in BERT; 'pre': x = x + f(LN(x)) as in ViT. */
  norm: 'post' | 'pre';
}

const init = normal(TRANSFORMER_INIT_STD);

/** [batch, tokens, hidden] → [batch, heads, tokens, headDim] (or [batch, heads, headDim, tokens] when `transposed`). */
function splitHeads(m: ModelContext, x: string, c: EncoderConfig, transposed: boolean): string {
  const shaped = m.g.op('Reshape', [x, m.int64([0, c.tokens, c.heads, c.hidden / c.heads])]);
  return m.g.op('Transpose', [shaped], { perm: attr.ints(transposed ? [0, 2, 3, 1] : [0, 2, 1, 3]) });
}

/**
 * Multi-head self-attention: softmax(Q·Kᵀ/√d + maskBias)·V, heads merged, output projection.
 * `maskBias` is [batch, 1, 1, tokens], 0 where attended and -10000 where masked (BERT's additive mask).
 */
export function selfAttention(m: ModelContext, x: string, c: EncoderConfig, prefix: string, maskBias?: string): string {
  const q = splitHeads(m, linear(m, x, c.hidden, c.hidden, `${prefix}.query`, init), c, false);
  const k = splitHeads(m, linear(m, x, c.hidden, c.hidden, `${prefix}.key`, init), c, true);
  const v = splitHeads(m, linear(m, x, c.hidden, c.hidden, `${prefix}.value`, init), c, false);
  let scores = m.g.op('Div', [m.g.op('MatMul', [q, k]), m.scalar(Math.sqrt(c.hidden / c.heads))]);
  if (maskBias !== undefined) scores = m.g.op('Add', [scores, maskBias]);
  const probs = m.g.op('Softmax', [scores], { axis: attr.int(-1) });
  const context = m.g.op('Transpose', [m.g.op('MatMul', [probs, v])], { perm: attr.ints([0, 2, 1, 3]) });
  const merged = m.g.op('Reshape', [context, m.int64([0, c.tokens, c.hidden])]);
  return linear(m, merged, c.hidden, c.hidden, `${prefix}.output`, init);
}

function feedForward(m: ModelContext, x: string, c: EncoderConfig, prefix: string): string {
  const hidden = gelu(m, linear(m, x, c.hidden, c.intermediate, `${prefix}.intermediate`, init));
  return linear(m, hidden, c.intermediate, c.hidden, `${prefix}.output`, init);
}

/** One encoder layer. */
/** One encoder layer; `output` names its result (a graph output), else a fresh name. */
export function encoderLayer(m: ModelContext, x: string, c: EncoderConfig, prefix: string, maskBias?: string, output?: string): string {
  const eps = c.layerNormEpsilon;
  if (c.norm === 'post') {
    const attended = selfAttention(m, x, c, `${prefix}.attention`, maskBias);
    const a = layerNorm(m, m.g.op('Add', [x, attended]), c.hidden, `${prefix}.attention.layernorm`, eps);
    const f = feedForward(m, a, c, `${prefix}.ffn`);
    return layerNorm(m, m.g.op('Add', [a, f]), c.hidden, `${prefix}.output.layernorm`, eps, output);
  }
  const attended = selfAttention(m, layerNorm(m, x, c.hidden, `${prefix}.norm1`, eps), c, `${prefix}.attention`, maskBias);
  const a = m.g.op('Add', [x, attended]);
  const f = feedForward(m, layerNorm(m, a, c.hidden, `${prefix}.norm2`, eps), c, `${prefix}.mlp`);
  return m.g.op('Add', [a, f], undefined, output);
}

export function encoder(m: ModelContext, x: string, c: EncoderConfig, prefix: string, maskBias?: string, output?: string): string {
  let h = x;
  for (let i = 0; i < c.layers; i++) h = encoderLayer(m, h, c, `${prefix}.layer.${i}`, maskBias, i === c.layers - 1 ? output : undefined);
  return h;
}

/** Parameters of one encoder (analytic): per layer Q, K, V, O projections, two LayerNorms and the MLP. */
export function encoderParams(c: EncoderConfig): number {
  const attention = 4 * (c.hidden * c.hidden + c.hidden);
  const mlp = c.hidden * c.intermediate + c.intermediate + c.intermediate * c.hidden + c.hidden;
  return c.layers * (attention + mlp + 2 * 2 * c.hidden);
}

/** Multiply-adds per sample of one encoder (analytic): projections, MLP, Q·Kᵀ and P·V. */
export function encoderMacs(c: EncoderConfig): number {
  const projections = c.tokens * (4 * c.hidden * c.hidden + 2 * c.hidden * c.intermediate);
  const attention = 2 * c.tokens * c.tokens * c.hidden;
  return c.layers * (projections + attention);
}
