// Reads an .onnx file and refuses, with a message naming the file, anything onnxruntime should not be handed.
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { badInput } from '../errors';
import { onnx } from './onnx-proto';
import { MODEL_PROTO_FIELDS, scanFields } from './protobuf-wire';
import { checkExternalData, checkStructure, checkVersions } from './model-checks';
import { askOnnxruntimeAboutOldOpset } from './old-opset';
import { MAX_SUBGRAPH_DEPTH, subgraphDepth } from './subgraph-depth';
import { enterPhase } from '../phase';
import { checkTensorSizes } from './tensor-sizes';

export interface LoadedModel {
  /** Absolute path of the model file. */
  path: string;
  bytes: Uint8Array;
  model: onnx.ModelProto;
  sha256: string;
  fileBytes: number;
  /** External data files the model reads, relative to its folder, with their sizes on disk. */
  externalFiles: { location: string; bytes: number }[];
  /** What loading found worth saying (an old opset onnxruntime loads anyway). */
  warnings: string[];
}

/** Protobuf messages are limited to 2 GiB; larger "models" are not ONNX files. */
const MAX_PROTOBUF_BYTES = 2 ** 31;

async function statOrExplain(file: string, shown: string): Promise<fs.Stats> {
  try {
    return await fs.promises.stat(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw badInput(`${shown}: no such file`);
    if (code === 'EACCES' || code === 'EPERM') throw badInput(`${shown}: permission denied; check the file's permissions`);
    throw badInput(`${shown}: cannot read the file (${code ?? String(error)})`);
  }
}

function startsWith(bytes: Uint8Array, text: string): boolean {
  return Buffer.from(bytes.subarray(0, text.length)).toString('latin1') === text;
}

/** Why bytes that are not a ModelProto are not: the common look-alikes get their own next step. */
function notOnnx(bytes: Uint8Array, shown: string): Error {
  if (startsWith(bytes, 'version https://git-lfs')) return badInput(`${shown}: a Git LFS pointer, not the model itself; fetch the model with 'git lfs pull'`);
  if (startsWith(bytes, 'PK\x03\x04')) return badInput(`${shown}: a zip archive, not an ONNX model (a PyTorch checkpoint?); export it to ONNX first`);
  return badInput(`${shown}: not an ONNX model (the bytes are not an ONNX protobuf); give an .onnx file`);
}

/** protobufjs's decode errors in words: damage inside a nested message gets past the top-level scan. */
function decodeFailure(message: string): string {
  const overrun = /index out of range: (\d+) \+ \d+ > \d+/.exec(message);
  if (overrun) return `the file is damaged (a field inside the model runs past the end of the part that holds it, at byte ${overrun[1]}); re-download or re-export the model`;
  const wire = /invalid wire type (\d+) at offset (\d+)/.exec(message);
  if (wire) return `the file is damaged (the bytes at offset ${wire[2]} are not valid protobuf); re-download or re-export the model`;
  return `not a valid ONNX model (${message}); re-export it`;
}

/** Decodes a ModelProto, telling truncated files from foreign bytes. `shown` names the file in messages. */
export function decodeModel(bytes: Uint8Array, shown: string): onnx.ModelProto {
  const scan = scanFields(bytes, MODEL_PROTO_FIELDS);
  // Exporters write fields in number order, so a model starts with a field ModelProto knows (ir_version first).
  const first = scan.fields[0];
  const startsLikeModel = first !== undefined && MODEL_PROTO_FIELDS.has(first.field);
  if (scan.kind === 'garbage' || !startsLikeModel) throw notOnnx(bytes, shown);
  if (scan.kind === 'truncated') {
    throw badInput(`${shown}: the file is truncated (${bytes.length} bytes, it ends inside a field); re-download or re-export the model`);
  }
  const depth = subgraphDepth(bytes);
  if (depth > MAX_SUBGRAPH_DEPTH) {
    throw badInput(`${shown}: subgraphs nested ${depth} deep (If, Loop or Scan bodies inside each other); onnxruntime loads at most ${MAX_SUBGRAPH_DEPTH} levels; re-export the model with less nested control flow`);
  }
  try {
    return onnx.ModelProto.decode(bytes);
  } catch (error) {
    throw badInput(`${shown}: ${decodeFailure((error as Error).message)}`);
  }
}

/**
 * Loads and checks a model file. Every refusal is a bad-input EngineError whose one-line message starts with the path
 * as given, says what is wrong and what to do next.
 */
export async function loadModelFile(file: string): Promise<LoadedModel> {
  const shown = file;
  enterPhase('work', 'reading the model');
  const absolute = path.resolve(file);
  const stat = await statOrExplain(absolute, shown);
  if (stat.isDirectory()) throw badInput(`${shown}: is a directory; give the path of an .onnx file`);
  if (!stat.isFile()) throw badInput(`${shown}: not a regular file; give the path of an .onnx file`);
  if (stat.size === 0) throw badInput(`${shown}: the file is empty (0 bytes); re-download or re-export the model`);
  if (stat.size >= MAX_PROTOBUF_BYTES) {
    throw badInput(`${shown}: ${(stat.size / 1024 ** 3).toFixed(1)} GiB is more than an ONNX protobuf can hold (2 GiB); big models keep their weights in external data files`);
  }
  let bytes: Uint8Array;
  try {
    bytes = await fs.promises.readFile(absolute);
  } catch (error) {
    throw badInput(`${shown}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  const model = decodeModel(bytes, shown);
  const graph = checkStructure(model, shown);
  const oldOpset = checkVersions(model, graph, shown);
  checkTensorSizes(graph, shown);
  const externalFiles = await checkExternalData(graph, absolute, shown);
  const warnings = oldOpset === null ? [] : [await askOnnxruntimeAboutOldOpset(absolute, oldOpset, shown)];
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  return { path: absolute, bytes, model, sha256, fileBytes: stat.size, externalFiles, warnings };
}
