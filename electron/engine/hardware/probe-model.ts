import { GraphBuilder } from '../model/graph-builder';
import { DataType } from '../model/onnx-proto';

/** A one-node MatMul model that every execution provider supports, with its input and the answer it must give. */
export interface ProbeModel {
  bytes: Uint8Array;
  inputName: string;
  inputDims: number[];
  input: Float32Array;
  outputName: string;
  expected: Float32Array;
}

const M = 2;
const K = 3;
const N = 2;

/** Small integers, so the product is exact even where a GPU computes in TF32 or FP16. */
export function buildProbeModel(): ProbeModel {
  const weights = Float32Array.from({ length: K * N }, (_, i) => i + 1);
  const input = Float32Array.from({ length: M * K }, (_, i) => i - 2);
  const g = new GraphBuilder('provider_probe');
  const x = g.input('x', DataType.FLOAT, [M, K]);
  const w = g.floatInit('w', [K, N], weights);
  g.output(g.op('MatMul', [x, w], undefined, 'y'), DataType.FLOAT, [M, N]);
  const expected = new Float32Array(M * N);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let sum = 0;
      for (let k = 0; k < K; k++) sum += (input[i * K + k] ?? 0) * (weights[k * N + j] ?? 0);
      expected[i * N + j] = sum;
    }
  }
  return { bytes: g.encode(), inputName: x, inputDims: [M, K], input, outputName: 'y', expected };
}

/** Whether `actual` holds the expected numbers (within a tolerance that FP16 arithmetic on these integers meets). */
export function matchesExpected(actual: ArrayLike<number>, expected: Float32Array): boolean {
  if (actual.length !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs((actual[i] ?? NaN) - (expected[i] ?? 0)) <= 1e-3)) return false;
  }
  return true;
}
