// Concrete input shapes for a batch size, and seeded random input tensors of those shapes.
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import type { ModelInfo, TensorInfo } from '../../contract/model';
import { badInput } from '../errors';
import { formatBytes } from '../../../common/units';
import { product } from './graph-walk';
import { toFloat16Bits } from './float16';

/** Element types infermeter can fill, with bytes per element and, for integers, the values they hold. */
export const SYNTHESIZABLE_TYPES: Record<string, { bytes: number; min?: number; max?: number }> = {
  float32: { bytes: 4 },
  float16: { bytes: 2 },
  float64: { bytes: 8 },
  int8: { bytes: 1, min: -128, max: 127 },
  uint8: { bytes: 1, min: 0, max: 255 },
  int16: { bytes: 2, min: -32768, max: 32767 },
  uint16: { bytes: 2, min: 0, max: 65535 },
  int32: { bytes: 4, min: -(2 ** 31), max: 2 ** 31 - 1 },
  uint32: { bytes: 4, min: 0, max: 2 ** 32 - 1 },
  int64: { bytes: 8, min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER },
  uint64: { bytes: 8, min: 0, max: Number.MAX_SAFE_INTEGER },
  bool: { bytes: 1 },
};

/** Integer inputs (token ids included) are drawn from [0, 100) unless an int range (--int-range) says otherwise. */
export const DEFAULT_INT_RANGE: [number, number] = [0, 100];

/** Most input bytes one batch may need: beyond it the run would mostly measure the allocator (or fail). */
export const MAX_INPUT_BYTES = 2 * 1024 ** 3;

export interface ShapeOverrides {
  /** Values of symbolic dims, by dim name ("sequence") or "input:axis" ("input_ids:1"). */
  dims: Record<string, number>;
  /** Full shapes by input name; the batch dim is still set to the batch size when the batch axis is batchable. */
  shapes: Record<string, number[]>;
}

const base = (info: ModelInfo): string => path.basename(info.path);
const fmtShape = (shape: number[]): string => shape.join('x');

/** Refuses inputs infermeter cannot fill (strings, sequences, maps, bfloat16...). */
export function assertBenchableInputs(info: ModelInfo): void {
  for (const input of info.inputs) {
    if (SYNTHESIZABLE_TYPES[input.elemType] === undefined) {
      throw badInput(`${base(info)}: input '${input.name}' is of type ${input.elemType}; infermeter can only synthesize numeric and bool inputs`);
    }
  }
}

function checkPositive(value: number, what: string): void {
  if (!Number.isInteger(value) || value < 1) throw badInput(`${what} must be a positive integer (got ${value})`);
}

function fromOverride(input: TensorInfo, given: number[], isBatch: boolean, batch: number): number[] {
  given.forEach((d, i) => checkPositive(d, `--shape ${input.name}: axis ${i}`));
  const declared = input.shape;
  if (declared.length > 0 && declared.length !== given.length) {
    throw badInput(`--shape ${input.name}=${fmtShape(given)} has ${given.length} dims; the model's input '${input.name}' has ${declared.length}`);
  }
  declared.forEach((d, i) => {
    if (typeof d === 'number' && d !== given[i] && !(i === 0 && isBatch)) {
      throw badInput(`--shape ${input.name}=${fmtShape(given)} sets axis ${i} to ${String(given[i])}, but the model fixes it at ${d}`);
    }
  });
  return given.map((d, i) => (i === 0 && isBatch ? batch : d));
}

function fromDeclared(input: TensorInfo, isBatch: boolean, batch: number, dims: Record<string, number>): number[] {
  const example = input.shape.map((d, i) => (i === 0 && isBatch ? batch : typeof d === 'number' ? d : (dims[d ?? ''] ?? dims[`${input.name}:${i}`] ?? 128)));
  return input.shape.map((d, axis) => {
    if (axis === 0 && isBatch) return batch;
    if (typeof d === 'number') return d;
    const value = (d === null ? undefined : dims[d]) ?? dims[`${input.name}:${axis}`];
    if (value !== undefined) return value;
    const shapeHint = `--shape ${input.name}=${fmtShape(example)}`;
    if (d === null) throw badInput(`input '${input.name}' has an unnamed symbolic dim at axis ${axis}: give it a value with ${shapeHint} or --dim ${input.name}:${axis}=128`);
    throw badInput(`input '${input.name}' has symbolic dim '${d}' at axis ${axis}: give it a value with ${shapeHint} or --dim ${d}=128`);
  });
}

/** The shape each input gets at `batch`. Throws bad-input for a dim without a value or an override that does not fit. */
export function resolveInputShapes(info: ModelInfo, batch: number, overrides: ShapeOverrides): Record<string, number[]> {
  checkPositive(batch, 'the batch size');
  for (const [name, value] of Object.entries(overrides.dims)) checkPositive(value, `--dim ${name}`);
  const names = info.inputs.map((i) => i.name);
  for (const name of Object.keys(overrides.shapes)) {
    if (!names.includes(name)) throw badInput(`--shape ${name}: the model has no input '${name}' (its inputs: ${names.join(', ')})`);
  }
  const batchable = info.batch.kind === 'symbolic' || info.batch.kind === 'rewritable';
  if (batch !== 1 && !batchable) throw badInput(`${base(info)}: cannot run batch ${batch}: ${info.batch.reason}`);
  const out: Record<string, number[]> = {};
  for (const input of info.inputs) {
    const isBatch = batchable && info.batch.inputs.includes(input.name);
    const given = overrides.shapes[input.name];
    out[input.name] = given !== undefined ? fromOverride(input, given, isBatch, batch) : fromDeclared(input, isBatch, batch, overrides.dims);
  }
  return out;
}


