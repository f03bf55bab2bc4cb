// Reference data for `check`: the layout of the ONNX Model Zoo and the ONNX backend tests.
//
// DIR/test_data_set_0/input_0.pb, input_1.pb, ..., output_0.pb, ...; DIR/test_data_set_1/...  Files are serialized
// TensorProtos (.pb) or NumPy arrays (.npy); input_K feeds the model's K-th input, output_K is the expected K-th output.
// A DIR holding input_0.* itself is one data set; without test_data_set_* folders, every subfolder is one.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { ModelInfo, TensorInfo } from '../../contract/model';
import { badInput } from '../errors';
import { parseNpy } from '../convert/calibration-npy';
import { parseTensorProto } from './tensor-proto-file';

export interface DataSet {
  name: string;
  /** By model input name. */
  inputs: Record<string, ort.Tensor>;
  /** By model output name, in the model's output order; outputs without a file are not checked. */
  outputs: Record<string, ort.Tensor>;
}

const FILE = /^(input|output)_(\d+)\.(pb|npy)$/;
const LAYOUT = 'DIR/test_data_set_0/input_0.pb (or .npy), ..., output_0.pb, ...';

async function listDir(dir: string): Promise<fs.Dirent[]> {
  try {
    return (await fs.promises.readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name, 'en', { numeric: true }));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw badInput(`${dir}: no such folder; give a folder of reference data (${LAYOUT})`);
    if (code === 'ENOTDIR') throw badInput(`${dir}: not a folder; give a folder of reference data (${LAYOUT})`);
    throw badInput(`${dir}: cannot read the folder (${code ?? String(error)})`);
  }
}

/** The data set folders of DIR, in natural name order. */
async function setFolders(dir: string): Promise<string[]> {
  const entries = await listDir(dir);
  if (entries.some((e) => e.isFile() && FILE.test(e.name))) return [dir];
  const subdirs = entries.filter((e) => e.isDirectory());
  const zoo = subdirs.filter((e) => e.name.startsWith('test_data_set'));
  const chosen = zoo.length > 0 ? zoo : subdirs;
  if (chosen.length === 0) throw badInput(`${dir}: no data sets; expected ${LAYOUT}`);
  return chosen.map((e) => path.join(dir, e.name));
}

async function readTensor(file: string): Promise<ort.Tensor> {
  const bytes = await fs.promises.readFile(file);
  if (file.endsWith('.pb')) return parseTensorProto(bytes, file).tensor;
  const array = parseNpy(bytes, file);
  return new ort.Tensor(array.type as ort.Tensor.Type, array.data, array.shape);
}

const showShape = (dims: readonly (number | string | null)[]): string => `[${dims.map((d) => d ?? '?').join(', ')}]`;

/** Refuses a tensor whose type, rank or fixed dims differ from what the model declares (dim 0 free when batchable). */
function assertFits(t: ort.Tensor, declared: TensorInfo, role: 'input' | 'output', batchFree: boolean, file: string): void {
  if (t.type !== declared.elemType) throw badInput(`${file}: dtype ${t.type}, but the model's ${role} '${declared.name}' is ${declared.elemType}`);
  if (declared.shape.length === 0 && t.dims.length === 0) return;
  const fixed = declared.shape.every((d, i) => typeof d !== 'number' || d === t.dims[i] || (i === 0 && batchFree));
  if (declared.shape.length !== t.dims.length || !fixed) {
    throw badInput(`${file}: shape ${showShape(t.dims)} does not match the model's ${role} '${declared.name}' ${showShape(declared.shape)}`);
  }
}

async function loadSet(dir: string, info: ModelInfo, outputsRequired: boolean): Promise<DataSet> {
  const files = new Map<string, string>();
  for (const e of await listDir(dir)) {
    const m = FILE.exec(e.name);
    if (!e.isFile() || !m) continue;
    const key = `${m[1]}_${m[2]}`;
    if (files.has(key)) throw badInput(`${path.join(dir, e.name)}: ${key} is given twice (as .pb and .npy); keep one`);
    files.set(key, path.join(dir, e.name));
  }
  const batchFree = info.batch.kind === 'symbolic' || info.batch.kind === 'rewritable';
  const inputs: Record<string, ort.Tensor> = {};
  for (const [k, declared] of info.inputs.entries()) {
    const file = files.get(`input_${k}`);
    if (file === undefined) throw badInput(`${path.join(dir, `input_${k}.pb`)}: missing; the model has ${info.inputs.length} input(s) (${info.inputs.map((i) => i.name).join(', ')}), each needs input_K.pb or input_K.npy`);
    const t = await readTensor(file);
    assertFits(t, declared, 'input', batchFree && info.batch.inputs.includes(declared.name), file);
    inputs[declared.name] = t;
  }
  const extra = [...files.keys()].find((k) => k.startsWith('input_') && Number(k.slice(6)) >= info.inputs.length);
  if (extra !== undefined) throw badInput(`${files.get(extra)}: the model has only ${info.inputs.length} input(s) (${info.inputs.map((i) => i.name).join(', ')})`);
  const outputs: Record<string, ort.Tensor> = {};
  for (const [k, declared] of info.outputs.entries()) {
    const file = files.get(`output_${k}`);
    if (file === undefined) continue;
    const t = await readTensor(file);
    assertFits(t, declared, 'output', batchFree, file);
    outputs[declared.name] = t;
  }
  const stray = [...files.keys()].find((k) => k.startsWith('output_') && Number(k.slice(7)) >= info.outputs.length);
  if (stray !== undefined) throw badInput(`${files.get(stray)}: the model has only ${info.outputs.length} output(s) (${info.outputs.map((o) => o.name).join(', ')})`);
  if (outputsRequired && Object.keys(outputs).length === 0) throw badInput(`${dir}: no reference outputs (output_0.pb or output_0.npy, ...); nothing to check against`);
  return { name: path.basename(dir), inputs, outputs };
}

/**
 * Loads every data set of DIR (layout above), checked against the model; bad data is a bad-input error naming the file.
 * Reference outputs are required unless only the inputs are wanted (`outputs: 'optional'`).
 */
export async function loadReferenceData(dir: string, info: ModelInfo, want: { outputs: 'required' | 'optional' } = { outputs: 'required' }): Promise<DataSet[]> {
  const sets: DataSet[] = [];
  for (const folder of await setFolders(dir)) sets.push(await loadSet(folder, info, want.outputs === 'required'));
  return sets;
}
