import type { GraphBuilder } from '../electron/engine/model/graph-builder';
import type { ModelPlan } from './types';

/** The plan of an image classifier: one NCHW RGB input, one logits output, FLOPs = 2 × MACs. */
export function imageClassifierPlan(
  shape: { image: number; classes: number },
  cost: { params: number; macs: number },
  build: (seed: number) => GraphBuilder,
): ModelPlan {
  return {
    options: {},
    params: cost.params,
    flopsPerSample: 2 * cost.macs,
    inputs: [{ name: 'input', elemType: 'float32', shape: ['batch', 3, shape.image, shape.image], description: 'normalised RGB image, NCHW' }],
    outputs: [{ name: 'logits', elemType: 'float32', shape: ['batch', shape.classes] }],
    build,
  };
}