/** Bytes the inputs take at the given shapes. */
export function inputBytes(info: ModelInfo, shapes: Record<string, number[]>): number {
  return info.inputs.reduce((n, i) => n + product(shapes[i.name] ?? []) * (SYNTHESIZABLE_TYPES[i.elemType]?.bytes ?? 0), 0);
}

/** A seeded xorshift32 stream per input, mixed from the run's seed and the input's name (order does not matter). */
function randomStream(seed: number, name: string): () => number {
  let h = 2166136261 ^ seed;
  for (const c of name) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  let s = h >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

function intRangeFor(input: TensorInfo, intRanges: Record<string, [number, number]>): [number, number] {
  const range = intRanges[input.name] ?? DEFAULT_INT_RANGE;
  const [lo, hi] = range;
  const type = SYNTHESIZABLE_TYPES[input.elemType];
  if (!Number.isInteger(lo) || !Number.isInteger(hi) || lo >= hi) {
    throw badInput(`--int-range ${input.name}=${lo}:${hi} is empty or not integers; give low:high with low < high (high excluded)`);
  }
  if (type?.min !== undefined && type.max !== undefined && (lo < type.min || hi - 1 > type.max)) {
    throw badInput(`--int-range ${input.name}=${lo}:${hi} does not fit ${input.elemType} (${type.min} to ${type.max})`);
  }
  return [lo, hi];
}

function fill(input: TensorInfo, count: number, next: () => number, intRanges: Record<string, [number, number]>): ort.Tensor['data'] {
  const type = input.elemType;
  const floats = (): number => next() * 2 - 1;
  if (type === 'float32') return Float32Array.from({ length: count }, floats);
  if (type === 'float64') return Float64Array.from({ length: count }, floats);
  if (type === 'float16') return Uint16Array.from({ length: count }, () => toFloat16Bits(floats()));
  if (type === 'bool') return Uint8Array.from({ length: count }, () => (next() < 0.5 ? 0 : 1));
  const [lo, hi] = intRangeFor(input, intRanges);
  const int = (): number => lo + Math.floor(next() * (hi - lo));
  switch (type) {
    case 'int8': return Int8Array.from({ length: count }, int);
    case 'uint8': return Uint8Array.from({ length: count }, int);
    case 'int16': return Int16Array.from({ length: count }, int);
    case 'uint16': return Uint16Array.from({ length: count }, int);
    case 'int32': return Int32Array.from({ length: count }, int);
    case 'uint32': return Uint32Array.from({ length: count }, int);
    case 'int64': return BigInt64Array.from({ length: count }, () => BigInt(int()));
    case 'uint64': return BigUint64Array.from({ length: count }, () => BigInt(int()));
    default: throw badInput(`input '${input.name}' is of type ${type}; infermeter can only synthesize numeric and bool inputs`);
  }
}

/** Refuses inputs too large to synthesise before anything is allocated, with the size they would take. */
export function assertInputsFit(info: ModelInfo, shapes: Record<string, number[]>): void {
  assertBenchableInputs(info);
  const total = inputBytes(info, shapes);
  if (total > MAX_INPUT_BYTES) {
    const largest = [...info.inputs].sort((a, b) => product(shapes[b.name] ?? []) - product(shapes[a.name] ?? []))[0] as TensorInfo;
    throw badInput(
      `${base(info)}: the inputs would take ${formatBytes(total)} ('${largest.name}' is ${fmtShape(shapes[largest.name] ?? [])} ${largest.elemType}); ` +
        `infermeter synthesizes at most ${formatBytes(MAX_INPUT_BYTES)} of inputs: use a smaller --batch, --shape or --dim`,
    );
  }
}

/**
 * Random input tensors of the given shapes: floats uniform in [-1, 1), integers uniform in their int range (default
 * [0, 100), token ids included), bools fair. The same seed gives the same data.
 */
export function synthesizeInputs(
  info: ModelInfo,
  shapes: Record<string, number[]>,
  intRanges: Record<string, [number, number]>,
  seed: number,
): Record<string, ort.Tensor> {
  assertInputsFit(info, shapes);
  const out: Record<string, ort.Tensor> = {};
  for (const input of info.inputs) {
    const shape = shapes[input.name];
    if (shape === undefined) throw badInput(`input '${input.name}' has no shape: give one with --shape ${input.name}=...`);
    const data = fill(input, product(shape), randomStream(seed, input.name), intRanges);
    out[input.name] = new ort.Tensor(input.elemType as ort.Tensor.Type, data, shape);
  }
  return out;
}
