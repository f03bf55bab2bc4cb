// Sizes and (small) values of stored tensors, whether their data lives in typed fields, raw_data or an external file.
import { DataType, elemTypeBytes, onnx, toNumber } from './onnx-proto';
import { product } from './graph-walk';

/** Tensors up to this many elements have their values read (shape vectors, axes, scales); bigger ones never are. */
export const MAX_VALUE_ELEMENTS = 4096;

export function tensorDims(t: onnx.ITensorProto): number[] {
  return (t.dims ?? []).map((d) => toNumber(d));
}

export function tensorElements(t: onnx.ITensorProto): number {
  return product(tensorDims(t));
}

export function isExternal(t: onnx.ITensorProto): boolean {
  return t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL;
}

/** The external_data key/value entries of a tensor (location, offset, length, checksum). */
export function externalEntries(t: onnx.ITensorProto): Map<string, string> {
  return new Map((t.externalData ?? []).map((e) => [e.key ?? '', e.value ?? '']));
}

/** Bytes the tensor's data takes: strings by their lengths, everything else by element count and type. */
export function tensorByteSize(t: onnx.ITensorProto): number {
  const type = t.dataType ?? 0;
  if (type === DataType.STRING) return (t.stringData ?? []).reduce((n, s) => n + s.length, 0);
  const perElement = elemTypeBytes[type];
  if (perElement !== undefined) return tensorElements(t) * perElement;
  return t.rawData?.length ?? 0;
}

function rawNumbers(raw: Uint8Array, type: number, count: number): number[] | null {
  const bytes = elemTypeBytes[type];
  if (bytes === undefined || raw.length < count * bytes) return null;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const out: number[] = [];
  for (let i = 0; i < count; i++) {
    const at = i * bytes;
    switch (type) {
      case DataType.FLOAT: out.push(view.getFloat32(at, true)); break;
      case DataType.DOUBLE: out.push(view.getFloat64(at, true)); break;
      case DataType.INT64: out.push(Number(view.getBigInt64(at, true))); break;
      case DataType.UINT64: out.push(Number(view.getBigUint64(at, true))); break;
      case DataType.INT32: out.push(view.getInt32(at, true)); break;
      case DataType.UINT32: out.push(view.getUint32(at, true)); break;
      case DataType.INT16: out.push(view.getInt16(at, true)); break;
      case DataType.UINT16: out.push(view.getUint16(at, true)); break;
      case DataType.INT8: out.push(view.getInt8(at)); break;
      case DataType.UINT8:
      case DataType.BOOL: out.push(view.getUint8(at)); break;
      default: return null;
    }
  }
  return out;
}

/**
 * The values of a small in-file numeric tensor, flattened; null when it is large, external, of a type we do not read
 * (float16, strings), or its data is missing. Used for shape vectors, axes, pads, scales and the like.
 */
export function tensorValues(t: onnx.ITensorProto): number[] | null {
  const count = tensorElements(t);
  if (count > MAX_VALUE_ELEMENTS || isExternal(t)) return null;
  const type = t.dataType ?? 0;
  if (t.rawData && t.rawData.length > 0) return rawNumbers(t.rawData, type, count);
  let values: number[];
  switch (type) {
    case DataType.FLOAT: values = t.floatData ?? []; break;
    case DataType.DOUBLE: values = t.doubleData ?? []; break;
    case DataType.INT64: values = (t.int64Data ?? []).map((v) => toNumber(v)); break;
    case DataType.UINT64:
    case DataType.UINT32: values = (t.uint64Data ?? []).map((v) => toNumber(v)); break;
    case DataType.INT32:
    case DataType.INT16:
    case DataType.INT8:
    case DataType.UINT16:
    case DataType.UINT8:
    case DataType.BOOL: values = t.int32Data ?? []; break;
    default: return null;
  }
  return values.length === count ? values : null;
}
