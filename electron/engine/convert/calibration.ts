// Calibration: ranges of the activations static quantization needs, observed by running the FP32 model on sample
// inputs, and the folder format users give their own samples in.
//
// Folder format (`loadCalibrationFolder`): one subfolder per sample, taken in name order, each holding one NumPy
// file per model input named after it: DIR/0001/input_ids.npy, DIR/0001/attention_mask.npy, DIR/0002/... A folder
// with .npy files and no subfolders is one sample. Arrays are little-endian, C order, of the input's dtype (int32
// and int64 are interchangeable; float64 is read as float32), with the input's rank and fixed dims.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { ModelInfo, TensorInfo } from '../../contract/model';
import { badInput } from '../errors';
import { quantileOfSorted } from '../../../common/stats/percentile';
import { DataType, onnx } from '../model/onnx-proto';
import { parseNpy, type NpyArray } from './calibration-npy';
import { staticTargets } from './int8-static-plan';
import { enterPhase } from '../phase';

export type ActivationRange = { min: number; max: number };

/** Values kept per tensor per sample for percentile ranges (a strided subsample of larger tensors). */
export const PERCENTILE_SUBSAMPLE = 1 << 16;

/** The model with `names` added as float graph outputs (those not outputs already). */
function withOutputs(model: onnx.IModelProto, names: string[]): Uint8Array {
  const graph = model.graph ?? {};
  const existing = new Set((graph.output ?? []).map((o) => o.name ?? ''));
  const added = names.filter((n) => !existing.has(n)).map((name) => ({ name, type: { tensorType: { elemType: DataType.FLOAT } } }));
  const copy = onnx.ModelProto.create({ ...model, graph: onnx.GraphProto.create({ ...graph, output: [...(graph.output ?? []), ...added] }) });
  return onnx.ModelProto.encode(copy).finish();
}

class RangeObserver {
  min = Infinity;
  max = -Infinity;
  private readonly kept: Float32Array[] = [];

  constructor(private readonly keepValues: boolean) {}

