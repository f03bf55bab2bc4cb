import { attr, type GraphBuilder } from '../electron/engine/model/graph-builder';
import { DataType } from '../electron/engine/model/onnx-proto';
import { ModelContext, normal } from './context';
import { convBn, gemm, relu } from './layers';
import { imageClassifierPlan } from './image-classifier';
import type { BuildOptions, BuiltinModel, ModelPlan } from './types';

export interface ResNetConfig {
  /** Bottleneck blocks per stage. */
  blocks: number[];
  /** Bottleneck width per stage (the block's output is EXPANSION times this). */
  widths: number[];
  stem: number;
  image: number;
  classes: number;
}

const EXPANSION = 4;
/**
 * Gamma of the last BatchNorm in each residual branch. With He init and no batch statistics each residual add
 * would double the activation variance (2^16 over ResNet-50); 0.2 keeps the logits' std near 4 on unit-variance
 * inputs, like a trained network's, whose BatchNorm statistics bound the growth.
 */
const RESIDUAL_GAMMA = 0.2;

export const RESNET50: ResNetConfig = { blocks: [3, 4, 6, 3], widths: [64, 128, 256, 512], stem: 64, image: 224, classes: 1000 };
export const RESNET_TINY: ResNetConfig = { blocks: [1, 1, 1, 1], widths: [8, 16, 32, 64], stem: 8, image: 32, classes: 10 };

const convOut = (size: number, kernel: number, stride: number): number => Math.floor((size + 2 * Math.floor(kernel / 2) - kernel) / stride) + 1;

/** Every conv of the network in order, with its output resolution: drives both the build and the cost. */
interface ConvPlan {
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  outSize: number;
}

function stageStride(stage: number): number {
  return stage === 0 ? 1 : 2;
}

/** The convs of one bottleneck (v1.5: the stride sits on the 3x3), plus its projection shortcut if any. */
function bottleneckConvs(inChannels: number, width: number, stride: number, inSize: number): { branch: ConvPlan[]; shortcut?: ConvPlan } {
  const outSize = convOut(inSize, 3, stride);
  const out = width * EXPANSION;
  const branch: ConvPlan[] = [
    { inChannels, outChannels: width, kernel: 1, stride: 1, outSize: inSize },
    { inChannels: width, outChannels: width, kernel: 3, stride, outSize },
    { inChannels: width, outChannels: out, kernel: 1, stride: 1, outSize },
  ];
  const needsProjection = stride !== 1 || inChannels !== out;
  return needsProjection ? { branch, shortcut: { inChannels, outChannels: out, kernel: 1, stride, outSize } } : { branch };
}

function* blocksOf(c: ResNetConfig): Generator<{ stage: number; index: number; convs: ReturnType<typeof bottleneckConvs> }> {
  let channels = c.stem;
  let size = convOut(convOut(c.image, 7, 2), 3, 2); // stem conv, then max pool
  for (let stage = 0; stage < c.blocks.length; stage++) {
    const width = c.widths[stage] as number;
    for (let index = 0; index < (c.blocks[stage] as number); index++) {
      const convs = bottleneckConvs(channels, width, index === 0 ? stageStride(stage) : 1, size);
      yield { stage, index, convs };
      channels = width * EXPANSION;
      size = (convs.branch[2] as ConvPlan).outSize;
    }
  }
}

function finalChannels(c: ResNetConfig): number {
  return (c.widths[c.widths.length - 1] as number) * EXPANSION;
}

export function resnetCost(c: ResNetConfig): { params: number; macs: number } {
  const stem: ConvPlan = { inChannels: 3, outChannels: c.stem, kernel: 7, stride: 2, outSize: convOut(c.image, 7, 2) };
  const convs: ConvPlan[] = [stem];
  for (const { convs: b } of blocksOf(c)) convs.push(...b.branch, ...(b.shortcut ? [b.shortcut] : []));
  let params = 0;
  let macs = 0;
  for (const v of convs) {
    const weights = v.outChannels * v.inChannels * v.kernel * v.kernel;
    params += weights + v.outChannels; // folded BatchNorm: one bias per output channel
    macs += weights * v.outSize * v.outSize;
  }
  const fc = finalChannels(c) * c.classes;
  return { params: params + fc + c.classes, macs: macs + fc };
}

export function buildResnet(c: ResNetConfig, seed: number): GraphBuilder {
  const m = new ModelContext('resnet50', seed);
  const conv = (x: string, v: ConvPlan, prefix: string, gammaScale?: number): string =>
    convBn(m, x, { ...v, ...(gammaScale === undefined ? {} : { gammaScale }) }, prefix);
  const input = m.g.input('input', DataType.FLOAT, ['batch', 3, c.image, c.image]);
  let x = relu(m, conv(input, { inChannels: 3, outChannels: c.stem, kernel: 7, stride: 2, outSize: 0 }, 'conv1'));
  x = m.g.op('MaxPool', [x], { kernel_shape: attr.ints([3, 3]), strides: attr.ints([2, 2]), pads: attr.ints([1, 1, 1, 1]) });
  for (const { stage, index, convs } of blocksOf(c)) {
    const prefix = `layer${stage + 1}.${index}`;
    const [c1, c2, c3] = convs.branch as [ConvPlan, ConvPlan, ConvPlan];
    let h = relu(m, conv(x, c1, `${prefix}.conv1`));
    h = relu(m, conv(h, c2, `${prefix}.conv2`));
    h = conv(h, c3, `${prefix}.conv3`, RESIDUAL_GAMMA);
    const shortcut = convs.shortcut ? conv(x, convs.shortcut, `${prefix}.downsample`) : x;
    x = relu(m, m.g.op('Add', [h, shortcut]));
  }
  const pooled = m.g.op('Flatten', [m.g.op('GlobalAveragePool', [x])], { axis: attr.int(1) });
  const features = finalChannels(c);
  gemm(m, pooled, features, c.classes, 'fc', normal(1 / Math.sqrt(features)), 'logits');
  m.g.output('logits', DataType.FLOAT, ['batch', c.classes]);
  return m.g;
}

export const resnet50Model: BuiltinModel = {
  name: 'resnet50',
  description: 'ResNet-50 v1.5 image classifier (BatchNorm folded into the convs), 224x224 RGB, 1000 classes',
  options: [],
  plan(options: BuildOptions): ModelPlan {
    const c = options.size === 'tiny' ? RESNET_TINY : RESNET50;
    return imageClassifierPlan(c, resnetCost(c), (seed) => buildResnet(c, seed));
  },
};
