// Reading a serialized TensorProto (.pb), the format of the ONNX Model Zoo's and the backend tests' test_data_set_N
// files: data in raw_data (little-endian) or in the typed fields (float_data, int32_data, int64_data, double_data).
import * as ort from 'onnxruntime-node';
import { badInput } from '../errors';
import { DataType, elemTypeBytes, elemTypeName, onnx, toNumber } from '../model/onnx-proto';

/** Element types we turn into onnxruntime tensors, with the typed field their values live in when not in raw_data. */
const READABLE: Record<number, { type: ort.Tensor.Type; field: 'floatData' | 'doubleData' | 'int32Data' | 'int64Data' }> = {
  [DataType.FLOAT]: { type: 'float32', field: 'floatData' },
  [DataType.DOUBLE]: { type: 'float64', field: 'doubleData' },
  [DataType.FLOAT16]: { type: 'float16', field: 'int32Data' },
  [DataType.INT32]: { type: 'int32', field: 'int32Data' },
  [DataType.INT64]: { type: 'int64', field: 'int64Data' },
  [DataType.INT8]: { type: 'int8', field: 'int32Data' },
  [DataType.UINT8]: { type: 'uint8', field: 'int32Data' },
  [DataType.BOOL]: { type: 'bool', field: 'int32Data' },
};

type Typed = Float32Array | Float64Array | Uint16Array | Int32Array | BigInt64Array | Int8Array | Uint8Array;

function emptyArray(type: ort.Tensor.Type, count: number): Typed {
  switch (type) {
    case 'float32': return new Float32Array(count);
    case 'float64': return new Float64Array(count);
    case 'float16': return new Uint16Array(count);
    case 'int32': return new Int32Array(count);
    case 'int64': return new BigInt64Array(count);
    case 'int8': return new Int8Array(count);
    default: return new Uint8Array(count); // uint8, bool
  }
}

/** The typed array over a fresh copy of `raw` (aligned whatever its offset in the file). */
function fromRaw(type: ort.Tensor.Type, raw: Uint8Array, count: number): Typed {
  const out = emptyArray(type, count);
  new Uint8Array(out.buffer).set(raw.subarray(0, out.byteLength));
  return out;
}

function fromTyped(type: ort.Tensor.Type, values: readonly (number | { toString(): string })[], count: number): Typed {
  const out = emptyArray(type, count);
  if (out instanceof BigInt64Array) values.forEach((v, i) => (out[i] = BigInt(typeof v === 'number' ? v : v.toString())));
  else values.forEach((v, i) => ((out as Float32Array)[i] = toNumber(v as number)));
  return out;
}

export interface NamedTensor {
  /** The name stored in the file ('' when none). */
  name: string;
  tensor: ort.Tensor;
}

/** Decodes a TensorProto file's bytes; `shown` names the file in errors, each of which is one line. */
export function parseTensorProto(bytes: Uint8Array, shown: string): NamedTensor {
  let t: onnx.TensorProto;
  try {
    t = onnx.TensorProto.decode(bytes);
  } catch {
    throw badInput(`${shown}: not a serialized TensorProto, or truncated (the protobuf ends mid-field)`);
  }
  const readable = READABLE[t.dataType];
  if (readable === undefined) {
    throw badInput(`${shown}: element type ${elemTypeName(t.dataType)} is not supported (float32, float64, float16, int32, int64, int8, uint8 and bool are)`);
  }
  if (t.dataLocation === onnx.TensorProto.DataLocation.EXTERNAL) throw badInput(`${shown}: the tensor's data is in an external file; save it inline`);
  const dims = t.dims.map((d) => toNumber(d));
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) throw badInput(`${shown}: cannot read the dims [${dims.join(', ')}]`);
  const count = dims.reduce((p, d) => p * d, 1);
  let data: Typed;
  if (t.rawData.length > 0) {
    const need = count * (elemTypeBytes[t.dataType] as number);
    if (t.rawData.length !== need) {
      const what = t.rawData.length < need ? 'the file is truncated' : 'the dims and the data disagree';
      throw badInput(`${shown}: raw_data holds ${t.rawData.length} bytes; dims [${dims.join(', ')}] of ${readable.type} need ${need}: ${what}`);
    }
    data = fromRaw(readable.type, t.rawData, count);
  } else {
    const values = t[readable.field] as readonly number[];
    if (values.length !== count) {
      throw badInput(`${shown}: holds ${values.length} values; dims [${dims.join(', ')}] need ${count}: the file is truncated or its dims are wrong`);
    }
    data = fromTyped(readable.type, values, count);
  }
  return { name: t.name, tensor: new ort.Tensor(readable.type, data, dims) };
}