  observe(data: Float32Array): void {
    let lo = this.min;
    let hi = this.max;
    for (let i = 0; i < data.length; i++) {
      const v = data[i] as number;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    this.min = lo;
    this.max = hi;
    if (!this.keepValues) return;
    const stride = Math.max(1, Math.ceil(data.length / PERCENTILE_SUBSAMPLE));
    this.kept.push(stride === 1 ? Float32Array.from(data) : Float32Array.from({ length: Math.ceil(data.length / stride) }, (_, i) => data[i * stride] as number));
  }

  range(percentile: number | null): ActivationRange {
    if (percentile === null || this.kept.length === 0) return { min: this.min, max: this.max };
    const all = new Float32Array(this.kept.reduce((n, k) => n + k.length, 0));
    let at = 0;
    for (const k of this.kept) {
      all.set(k, at);
      at += k.length;
    }
    all.sort();
    if (all.length === 0) return { min: 0, max: 0 };
    const p = percentile / 100;
    return { min: quantileOfSorted(all, 1 - p), max: quantileOfSorted(all, p) };
  }
}

/**
 * Runs the FP32 model over `samples` and returns the range of every activation static quantization needs.
 * 'minmax': the smallest and largest value seen. 'percentile': the (100 - p)th and pth percentiles of the values
 * themselves (not of |x|: activations are quantized asymmetrically), estimated from a strided subsample of at most
 * PERCENTILE_SUBSAMPLE values per tensor per sample; clipping the rare extremes gives finer steps to the rest.
 */
export async function collectActivationRanges(
  model: onnx.IModelProto,
  samples: Record<string, ort.Tensor>[],
  method: 'minmax' | 'percentile',
  percentile = 99.99,
): Promise<Map<string, ActivationRange>> {
  if (samples.length === 0) throw badInput('calibration needs at least one sample');
  if (method === 'percentile' && !(percentile > 50 && percentile <= 100)) throw badInput(`calibration percentile ${percentile} must be above 50 and at most 100`);
  const targets = staticTargets(model);
  const feedNames = new Set((model.graph?.input ?? []).map((i) => i.name ?? ''));
  const fetched = targets.filter((t) => !feedNames.has(t));
  const observers = new Map(targets.map((t) => [t, new RangeObserver(method === 'percentile')]));
  const ranges = new Map<string, ActivationRange>();
  if (targets.length === 0) return ranges;
  enterPhase('session', 'calibration: creating the session');
  const session = await ort.InferenceSession.create(withOutputs(model, fetched), { graphOptimizationLevel: 'basic' });
  enterPhase('inference', 'calibration: running the model on the calibration samples');
  try {
    for (const feeds of samples) {
      const outputs = fetched.length > 0 ? await session.run(feeds, fetched) : {};
      for (const name of targets) {
        const t = outputs[name] ?? feeds[name];
        if (t !== undefined && t.type === 'float32') observers.get(name)?.observe(t.data as Float32Array);
      }
    }
  } finally {
    await session.release();
  }
  for (const [name, o] of observers) if (o.max >= o.min) ranges.set(name, o.range(method === 'percentile' ? percentile : null));
  return ranges;
}

const INTEGER_TYPES = new Set(['int32', 'int64']);

/** The array as the input's element type (int32/int64 interchange, float64 to float32), or null when it cannot be. */
function converted(array: NpyArray, want: string): ort.Tensor['data'] | null {
  if (array.type === want) return array.data;
  if (want === 'float32' && array.type === 'float64') return Float32Array.from(array.data as Float64Array);
  if (want === 'int64' && array.type === 'int32') return BigInt64Array.from(array.data as Int32Array, (v) => BigInt(v));
  if (want === 'int32' && array.type === 'int64') return Int32Array.from(array.data as BigInt64Array, (v) => Number(v));
  return null;
}

function toInputTensor(array: NpyArray, input: TensorInfo, shown: string): ort.Tensor {
  const { shape } = array;
  const want = input.elemType;
  const data = converted(array, want);
  if (data === null) {
    const hint = INTEGER_TYPES.has(want) ? `int64 ('<i8') or int32 ('<i4')` : want;
    throw badInput(`${shown}: dtype ${array.type}, but the model's input '${input.name}' is ${want}; save it as ${hint}`);
  }
  if (input.shape.length !== shape.length) {
    throw badInput(`${shown}: shape (${shape.join(', ')}) has ${shape.length} dims; the model's input '${input.name}' has ${input.shape.length} [${input.shape.map((d) => d ?? '?').join(', ')}]`);
  }
  input.shape.forEach((d, i) => {
    if (typeof d === 'number' && d !== shape[i] && !(i === 0 && d === 1)) {
      throw badInput(`${shown}: axis ${i} is ${String(shape[i])}; the model's input '${input.name}' fixes it at ${d}`);
    }
  });
  return new ort.Tensor(want as ort.Tensor.Type, data, shape);
}

async function listDir(dir: string): Promise<fs.Dirent[]> {
  try {
    return (await fs.promises.readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw badInput(`${dir}: no such folder; give a folder of samples (DIR/0001/<input>.npy, ...)`);
    if (code === 'ENOTDIR') throw badInput(`${dir}: not a folder; give a folder of samples (DIR/0001/<input>.npy, ...)`);
    throw badInput(`${dir}: cannot read the folder (${code ?? String(error)})`);
  }
}

async function loadSample(dir: string, info: ModelInfo): Promise<Record<string, ort.Tensor>> {
  const entries = await listDir(dir);
  const names = info.inputs.map((i) => i.name);
  for (const e of entries) {
    if (e.isFile() && e.name.endsWith('.npy') && !names.includes(e.name.slice(0, -4))) {
      throw badInput(`${path.join(dir, e.name)}: the model has no input '${e.name.slice(0, -4)}' (its inputs: ${names.join(', ')})`);
    }
  }
  const sample: Record<string, ort.Tensor> = {};
  for (const input of info.inputs) {
    const file = path.join(dir, `${input.name}.npy`);
    const bytes = await fs.promises.readFile(file).catch(() => null);
    if (bytes === null) throw badInput(`${file}: missing; each sample folder needs one .npy file per model input (${names.map((n) => `${n}.npy`).join(', ')})`);
    sample[input.name] = toInputTensor(parseNpy(bytes, file), input, file);
  }
  return sample;
}

/** Loads every sample of a calibration folder (format above). Throws bad-input naming the file at fault. */
export async function loadCalibrationFolder(dir: string, info: ModelInfo): Promise<Record<string, ort.Tensor>[]> {
  const entries = await listDir(dir);
  const subdirs = entries.filter((e) => e.isDirectory());
  if (subdirs.length === 0) {
    if (entries.some((e) => e.isFile() && e.name.endsWith('.npy'))) return [await loadSample(dir, info)];
    throw badInput(`${dir}: no samples; put one subfolder per sample holding <input>.npy files (${info.inputs.map((i) => `${i.name}.npy`).join(', ')})`);
  }
  const samples: Record<string, ort.Tensor>[] = [];
  for (const d of subdirs) samples.push(await loadSample(path.join(dir, d.name), info));
  return samples;
}
