// Stored float32 tensors (initializers, Constant values, ConstantOfShape fills) rewritten as float16.
import { toFloat16Bits } from '../model/float16';
import { DataType, type onnx } from '../model/onnx-proto';
import { isExternal, tensorElements } from '../model/tensor-data';

/** The largest finite float16. */
export const FLOAT16_MAX = 65504;

/** The float32 values of an in-file tensor (raw_data or float_data). */
export function float32Values(t: onnx.ITensorProto): Float32Array {
  const count = tensorElements(t);
  if (t.rawData && t.rawData.length > 0) {
    if (t.rawData.length < count * 4) throw new Error(`tensor '${t.name ?? ''}' holds ${t.rawData.length} bytes, too few for ${count} float32 values`);
    const copy = new Uint8Array(count * 4);
    copy.set(t.rawData.subarray(0, count * 4));
    return new Float32Array(copy.buffer);
  }
  return Float32Array.from(t.floatData ?? []);
}

export interface Float16Conversion {
  tensor: onnx.ITensorProto;
  /** Finite values beyond ±65504 that were clamped to it. */
  clamped: number;
}

/** Float16 bits of `values`, finite values past the float16 range clamped to ±65504 (infinities and NaN kept). */
export function toFloat16Array(values: ArrayLike<number>): { bits: Uint16Array; clamped: number } {
  const bits = new Uint16Array(values.length);
  let clamped = 0;
  for (let i = 0; i < values.length; i++) {
    let v = values[i] as number;
    if (Number.isFinite(v) && Math.abs(v) > FLOAT16_MAX) {
      v = Math.sign(v) * FLOAT16_MAX;
      clamped++;
    }
    bits[i] = toFloat16Bits(v);
  }
  return { bits, clamped };
}

/** A float16 copy of a float32 tensor, same name and dims, data in raw_data. */
export function tensorToFloat16(t: onnx.ITensorProto): Float16Conversion {
  if (isExternal(t)) throw new Error(`tensor '${t.name ?? ''}' keeps its data in an external file; inline it before converting`);
  const { bits, clamped } = toFloat16Array(float32Values(t));
  const tensor: onnx.ITensorProto = {
    name: t.name ?? '',
    dims: t.dims ?? [],
    dataType: DataType.FLOAT16,
    rawData: new Uint8Array(bits.buffer, bits.byteOffset, bits.byteLength),
  };
  if (t.docString) tensor.docString = t.docString;
  return { tensor, clamped };
}

/** A float16 tensor from plain numbers (value_float / value_floats of a Constant node). */
export function float16Tensor(name: string, dims: number[], values: number[]): Float16Conversion {
  const { bits, clamped } = toFloat16Array(values);
  return { tensor: { name, dims, dataType: DataType.FLOAT16, rawData: new Uint8Array(bits.buffer) }, clamped };
}
