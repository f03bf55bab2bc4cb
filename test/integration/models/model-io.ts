// Helpers for running built-in models in onnxruntime: deterministic synthetic inputs and output statistics.
import * as ort from 'onnxruntime-node';
import type { InputSpec } from '../../../models/types';
import { WeightStream } from '../../../models/weights';

/** Feeds for every input at this batch size: N(0, 1) floats, ids uniform over their valid range, masks mostly 1. */
export function syntheticFeeds(inputs: InputSpec[], batch: number, seed = 7): Record<string, ort.Tensor> {
  const feeds: Record<string, ort.Tensor> = {};
  for (const input of inputs) {
    const shape = input.shape.map((d) => (typeof d === 'number' ? d : batch));
    const count = shape.reduce((a, b) => a * b, 1);
    const stream = new WeightStream(seed, input.name);
    if (input.elemType === 'float32') {
      feeds[input.name] = new ort.Tensor('float32', stream.normal(count, 1), shape);
      continue;
    }
    const [lo, hi] = input.range ?? [0, 0];
    const u = stream.uniform(count, 0, 1);
    const ids = BigInt64Array.from(u, (x, i) => {
      // An attention mask: attend to the first tokens, pad a random tail (never the [CLS] position).
      if (hi === 1) return i % (shape[1] ?? 1) === 0 || x < 0.8 ? 1n : 0n;
      return BigInt(Math.min(hi, lo + Math.floor(x * (hi - lo + 1))));
    });
    feeds[input.name] = new ort.Tensor('int64', ids, shape);
  }
  return feeds;
}

export interface OutputStats {
  finite: boolean;
  mean: number;
  std: number;
  min: number;
  max: number;
  /** Largest absolute difference between sample 0 and any other sample of the batch. */
  batchSpread: number;
}

export function outputStats(tensor: ort.Tensor): OutputStats {
  const data = tensor.data as Float32Array;
  const perSample = data.length / (tensor.dims[0] ?? 1);
  let sum = 0;
  let squares = 0;
  let min = Infinity;
  let max = -Infinity;
  let finite = true;
  let batchSpread = 0;
  for (let i = 0; i < data.length; i++) {
    const x = data[i] as number;
    if (!Number.isFinite(x)) finite = false;
    sum += x;
    squares += x * x;
    min = Math.min(min, x);
    max = Math.max(max, x);
    if (i >= perSample) batchSpread = Math.max(batchSpread, Math.abs(x - (data[i % perSample] as number)));
  }
  const mean = sum / data.length;
  return { finite, mean, std: Math.sqrt(Math.max(0, squares / data.length - mean * mean)), min, max, batchSpread };
}
