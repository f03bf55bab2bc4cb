// A tensor's dims claim a size; its data (typed fields, raw_data or an external file range) has one. When they
// disagree the file is damaged or forged (an initializer claiming 2 GiB with 16 bytes of data would otherwise be
// reported as half a billion parameters): refused, naming the tensor.
import { badInput } from '../errors';
import { walkTensors } from './graph-walk';
import { DataType, elemTypeBytes, elemTypeName, onnx } from './onnx-proto';
import { externalEntries, isExternal, tensorDims } from './tensor-data';

const GIB = 1024 ** 3;

function bytesText(n: number): string {
  if (n >= GIB) return `${(n / GIB).toFixed(1)} GiB`;
  if (n >= 1024 * 1024) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} bytes`;
}

/** Values held in the typed field this element type uses (complex numbers take two), or null for types without one. */
function typedValues(t: onnx.ITensorProto, type: number): number | null {
  switch (type) {
    case DataType.FLOAT: return t.floatData?.length ?? 0;
    case DataType.COMPLEX64: return (t.floatData?.length ?? 0) / 2;
    case DataType.DOUBLE: return t.doubleData?.length ?? 0;
    case DataType.COMPLEX128: return (t.doubleData?.length ?? 0) / 2;
    case DataType.INT64: return t.int64Data?.length ?? 0;
    case DataType.UINT32:
    case DataType.UINT64: return t.uint64Data?.length ?? 0;
    case DataType.STRING: return t.stringData?.length ?? 0;
    case DataType.INT32:
    case DataType.INT16:
    case DataType.INT8:
    case DataType.UINT16:
    case DataType.UINT8:
    case DataType.BOOL:
    case DataType.FLOAT16:
    case DataType.BFLOAT16: return t.int32Data?.length ?? 0;
    default: return null;
  }
}

/** Why the tensor's data does not hold what its dims claim, or null when it does (or cannot be told). */
export function sizeMismatch(t: onnx.ITensorProto): string | null {
  const dims = tensorDims(t);
  if (dims.some((d) => !Number.isSafeInteger(d) || d < 0)) return `has impossible dims [${dims.join(', ')}]`;
  const elements = dims.reduce((p, d) => p * d, 1);
  const type = t.dataType ?? 0;
  const perElement = type === DataType.STRING ? undefined : elemTypeBytes[type];
  const claimed = perElement === undefined ? `${elements} ${elemTypeName(type)} values` : `${elements} ${elemTypeName(type)} values (${bytesText(elements * perElement)}, dims [${dims.join(', ')}])`;
  if (isExternal(t)) {
    const length = externalEntries(t).get('length');
    if (length === undefined || perElement === undefined) return null;
    return Number(length) === elements * perElement ? null : `claims ${claimed} but its external data range is ${bytesText(Number(length))}`;
  }
  const raw = t.rawData?.length ?? 0;
  if (raw > 0) {
    if (perElement === undefined) return null; // 4-bit and float8 types: sizes not modelled here
    return raw === elements * perElement ? null : `claims ${claimed} but stores ${bytesText(raw)} of raw data`;
  }
  const held = typedValues(t, type);
  if (held === null) return null;
  if (held === elements) return null;
  return held === 0 ? `claims ${claimed} but stores no data` : `claims ${claimed} but stores ${held} values`;
}

/** Bad input naming the first tensor whose claimed and stored sizes differ. */
export function checkTensorSizes(graph: onnx.IGraphProto, shown: string): void {
  for (const t of walkTensors(graph)) {
    const why = sizeMismatch(t);
    if (why !== null) throw badInput(`${shown}: tensor '${t.name ?? ''}' ${why}; the file is damaged or was edited, re-export the model`);
  }
}
