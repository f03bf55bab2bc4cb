import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cacheDir } from '../electron/engine/cache-dir';
import { badInput } from '../electron/engine/errors';
import { onnx } from '../electron/engine/model/onnx-proto';
import { findBuiltin } from './registry';
import type { BuildOptions, BuiltinModel, ModelPlan, OptionName } from './types';

/**
 * Bump whenever any generator's output changes (graph, weights, names, metadata): it is part of every cached
 * file's name, so a new version never reuses an old file. The determinism test pins one tiny model's hash.
 */
export const GENERATOR_VERSION = 1;
/** Every built-in model's weights come from this seed. */
export const MODEL_SEED = 0x1f3a_c0de;
const OPSET = 17;
const IR_VERSION = 8;
/** protobuf cannot encode a message of 2 GiB or more; leave room for the graph around the weights. */
const MAX_WEIGHT_BYTES = 2 ** 31 - 2 ** 26;

export interface BuildResult {
  path: string;
  /** True when the file was already in the cache and nothing was built. */
  cached: boolean;
  /** Time taken by this call (building, encoding and writing, or just finding the cached file). */
  buildMs: number;
  bytes: number;
}

/** Where a cache lives; tests and the bench script pass their own directory. */
export interface CacheLocation {
  dir?: string;
}

/** The cache file name: model, size, each option that shapes the graph, generator version. */
export function builtinFileName(model: BuiltinModel, size: BuildOptions['size'], plan: ModelPlan): string {
  const options = (Object.entries(plan.options) as [OptionName, number][]).map(([k, v]) => `-${k}${v}`).join('');
  return `${model.name}-${size}${options}-v${GENERATOR_VERSION}.onnx`;
}

export function builtinPath(name: string, options: BuildOptions, where: CacheLocation = {}): string {
  const model = findBuiltin(name);
  return path.join(where.dir ?? path.join(cacheDir(), 'models'), builtinFileName(model, options.size, model.plan(options)));
}

export function isCached(name: string, options: BuildOptions, where: CacheLocation = {}): boolean {
  return fs.existsSync(builtinPath(name, options, where));
}

/** Builds the model in memory and encodes it as an ONNX file's bytes. */
export function encodeBuiltin(name: string, options: BuildOptions): Uint8Array {
  const model = findBuiltin(name);
  const plan = model.plan(options);
  if (plan.params * 4 > MAX_WEIGHT_BYTES) {
    const flags = model.options.map((o) => `--${o}`).join('/');
    throw badInput(`${model.name} with these options has ${(plan.params / 1e6).toFixed(0)} M parameters, over ONNX's 2 GB single-file limit: choose a smaller ${flags}.`);
  }
  const g = plan.build(MODEL_SEED);
  for (const input of g.inputs) input.docString = plan.inputs.find((i) => i.name === input.name)?.description ?? '';
  const proto = g.model({ opset: OPSET, irVersion: IR_VERSION, producer: 'infermeter-models' });
  proto.producerVersion = String(GENERATOR_VERSION);
  proto.docString = model.description;
  proto.metadataProps = [
    { key: 'infermeter.builtin', value: model.name },
    { key: 'infermeter.size', value: options.size },
    { key: 'infermeter.options', value: JSON.stringify(plan.options) },
    { key: 'infermeter.seed', value: String(MODEL_SEED) },
    { key: 'infermeter.input_ranges', value: JSON.stringify(Object.fromEntries(plan.inputs.filter((i) => i.range).map((i) => [i.name, i.range]))) },
  ];
  return onnx.ModelProto.encode(onnx.ModelProto.create(proto)).finish();
}

const inFlight = new Map<string, Promise<BuildResult>>();

/**
 * The built-in model's file in the cache, built first if it is not there. Written to a temporary name and
 * renamed, so a crash or a concurrent build never leaves a partial file under the final name.
 */
export async function buildBuiltin(name: string, options: BuildOptions, where: CacheLocation = {}): Promise<BuildResult> {
  const file = builtinPath(name, options, where);
  const pending = inFlight.get(file);
  if (pending) return pending;
  const started = performance.now();
  const existing = await fs.promises.stat(file).catch(() => null);
  if (existing?.isFile()) return { path: file, cached: true, buildMs: performance.now() - started, bytes: existing.size };
  const build = writeModel(name, options, file, started);
  inFlight.set(file, build);
  try {
    return await build;
  } finally {
    inFlight.delete(file);
  }
}

async function writeModel(name: string, options: BuildOptions, file: string, started: number): Promise<BuildResult> {
  const bytes = encodeBuiltin(name, options);
  await fs.promises.mkdir(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await fs.promises.writeFile(temp, bytes);
    await fs.promises.rename(temp, file);
  } catch (error) {
    await fs.promises.rm(temp, { force: true });
    const reason = error instanceof Error ? error.message : String(error);
    throw badInput(`Cannot write built-in model ${name} to ${file}: ${reason}. Set INFERMETER_CACHE_DIR to a writable directory.`);
  }
  return { path: file, cached: false, buildMs: performance.now() - started, bytes: bytes.length };
}
