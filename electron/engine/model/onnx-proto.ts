// The ONNX protobuf schema (onnx-proto: protobufjs static code generated from onnx.proto, ONNX 1.10 / IR 8).
// Fields added to onnx.proto after 1.10 are not decoded; they are not needed to inspect or rewrite a model.
import { onnx } from 'onnx-proto';
import type Long from 'long';

export { onnx };

export const DataType = onnx.TensorProto.DataType;

/** onnxruntime's names for ONNX element types. */
export const elemTypeNames: Record<number, string> = {
  [DataType.FLOAT]: 'float32',
  [DataType.UINT8]: 'uint8',
  [DataType.INT8]: 'int8',
  [DataType.UINT16]: 'uint16',
  [DataType.INT16]: 'int16',
  [DataType.INT32]: 'int32',
  [DataType.INT64]: 'int64',
  [DataType.STRING]: 'string',
  [DataType.BOOL]: 'bool',
  [DataType.FLOAT16]: 'float16',
  [DataType.DOUBLE]: 'float64',
  [DataType.UINT32]: 'uint32',
  [DataType.UINT64]: 'uint64',
  [DataType.COMPLEX64]: 'complex64',
  [DataType.COMPLEX128]: 'complex128',
  [DataType.BFLOAT16]: 'bfloat16',
};

/** Bytes per element of each ONNX element type (strings have no fixed size: 0). */
export const elemTypeBytes: Record<number, number> = {
  [DataType.FLOAT]: 4,
  [DataType.UINT8]: 1,
  [DataType.INT8]: 1,
  [DataType.UINT16]: 2,
  [DataType.INT16]: 2,
  [DataType.INT32]: 4,
  [DataType.INT64]: 8,
  [DataType.STRING]: 0,
  [DataType.BOOL]: 1,
  [DataType.FLOAT16]: 2,
  [DataType.DOUBLE]: 8,
  [DataType.UINT32]: 4,
  [DataType.UINT64]: 8,
  [DataType.COMPLEX64]: 8,
  [DataType.COMPLEX128]: 16,
  [DataType.BFLOAT16]: 2,
};

export function elemTypeName(dataType: number): string {
  return elemTypeNames[dataType] ?? `unknown(${dataType})`;
}

/** protobufjs decodes int64 fields as Long objects; dims and attributes fit in a double. */
export function toNumber(value: number | Long | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'number' ? value : value.toNumber();
}
