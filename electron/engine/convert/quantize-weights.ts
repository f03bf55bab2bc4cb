// Quantization arithmetic: symmetric int8 weights (per tensor or per channel) and how they are stored, asymmetric
// uint8 activation parameters from a calibrated range, int32 biases. Pure functions over typed arrays.
import type { Int8WeightEncoding } from '../../contract/hardware';
import { DataType } from '../model/onnx-proto';

export const INT8_MAX = 127;
export const UINT8_MAX = 255;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Round half to even, as onnxruntime's QuantizeLinear (std::nearbyint) and numpy's round do. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

function clamp(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

export interface QuantizedWeight {
  data: Int8Array;
  /** One scale per tensor, or one per index of `axis`. */
  scales: Float32Array;
  /** The axis the scales run along, or null for per-tensor. */
  axis: number | null;
}

/** Scale of a symmetric int8 range covering ±maxAbs (1 when everything is zero, so nothing divides by zero). */
export function symmetricScale(maxAbs: number): number {
  return maxAbs > 0 && Number.isFinite(maxAbs) ? maxAbs / INT8_MAX : 1;
}

/**
 * Symmetric int8 quantization, zero point 0: q = clamp(round(w / s), -127, 127) with s = max|w| / 127, over the whole
 * tensor (axis null) or per index of `axis` (per channel). -128 is never produced, so negating is exact. This alone
 * does not keep onnxruntime's u8s8 kernels on AVX2 from saturating (a pair of 255·127 products passes int16):
 * `storeWeight` decides how the values are stored for the CPU that runs them (hardware/int8-path.ts).
 */
export function quantizeSymmetric(values: Float32Array, dims: readonly number[], axis: number | null): QuantizedWeight {
  const channels = axis === null ? 1 : (dims[axis] as number);
  const inner = axis === null ? values.length : dims.slice(axis + 1).reduce((p, d) => p * d, 1);
  const channelOf = (i: number): number => (axis === null ? 0 : Math.floor(i / inner) % channels);
  const maxAbs = new Float64Array(channels);
  for (let i = 0; i < values.length; i++) {
    const c = channelOf(i);
    const a = Math.abs(values[i] as number);
    if (a > (maxAbs[c] as number)) maxAbs[c] = a;
  }
  const scales = Float32Array.from(maxAbs, symmetricScale);
  const data = new Int8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    data[i] = clamp(roundHalfEven((values[i] as number) / (scales[channelOf(i)] as number)), -INT8_MAX, INT8_MAX);
  }
  return { data, scales, axis };
}

/** The zero point of weights stored as uint8: q + 128 spans 1..255 for q in -127..127. */
export const UINT8_WEIGHT_ZERO_POINT = 128;

export interface StoredWeight {
  dataType: number;
  data: Int8Array | Uint8Array;
  zeroPoint: number;
}

/** Symmetric int8 values as stored: as they are (s8, zero point 0) or shifted into uint8 with zero point 128 (u8). */
export function storeWeight(q: Int8Array, encoding: Int8WeightEncoding): StoredWeight {
  if (encoding === 's8') return { dataType: DataType.INT8, data: q, zeroPoint: 0 };
  const data = new Uint8Array(q.length);
  for (let i = 0; i < q.length; i++) data[i] = (q[i] as number) + UINT8_WEIGHT_ZERO_POINT;
  return { dataType: DataType.UINT8, data, zeroPoint: UINT8_WEIGHT_ZERO_POINT };
}

export interface AffineParams {
  scale: number;
  zeroPoint: number;
}

/**
 * uint8 asymmetric parameters for a calibrated range: the range is widened to include 0 (so 0 is exact, as padding
 * and ReLU need), scale = (max - min) / 255, zero point = round(-min / scale).
 */
export function uint8Params(min: number, max: number): AffineParams {
  const lo = Math.min(min, 0);
  const hi = Math.max(max, 0);
  if (!(hi > lo) || !Number.isFinite(hi - lo)) return { scale: 1, zeroPoint: 0 };
  const scale = (hi - lo) / UINT8_MAX;
  // + 0 turns -0 (from min = 0) into 0.
  return { scale, zeroPoint: clamp(roundHalfEven(-lo / scale), 0, UINT8_MAX) + 0 };
}

/** What QuantizeLinear then DequantizeLinear give back for x with these parameters (for tests and error estimates). */
export function fakeQuantizeUint8(x: number, p: AffineParams): number {
  const q = clamp(roundHalfEven(x / p.scale) + p.zeroPoint, 0, UINT8_MAX);
  return (q - p.zeroPoint) * p.scale;
}

/** Bias as int32 with scale inputScale * weightScale[c] (per channel c of the output), as QLinearConv takes it. */
export function quantizeBiasInt32(bias: Float32Array, inputScale: number, weightScales: Float32Array): { data: Int32Array; scales: Float32Array } {
  const scales = new Float32Array(bias.length);
  const data = new Int32Array(bias.length);
  for (let c = 0; c < bias.length; c++) {
    const s = inputScale * (weightScales.length === 1 ? (weightScales[0] as number) : (weightScales[c] as number));
    scales[c] = s;
    data[c] = clamp(roundHalfEven((bias[c] as number) / s), INT32_MIN, INT32_MAX);
  }
  return { data, scales };
}

/** A row-major [rows, cols] matrix transposed to [cols, rows]. */
export function transpose2d(values: Float32Array, rows: number, cols: number): Float32Array {
  const out = new Float32Array(values.length);
  for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) out[c * rows + r] = values[r * cols + c] as number;
  return out;
}
