import { attr } from '../electron/engine/model/graph-builder';
import { DataType } from '../electron/engine/model/onnx-proto';
import { normal, type Init, type ModelContext } from './context';
import { heStd } from './weights';

/** Small noise on biases and norm parameters, as trained networks have (exact zeros and ones make FP16/INT8 checks too easy). */
const BIAS_STD = 0.02;
const NORM_GAIN_STD = 0.05;

/** y = x·W + b over the last axis, as PyTorch exports nn.Linear on 3-D inputs: MatMul with W [in, out], then Add. */
export function linear(m: ModelContext, x: string, inDim: number, outDim: number, prefix: string, init: Init, output?: string): string {
  const w = m.weight(`${prefix}.weight`, [inDim, outDim], init);
  const b = m.weight(`${prefix}.bias`, [outDim], normal(BIAS_STD));
  return m.g.op('Add', [m.g.op('MatMul', [x, w]), b], undefined, output);
}

/** y = x·Wᵀ + b on a 2-D input, as PyTorch exports nn.Linear there: Gemm with W [out, in] and transB. */
export function gemm(m: ModelContext, x: string, inDim: number, outDim: number, prefix: string, init: Init, output?: string): string {
  const w = m.weight(`${prefix}.weight`, [outDim, inDim], init);
  const b = m.weight(`${prefix}.bias`, [outDim], normal(BIAS_STD));
  return m.g.op('Gemm', [x, w, b], { transB: attr.int(1) }, output);
}

/** LayerNormalization over the last axis (an ONNX op since opset 17). */
export function layerNorm(m: ModelContext, x: string, dim: number, prefix: string, epsilon: number, output?: string): string {
  const gain = m.weight(`${prefix}.weight`, [dim], normal(NORM_GAIN_STD, 1));
  const bias = m.weight(`${prefix}.bias`, [dim], normal(BIAS_STD));
  return m.g.op('LayerNormalization', [x, gain, bias], { axis: attr.int(-1), epsilon: attr.float(epsilon) }, output);
}

/** Exact GELU, 0.5·x·(1 + erf(x/√2)): opset 17 has no Gelu op; onnxruntime fuses this pattern into one. */
export function gelu(m: ModelContext, x: string): string {
  const erf = m.g.op('Erf', [m.g.op('Div', [x, m.scalar(Math.SQRT2)])]);
  return m.g.op('Mul', [m.g.op('Mul', [x, m.g.op('Add', [erf, m.scalar(1)])]), m.scalar(0.5)]);
}

export interface ConvSpec {
  inChannels: number;
  outChannels: number;
  kernel: number;
  stride: number;
  /** Scale of the folded BatchNorm's gamma: below 1 on the last conv of a residual branch keeps activations bounded. */
  gammaScale?: number;
}

const BN_EPSILON = 1e-5;

/**
 * Conv followed by an inference-mode BatchNorm, folded into the conv's weights and bias the way exported
 * inference models ship it (onnxruntime would fuse them anyway). The BN statistics are drawn like a trained
 * network's (gamma ≈ 1, beta ≈ 0, running mean ≈ 0, running variance ≈ 1) and then folded:
 * W' = W·γ/√(var+ε), b' = β − mean·γ/√(var+ε).
 */
export function convBn(m: ModelContext, x: string, spec: ConvSpec, prefix: string): string {
  const { inChannels, outChannels, kernel, stride } = spec;
  const fanIn = inChannels * kernel * kernel;
  const wName = m.g.unique(`${prefix}.weight`);
  const bName = m.g.unique(`${prefix}.bias`);
  const weight = m.draw(wName, outChannels * fanIn, normal(heStd(fanIn)));
  const gamma = m.draw(`${prefix}.bn.weight`, outChannels, normal(0.1 * (spec.gammaScale ?? 1), spec.gammaScale ?? 1));
  const beta = m.draw(`${prefix}.bn.bias`, outChannels, normal(0.05));
  const mean = m.draw(`${prefix}.bn.running_mean`, outChannels, normal(0.05));
  const variance = m.draw(`${prefix}.bn.running_var`, outChannels, { kind: 'uniform', lo: 0.8, hi: 1.2 });
  const bias = new Float32Array(outChannels);
  for (let o = 0; o < outChannels; o++) {
    const scale = (gamma[o] as number) / Math.sqrt((variance[o] as number) + BN_EPSILON);
    for (let i = o * fanIn; i < (o + 1) * fanIn; i++) weight[i] = (weight[i] as number) * scale;
    bias[o] = (beta[o] as number) - (mean[o] as number) * scale;
  }
  m.g.initializer(wName, DataType.FLOAT, [outChannels, inChannels, kernel, kernel], weight);
  m.g.initializer(bName, DataType.FLOAT, [outChannels], bias);
  const pad = Math.floor(kernel / 2);
  return m.g.op('Conv', [x, wName, bName], {
    kernel_shape: attr.ints([kernel, kernel]),
    strides: attr.ints([stride, stride]),
    pads: attr.ints([pad, pad, pad, pad]),
    dilations: attr.ints([1, 1]),
    group: attr.int(1),
  });
}

export function relu(m: ModelContext, x: string): string {
  return m.g.op('Relu', [x]);
}
