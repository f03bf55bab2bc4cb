// Raw protobuf wire reading and writing, below protobufjs. Two jobs:
// - tell a truncated ModelProto from bytes that are not a ModelProto at all (protobufjs says "index out of range" for both);
// - splice new graph inputs/outputs/value_info into the original bytes, so every field protobufjs does not know
//   (onnx-proto decodes ONNX 1.10; newer fields such as FunctionProto.attribute_proto are dropped on re-encode) survives.

/** A top-level field: its number, wire type and where its bytes (tag included) lie. */
export interface WireField {
  field: number;
  wireType: number;
  start: number;
  /** Start of the payload (after the tag, and after the length for length-delimited fields). */
  payloadStart: number;
  end: number;
}

/** The fields read, and whether the bytes ended cleanly, mid-field ('truncated') or stopped making sense ('garbage'). */
export interface ScanResult {
  kind: 'ok' | 'truncated' | 'garbage';
  fields: WireField[];
  /** Where reading stopped: the end, or the start of the field that failed. */
  at: number;
}

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

/** Reads a varint at `pos`: 'truncated' when the bytes end first, 'garbage' past 10 bytes. */
function readVarint(bytes: Uint8Array, pos: number): { value: number; next: number } | 'truncated' | 'garbage' {
  let value = 0;
  let scale = 1;
  for (let i = 0; i < 10; i++) {
    if (pos + i >= bytes.length) return 'truncated';
    const b = bytes[pos + i] as number;
    value += (b & 0x7f) * scale;
    scale *= 128;
    if ((b & 0x80) === 0) return { value, next: pos + i + 1 };
  }
  return 'garbage';
}

/** Reads the field starting at `pos`, whatever its number. */
function readField(bytes: Uint8Array, pos: number): WireField | 'truncated' | 'garbage' {
  const tag = readVarint(bytes, pos);
  if (typeof tag === 'string') return tag;
  const field = Math.floor(tag.value / 8);
  const wireType = tag.value % 8;
  if (field === 0) return 'garbage';
  let payloadStart = tag.next;
  let end: number;
  if (wireType === WIRE_VARINT) {
    const v = readVarint(bytes, tag.next);
    if (typeof v === 'string') return v;
    end = v.next;
  } else if (wireType === WIRE_LEN) {
    const len = readVarint(bytes, tag.next);
    if (typeof len === 'string') return len;
    payloadStart = len.next;
    end = len.next + len.value;
  } else if (wireType === WIRE_I64) {
    end = tag.next + 8;
  } else if (wireType === WIRE_I32) {
    end = tag.next + 4;
  } else {
    return 'garbage';
  }
  if (end > bytes.length) return 'truncated';
  return { field, wireType, start: pos, payloadStart, end };
}

/**
 * Walks the top-level fields of a message. With `expected` (field number -> wire type), a known field with another wire
 * type is garbage; unknown field numbers pass (newer schema versions add fields).
 */
export function scanFields(bytes: Uint8Array, expected: ReadonlyMap<number, number> | null): ScanResult {
  const fields: WireField[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const f = readField(bytes, pos);
    if (typeof f === 'string') return { kind: f, fields, at: pos };
    const wireType = expected?.get(f.field);
    if (wireType !== undefined && wireType !== f.wireType) return { kind: 'garbage', fields, at: pos };
    fields.push(f);
    pos = f.end;
  }
  return { kind: 'ok', fields, at: pos };
}

/** ModelProto's fields up to IR version 13 (onnx.proto), with their wire types. */
export const MODEL_PROTO_FIELDS: ReadonlyMap<number, number> = new Map([
  [1, WIRE_VARINT], // ir_version
  [2, WIRE_LEN], // producer_name
  [3, WIRE_LEN], // producer_version
  [4, WIRE_LEN], // domain
  [5, WIRE_VARINT], // model_version
  [6, WIRE_LEN], // doc_string
  [7, WIRE_LEN], // graph
  [8, WIRE_LEN], // opset_import
  [14, WIRE_LEN], // metadata_props
  [20, WIRE_LEN], // training_info
  [25, WIRE_LEN], // functions
  [26, WIRE_LEN], // configuration (IR 11)
]);

