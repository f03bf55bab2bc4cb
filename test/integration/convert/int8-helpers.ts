// Runs an FP32 model and its quantized variant in onnxruntime on the same inputs and compares the outputs.
import * as ort from 'onnxruntime-node';
import type { Int8WeightEncoding } from '../../../electron/contract/hardware';
import { localInt8Path } from '../../../electron/engine/convert/convert-model';
import { onnx } from '../../../electron/engine/model/onnx-proto';
import { seededFloats } from '../../fixtures/tiny-models';

export async function session(model: onnx.IModelProto): Promise<ort.InferenceSession> {
  return ort.InferenceSession.create(onnx.ModelProto.encode(onnx.ModelProto.create(model)).finish(), { intraOpNumThreads: 1 });
}

export function cosine(a: Float32Array, b: Float32Array): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return ab / Math.sqrt(aa * bb);
}

/** A float32 input tensor of seeded values in [-scale/2, scale/2). */
export function floatInput(shape: number[], seed: number, scale = 2): ort.Tensor {
  const count = shape.reduce((p, d) => p * d, 1);
  return new ort.Tensor('float32', seededFloats(count, seed).map((v) => v * scale), shape);
}

/** The lowest cosine over every output, FP32 model against the quantized one. */
export async function worstCosine(fp32: onnx.IModelProto, quantized: onnx.IModelProto, feeds: Record<string, ort.Tensor>): Promise<number> {
  const a = await (await session(fp32)).run(feeds);
  const b = await (await session(quantized)).run(feeds);
  let worst = 1;
  for (const [name, t] of Object.entries(a)) {
    const other = b[name];
    if (other === undefined) throw new Error(`quantized model lacks output ${name}`);
    worst = Math.min(worst, cosine(t.data as Float32Array, other.data as Float32Array));
  }
  return worst;
}

export function opTypes(model: onnx.IModelProto): string[] {
  return (model.graph?.node ?? []).map((n) => n.opType ?? '');
}

/** The weight encoding the converter picks on the CPU running the tests (what every accuracy test must hold for). */
export async function encodingHere(): Promise<Int8WeightEncoding> {
  return (await localInt8Path()).weightEncoding;
}
