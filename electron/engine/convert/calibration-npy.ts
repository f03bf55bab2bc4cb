// Reading NumPy .npy files (format versions 1, 2 and 3): the format users' calibration inputs come in.
import { badInput } from '../errors';

/** Little-endian dtypes we read, with onnxruntime's element type names. */
const DTYPES: Record<string, { type: NpyType; bytes: number }> = {
  '<f4': { type: 'float32', bytes: 4 },
  '<f8': { type: 'float64', bytes: 8 },
  '<f2': { type: 'float16', bytes: 2 },
  '<i8': { type: 'int64', bytes: 8 },
  '<i4': { type: 'int32', bytes: 4 },
  '|i1': { type: 'int8', bytes: 1 },
  '|u1': { type: 'uint8', bytes: 1 },
  '|b1': { type: 'bool', bytes: 1 },
};

export type NpyType = 'float32' | 'float64' | 'float16' | 'int64' | 'int32' | 'int8' | 'uint8' | 'bool';
export type NpyData = Float32Array | Float64Array | Uint16Array | BigInt64Array | Int32Array | Int8Array | Uint8Array;

export interface NpyArray {
  type: NpyType;
  shape: number[];
  data: NpyData;
}

const MAGIC = '\x93NUMPY';

function field(header: string, key: string): string | null {
  const m = new RegExp(`['"]${key}['"]\\s*:\\s*('[^']*'|"[^"]*"|True|False|\\([^)]*\\))`).exec(header);
  return m ? (m[1] as string) : null;
}

/** `bytes` is a copy of exactly the data (so it is aligned whatever the header length was). */
function typedArray(type: NpyType, bytes: Uint8Array): NpyData {
  const buffer = bytes.buffer;
  switch (type) {
    case 'float32': return new Float32Array(buffer);
    case 'float64': return new Float64Array(buffer);
    case 'float16': return new Uint16Array(buffer);
    case 'int64': return new BigInt64Array(buffer);
    case 'int32': return new Int32Array(buffer);
    case 'int8': return new Int8Array(buffer);
    case 'uint8':
    case 'bool': return new Uint8Array(buffer);
  }
}

/** Parses an .npy file's bytes; `shown` names the file in errors. C order only, little-endian only. */
export function parseNpy(bytes: Uint8Array, shown: string): NpyArray {
  const text = (from: number, to: number): string => Buffer.from(bytes.subarray(from, to)).toString('latin1');
  if (bytes.length < 10 || text(0, 6) !== MAGIC) throw badInput(`${shown}: not a NumPy .npy file (no \\x93NUMPY magic); save arrays with numpy.save`);
  const major = bytes[6] as number;
  if (major < 1 || major > 3) throw badInput(`${shown}: .npy format version ${major} is not supported (1, 2 or 3 are)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : bytes.length >= 12 ? view.getUint32(8, true) : -1;
  const headerStart = major === 1 ? 10 : 12;
  if (headerLength < 0 || headerStart + headerLength > bytes.length) throw badInput(`${shown}: the .npy header is truncated`);
  const header = text(headerStart, headerStart + headerLength);
  const descr = field(header, 'descr')?.slice(1, -1) ?? null;
  const fortran = field(header, 'fortran_order');
  const shapeText = field(header, 'shape');
  if (descr === null || shapeText === null) throw badInput(`${shown}: the .npy header has no 'descr' or 'shape'`);
  const dtype = DTYPES[descr === '<b1' ? '|b1' : descr];
  if (dtype === undefined) {
    throw badInput(`${shown}: dtype '${descr}' is not supported; save as float32 ('<f4'), float16 ('<f2'), int64 ('<i8'), int32 ('<i4'), int8, uint8 or bool, little-endian`);
  }
  if (fortran === 'True') throw badInput(`${shown}: Fortran-ordered array; save a C-ordered one (numpy.ascontiguousarray)`);
  const shape = shapeText.slice(1, -1).split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw badInput(`${shown}: cannot read the shape ${shapeText}`);
  const count = shape.reduce((p, d) => p * d, 1);
  const body = bytes.subarray(headerStart + headerLength);
  if (body.length < count * dtype.bytes) {
    throw badInput(`${shown}: holds ${body.length} bytes of data, the header's shape (${shape.join(', ')}) needs ${count * dtype.bytes}; the file is truncated`);
  }
  // A fresh copy: Buffer.slice shares its pool, and the data must be aligned for the typed array.
  const copy = new Uint8Array(count * dtype.bytes);
  copy.set(body.subarray(0, count * dtype.bytes));
  return { type: dtype.type, shape, data: typedArray(dtype.type, copy) };
}
