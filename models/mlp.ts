import type { GraphBuilder } from '../electron/engine/model/graph-builder';
import { DataType } from '../electron/engine/model/onnx-proto';
import { ModelContext, normal } from './context';
import { gemm, relu } from './layers';
import { intOption } from './options';
import type { BuildOptions, BuiltinModel, ModelPlan } from './types';
import { heStd, xavierStd } from './weights';

export interface MlpConfig {
  width: number;
  depth: number;
}

export const MLP_BASE: MlpConfig = { width: 1024, depth: 4 };
export const MLP_TINY: MlpConfig = { width: 64, depth: 2 };

export function mlpCost(c: MlpConfig): { params: number; macs: number } {
  return { params: c.depth * (c.width * c.width + c.width), macs: c.depth * c.width * c.width };
}

/** depth square Gemm layers, ReLU between them (not after the last). */
export function buildMlp(c: MlpConfig, seed: number): GraphBuilder {
  const m = new ModelContext('mlp', seed);
  let h = m.g.input('x', DataType.FLOAT, ['batch', c.width]);
  for (let i = 0; i < c.depth; i++) {
    const last = i === c.depth - 1;
    const init = normal(last ? xavierStd(c.width, c.width) : heStd(c.width));
    h = gemm(m, h, c.width, c.width, `layers.${i}`, init, last ? 'y' : undefined);
    if (!last) h = relu(m, h);
  }
  m.g.output('y', DataType.FLOAT, ['batch', c.width]);
  return m.g;
}

export const mlpModel: BuiltinModel = {
  name: 'mlp',
  description: 'Plain MLP of square Gemm layers with ReLU (default 4 x 1024): the simplest compute-bound workload',
  options: ['width', 'depth'],
  plan(options: BuildOptions): ModelPlan {
    const preset = options.size === 'tiny' ? MLP_TINY : MLP_BASE;
    const c: MlpConfig = {
      width: intOption(`mlp (${options.size})`, 'width', options.width, preset.width, 1, 16384),
      depth: intOption(`mlp (${options.size})`, 'depth', options.depth, preset.depth, 1, 64),
    };
    const { params, macs } = mlpCost(c);
    return {
      options: { width: c.width, depth: c.depth },
      params,
      flopsPerSample: 2 * macs,
      inputs: [{ name: 'x', elemType: 'float32', shape: ['batch', c.width], description: 'feature vector' }],
      outputs: [{ name: 'y', elemType: 'float32', shape: ['batch', c.width] }],
      build: (seed) => buildMlp(c, seed),
    };
  },
};
