import { attr, type GraphBuilder } from '../electron/engine/model/graph-builder';
import { DataType } from '../electron/engine/model/onnx-proto';
import { ModelContext, normal } from './context';
import { gemm, layerNorm } from './layers';
import { encoder, encoderMacs, encoderParams, type EncoderConfig } from './transformer';
import { imageClassifierPlan } from './image-classifier';
import type { BuildOptions, BuiltinModel, ModelPlan } from './types';
import { TRANSFORMER_INIT_STD } from './weights';

export interface VitConfig {
  image: number;
  patch: number;
  layers: number;
  hidden: number;
  heads: number;
  intermediate: number;
  classes: number;
}

export const VIT_B16: VitConfig = { image: 224, patch: 16, layers: 12, hidden: 768, heads: 12, intermediate: 3072, classes: 1000 };
export const VIT_TINY: VitConfig = { image: 32, patch: 8, layers: 2, hidden: 64, heads: 2, intermediate: 256, classes: 10 };

const LAYER_NORM_EPSILON = 1e-6;

const patchCount = (c: VitConfig): number => (c.image / c.patch) ** 2;

function encoderConfig(c: VitConfig): EncoderConfig {
  return { ...c, tokens: patchCount(c) + 1, layerNormEpsilon: LAYER_NORM_EPSILON, norm: 'pre' };
}

export function vitCost(c: VitConfig): { params: number; macs: number } {
  const patchWeights = c.hidden * 3 * c.patch * c.patch;
  const embeddings = patchWeights + c.hidden + c.hidden + (patchCount(c) + 1) * c.hidden; // patch conv, CLS, positions
  const head = 2 * c.hidden + c.hidden * c.classes + c.classes; // final LayerNorm, classifier
  return {
    params: embeddings + encoderParams(encoderConfig(c)) + head,
    macs: patchWeights * patchCount(c) + encoderMacs(encoderConfig(c)) + c.hidden * c.classes,
  };
}

/**
 * Patch embedding plus CLS token plus positions. The CLS row is made by padding the patch sequence with one zero
 * token in front and adding the zero-padded CLS vector: the same values as concatenating a batch-expanded CLS,
 * without Shape/Expand ops whose output shapes a static inspector cannot follow.
 */
function embeddings(m: ModelContext, image: string, c: VitConfig): string {
  const grid = c.image / c.patch;
  const weight = m.weight('patch_embed.proj.weight', [c.hidden, 3, c.patch, c.patch], normal(1 / Math.sqrt(3 * c.patch * c.patch)));
  const bias = m.weight('patch_embed.proj.bias', [c.hidden], normal(TRANSFORMER_INIT_STD));
  const patches = m.g.op('Conv', [image, weight, bias], {
    kernel_shape: attr.ints([c.patch, c.patch]),
    strides: attr.ints([c.patch, c.patch]),
    pads: attr.ints([0, 0, 0, 0]),
  });
  const flat = m.g.op('Reshape', [patches, m.int64([0, c.hidden, grid * grid])]);
  const tokens = m.g.op('Transpose', [flat], { perm: attr.ints([0, 2, 1]) });
  const padded = m.g.op('Pad', [tokens, m.int64([0, 1, 0, 0, 0, 0])]);
  const cls = m.weight('cls_token', [1, 1, c.hidden], normal(TRANSFORMER_INIT_STD));
  const clsRow = m.g.op('Pad', [cls, m.int64([0, 0, 0, 0, grid * grid, 0])]);
  const positions = m.weight('pos_embed', [1, grid * grid + 1, c.hidden], normal(TRANSFORMER_INIT_STD));
  return m.g.op('Add', [m.g.op('Add', [padded, clsRow]), positions]);
}

export function buildVit(c: VitConfig, seed: number): GraphBuilder {
  const m = new ModelContext('vit', seed);
  const image = m.g.input('input', DataType.FLOAT, ['batch', 3, c.image, c.image]);
  const hidden = encoder(m, embeddings(m, image, c), encoderConfig(c), 'blocks');
  const normed = layerNorm(m, hidden, c.hidden, 'norm', LAYER_NORM_EPSILON);
  const cls = m.g.op('Gather', [normed, m.int64([0], [])], { axis: attr.int(1) });
  gemm(m, cls, c.hidden, c.classes, 'head', normal(1 / Math.sqrt(c.hidden)), 'logits');
  m.g.output('logits', DataType.FLOAT, ['batch', c.classes]);
  return m.g;
}

export const vitModel: BuiltinModel = {
  name: 'vit-b16',
  description: 'ViT-B/16 image classifier (12 pre-LN layers, hidden 768, 12 heads), 224x224 RGB, 1000 classes',
  options: [],
  plan(options: BuildOptions): ModelPlan {
    const c = options.size === 'tiny' ? VIT_TINY : VIT_B16;
    return imageClassifierPlan(c, vitCost(c), (seed) => buildVit(c, seed));
  },
};