const GRAPH_FIELD = 7;
const GRAPH_NODE = 1;
const GRAPH_INITIALIZER = 5;
const GRAPH_INPUT = 11;
const GRAPH_OUTPUT = 12;
const GRAPH_VALUE_INFO = 13;

function varintBytes(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function lengthDelimited(field: number, payload: Uint8Array): Uint8Array[] {
  return [Uint8Array.from([...varintBytes(field * 8 + WIRE_LEN), ...varintBytes(payload.length)]), payload];
}

function concat(parts: Uint8Array[]): Uint8Array {
  const total = parts.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(total);
  let pos = 0;
  for (const p of parts) {
    out.set(p, pos);
    pos += p.length;
  }
  return out;
}

const TENSOR_NAME = 8;
const NODE_OUTPUT = 2;

/** The first string field `field` of a message (a TensorProto's name, a NodeProto's first output); '' when absent. */
function firstString(message: Uint8Array, field: number): string {
  const scan = scanFields(message, null);
  const f = scan.fields.find((x) => x.field === field && x.wireType === WIRE_LEN);
  return f === undefined ? '' : new TextDecoder().decode(message.subarray(f.payloadStart, f.end));
}

/** Graph entries replaced whole: initializers by name, nodes by their first output (each an encoded message). */
export interface GraphReplacements {
  initializers?: ReadonlyMap<string, Uint8Array>;
  nodes?: ReadonlyMap<string, Uint8Array>;
}

function replacement(graphBytes: Uint8Array, g: WireField, with_: GraphReplacements): Uint8Array[] | null {
  const payload = graphBytes.subarray(g.payloadStart, g.end);
  const map = g.field === GRAPH_INITIALIZER ? with_.initializers : g.field === GRAPH_NODE ? with_.nodes : undefined;
  if (map === undefined || map.size === 0) return null;
  const bytes = map.get(firstString(payload, g.field === GRAPH_INITIALIZER ? TENSOR_NAME : NODE_OUTPUT));
  return bytes === undefined ? null : lengthDelimited(g.field, bytes);
}

/**
 * Returns `modelBytes` with the top-level graph's input, output and value_info fields replaced by the given encoded
 * ValueInfoProto messages, and the initializers and nodes named in `replacements` swapped for theirs; every other
 * byte of the model is kept as it was.
 */
export function spliceGraphIo(
  modelBytes: Uint8Array,
  io: { inputs: Uint8Array[]; outputs: Uint8Array[]; valueInfo: Uint8Array[] },
  replacements: GraphReplacements = {},
): Uint8Array {
  const scan = scanFields(modelBytes, null);
  if (scan.kind !== 'ok') throw new Error(`model bytes are ${scan.kind} at byte ${scan.at}`);
  const parts: Uint8Array[] = [];
  let graphSeen = false;
  for (const f of scan.fields) {
    if (f.field !== GRAPH_FIELD || graphSeen) {
      parts.push(modelBytes.subarray(f.start, f.end));
      continue;
    }
    graphSeen = true;
    const graphBytes = modelBytes.subarray(f.payloadStart, f.end);
    const graphScan = scanFields(graphBytes, null);
    if (graphScan.kind !== 'ok') throw new Error(`graph bytes are ${graphScan.kind} at byte ${graphScan.at}`);
    const kept = graphScan.fields
      .filter((g) => g.field !== GRAPH_INPUT && g.field !== GRAPH_OUTPUT && g.field !== GRAPH_VALUE_INFO)
      .flatMap((g) => replacement(graphBytes, g, replacements) ?? [graphBytes.subarray(g.start, g.end)]);
    const replaced = [
      ...io.inputs.flatMap((b) => lengthDelimited(GRAPH_INPUT, b)),
      ...io.outputs.flatMap((b) => lengthDelimited(GRAPH_OUTPUT, b)),
      ...io.valueInfo.flatMap((b) => lengthDelimited(GRAPH_VALUE_INFO, b)),
    ];
    parts.push(...lengthDelimited(GRAPH_FIELD, concat([...kept, ...replaced])));
  }
  if (!graphSeen) throw new Error('model has no graph');
  return concat(parts);
}
