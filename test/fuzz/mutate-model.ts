// Seeded mutations of valid models: byte-level damage and field-level edits through onnx-proto, so the fuzzer
// reaches both the decoder and everything past it (checks, shape inference, cost estimate, converter, onnxruntime).
import { onnx } from '../../electron/engine/model/onnx-proto';

/** mulberry32: a small seeded PRNG, enough to replay any case from its seed. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  }

  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

export type Mutation = { kind: string; bytes: Uint8Array };

const ABSURD_INTS = [0, -1, -(2 ** 31), 2 ** 31 - 1, 2 ** 40, 2 ** 53 - 1, 1e15, 65537, 3];
const ABSURD_FLOATS = [NaN, Infinity, -Infinity, 0, -0, 1e38, -1e-45, 3.5];
const OP_TYPES = ['Relu', 'MatMul', 'Conv', 'Gemm', 'If', 'Loop', 'Scan', 'Reshape', 'Transpose', 'Concat', 'Split', 'Gather', 'Softmax', 'LayerNormalization', 'Cast', 'QuantizeLinear', 'NoSuchOp', '', 'Add\u0000', 'ConstantOfShape', 'Expand', 'Tile', 'Resize', 'TopK'];

// ---- byte-level ----

function flipBytes(bytes: Uint8Array, rng: Rng): Mutation {
  const out = Uint8Array.from(bytes);
  const n = 1 + rng.int(8);
  for (let i = 0; i < n; i++) {
    const at = rng.int(out.length);
    out[at] = (out[at] as number) ^ (1 << rng.int(8));
  }
  return { kind: 'byte-flip', bytes: out };
}

function truncate(bytes: Uint8Array, rng: Rng): Mutation {
  return { kind: 'truncate', bytes: bytes.slice(0, rng.int(bytes.length)) };
}

function insertBytes(bytes: Uint8Array, rng: Rng): Mutation {
  const at = rng.int(bytes.length);
  const junk = Uint8Array.from({ length: 1 + rng.int(16) }, () => rng.int(256));
  return { kind: 'byte-insert', bytes: Buffer.concat([bytes.subarray(0, at), junk, bytes.subarray(at)]) };
}

function zeroRange(bytes: Uint8Array, rng: Rng): Mutation {
  const out = Uint8Array.from(bytes);
  const at = rng.int(out.length);
  out.fill(rng.pick([0, 0xff]), at, at + 1 + rng.int(32));
  return { kind: 'byte-zero', bytes: out };
}

// ---- field-level: each edits a decoded ModelProto in place; false when the model has nothing to edit ----

type Edit = (model: onnx.ModelProto, rng: Rng) => boolean;

function allGraphs(model: onnx.ModelProto): onnx.IGraphProto[] {
  const graphs: onnx.IGraphProto[] = [];
  const stack = model.graph ? [model.graph] : [];
  for (let g = stack.pop(); g !== undefined; g = stack.pop()) {
    graphs.push(g);
    for (const node of g.node ?? []) for (const a of node.attribute ?? []) stack.push(...(a.g ? [a.g] : []), ...(a.graphs ?? []));
  }
  return graphs;
}

const nodesOf = (model: onnx.ModelProto) => allGraphs(model).flatMap((g) => g.node ?? []);
const valueInfosOf = (model: onnx.ModelProto) => allGraphs(model).flatMap((g) => [...(g.input ?? []), ...(g.output ?? []), ...(g.valueInfo ?? [])]);
const initializersOf = (model: onnx.ModelProto) => allGraphs(model).flatMap((g) => g.initializer ?? []);

const editDim: Edit = (model, rng) => {
  const dims = valueInfosOf(model).flatMap((vi) => vi.type?.tensorType?.shape?.dim ?? []);
  if (dims.length === 0) return false;
  const dim = rng.pick(dims);
  const choice = rng.int(3);
  if (choice === 0) {
    dim.dimParam = undefined;
    dim.dimValue = rng.pick(ABSURD_INTS);
  } else if (choice === 1) {
    dim.dimValue = undefined;
    dim.dimParam = rng.pick(['', 'batch', 'N', '\u0000', 'x'.repeat(300)]);
  } else {
    dim.dimValue = undefined;
    dim.dimParam = undefined;
  }
  return true;
};

const editElemType: Edit = (model, rng) => {
  const typed = valueInfosOf(model).filter((vi) => vi.type?.tensorType);
  const inits = initializersOf(model);
  if (typed.length === 0 && inits.length === 0) return false;
  const value = rng.pick([0, 2, 7, 8, 10, 11, 16, 17, 25, 99, -3]);
  if (inits.length > 0 && (typed.length === 0 || rng.int(2) === 0)) rng.pick(inits).dataType = value;
  else (rng.pick(typed).type?.tensorType as onnx.TypeProto.ITensor).elemType = value;
  return true;
};

const editOpType: Edit = (model, rng) => {
  const nodes = nodesOf(model);
  if (nodes.length === 0) return false;
  const node = rng.pick(nodes);
  if (rng.int(4) === 0) node.domain = rng.pick(['com.microsoft', 'ai.onnx.ml', 'bogus.domain']);
  else node.opType = rng.pick(OP_TYPES);
  return true;
};

const editAttribute: Edit = (model, rng) => {
  const attrs = nodesOf(model).flatMap((n) => n.attribute ?? []);
  if (attrs.length === 0) {
    const nodes = nodesOf(model);
    if (nodes.length === 0) return false;
    rng.pick(nodes).attribute = [{ name: rng.pick(['axis', 'perm', 'to', 'transB', 'alpha']), type: onnx.AttributeProto.AttributeType.INT, i: rng.pick(ABSURD_INTS) }];
    return true;
  }
  const a = rng.pick(attrs);
  const choice = rng.int(5);
  if (choice === 0) a.i = rng.pick(ABSURD_INTS);
  else if (choice === 1) a.ints = Array.from({ length: rng.int(6) }, () => rng.pick(ABSURD_INTS));
  else if (choice === 2) a.f = rng.pick(ABSURD_FLOATS);
  else if (choice === 3) a.type = rng.int(15);
  else a.name = rng.pick(['', 'then_branch', 'body', 'axes', 'shape']);
  return true;
};

const editInitializer: Edit = (model, rng) => {
  const inits = initializersOf(model);
  if (inits.length === 0) return false;
  const t = rng.pick(inits);
  const choice = rng.int(4);
  if (choice === 0 && t.rawData && t.rawData.length > 0) t.rawData = t.rawData.subarray(0, rng.int(t.rawData.length));
  else if (choice === 1) t.dims = (t.dims ?? [1]).map(() => rng.pick(ABSURD_INTS));
  else if (choice === 2) t.dims = [...(t.dims ?? []), rng.pick([2, 1024, 2 ** 40])];
  else {
    t.dataLocation = onnx.TensorProto.DataLocation.EXTERNAL;
    t.externalData = [{ key: 'location', value: rng.pick(['../../etc/passwd', '/etc/hostname', 'missing.bin', '']) }];
    t.rawData = new Uint8Array(0);
  }
  return true;
};

const editNodeInputs: Edit = (model, rng) => {
  const nodes = nodesOf(model);
  if (nodes.length === 0) return false;
  const node = rng.pick(nodes);
  const names = nodes.flatMap((n) => n.output ?? []);
  const choice = rng.int(4);
  if (choice === 0) node.input = [...(node.input ?? []), rng.pick(['ghost', '', ...names])];
  else if (choice === 1 && (node.input ?? []).length > 0) node.input = (node.input ?? []).slice(1);
  else if (choice === 2 && names.length > 0) node.input = (node.input ?? []).map(() => rng.pick(names)); // cycles too
  else node.output = [...(node.output ?? []), ...(node.output ?? []).slice(0, 1)];
  return true;
};

const editGraphShape: Edit = (model, rng) => {
  const graph = model.graph;
  if (!graph) return false;
  graph.node = graph.node ?? [];
  graph.input = graph.input ?? [];
  graph.output = graph.output ?? [];
  const choice = rng.int(4);
  if (choice === 0 && graph.node.length > 0) graph.node.splice(rng.int(graph.node.length), 1);
  else if (choice === 1 && graph.node.length > 0) graph.node.push(rng.pick(graph.node));
  else if (choice === 2) graph.input = rng.int(2) === 0 ? [] : [...graph.input, ...graph.input];
  else graph.output = rng.int(2) === 0 ? [] : [...graph.output, ...graph.input];
  return true;
};

const editVersions: Edit = (model, rng) => {
  if (rng.int(2) === 0) model.irVersion = rng.pick([0, 1, 3, 99, 2 ** 40]);
  else model.opsetImport = rng.int(3) === 0 ? [] : [{ domain: '', version: rng.pick([0, 1, 6, 7, 99, 2 ** 40]) }];
  return true;
};

const FIELD_EDITS: { kind: string; edit: Edit }[] = [
  { kind: 'dim', edit: editDim },
  { kind: 'elem-type', edit: editElemType },
  { kind: 'op-type', edit: editOpType },
  { kind: 'attribute', edit: editAttribute },
  { kind: 'initializer', edit: editInitializer },
  { kind: 'node-inputs', edit: editNodeInputs },
  { kind: 'graph', edit: editGraphShape },
  { kind: 'versions', edit: editVersions },
];

const BYTE_EDITS = [flipBytes, truncate, insertBytes, zeroRange];

/** One mutation of BASE (a valid model's bytes): a third byte-level, two thirds one to three field edits. */
export function mutateModel(base: Uint8Array, rng: Rng): Mutation {
  if (rng.int(3) === 0) return rng.pick(BYTE_EDITS)(base, rng);
  const model = onnx.ModelProto.decode(base);
  const kinds: string[] = [];
  const edits = 1 + rng.int(3);
  for (let i = 0; i < edits; i++) {
    const { kind, edit } = rng.pick(FIELD_EDITS);
    if (edit(model, rng)) kinds.push(kind);
  }
  return { kind: kinds.join('+') || 'none', bytes: onnx.ModelProto.encode(model).finish() };
}
