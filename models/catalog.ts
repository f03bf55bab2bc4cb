import type { TensorInfo } from '../electron/contract/model';
import { badInput } from '../electron/engine/errors';
import { buildBuiltin, isCached, type CacheLocation } from './build-cache';
import { BUILTIN_MODELS, findBuiltin } from './registry';
import { MODEL_SIZES, type BuildOptions, type InputSpec, type ModelSize, type OptionName } from './types';

export { buildBuiltin, isCached, GENERATOR_VERSION, type BuildResult, type CacheLocation } from './build-cache';
export type { BuildOptions, InputSpec, ModelSize, OptionName } from './types';

export const BUILTIN_PREFIX = 'builtin:';

/**
 * What `infermeter bench` and the app's first screen measure when no model is given. The MLP (4 x 1024 Gemm +
 * ReLU, 17 MB of weights): it builds in well under a second, every execution provider and both FP16 and INT8
 * conversions support all of its ops, and a full sweep over precisions and batch sizes finishes in seconds on
 * a laptop — while its weights outgrow the caches, so batch 1 shows memory-bound and large batches
 * compute-bound behaviour. ResNet-50 is the richer benchmark, but a sweep of it takes minutes on a laptop CPU.
 */
export const DEFAULT_BUILTIN = 'builtin:mlp';

export interface SizeSummary {
  params: number;
  /** FLOPs per sample (a multiply-add counts as 2), at the default options. */
  flopsPerSample: number;
  inputs: InputSpec[];
  outputs: TensorInfo[];
  /** Whether the default-option build of this size is in the cache. */
  cached: boolean;
}

export interface BuiltinSummary {
  name: string;
  description: string;
  sizes: ModelSize[];
  /** Build options this model honours beyond the size. */
  options: OptionName[];
  /** Defaults of those options for the base size. */
  defaults: Partial<Record<OptionName, number>>;
  base: SizeSummary;
  tiny: SizeSummary;
}

/** Every built-in model, with parameters and FLOPs computed from its architecture (nothing is built). */
export function listBuiltins(where: CacheLocation = {}): BuiltinSummary[] {
  return BUILTIN_MODELS.map((model) => {
    const summarise = (size: ModelSize): SizeSummary => {
      const plan = model.plan({ size });
      return { params: plan.params, flopsPerSample: plan.flopsPerSample, inputs: plan.inputs, outputs: plan.outputs, cached: isCached(model.name, { size }, where) };
    };
    return {
      name: model.name,
      description: model.description,
      sizes: [...MODEL_SIZES],
      options: [...model.options],
      defaults: model.plan({ size: 'base' }).options,
      base: summarise('base'),
      tiny: summarise('tiny'),
    };
  });
}

const OPTION_NAMES: readonly OptionName[] = ['seq', 'rows', 'width', 'depth'];

/**
 * Parses `builtin:NAME[:tiny|:base][:OPTION=N...]`, e.g. `builtin:bert-base:tiny` or `builtin:bert-base:seq=384`.
 * Returns null for anything that does not start with `builtin:` (a file path).
 */
export function parseBuiltinArgument(arg: string): { name: string; options: BuildOptions } | null {
  if (!arg.startsWith(BUILTIN_PREFIX)) return null;
  const [name = '', ...parts] = arg.slice(BUILTIN_PREFIX.length).split(':');
  const model = findBuiltin(name);
  const options: BuildOptions = { size: 'base' };
  for (const part of parts) {
    const [key = '', value] = part.split('=');
    if (value === undefined && (MODEL_SIZES as readonly string[]).includes(key)) {
      options.size = key as ModelSize;
      continue;
    }
    const option = OPTION_NAMES.find((o) => o === key);
    if (option === undefined || value === undefined || !model.options.includes(option) || !/^\d+$/.test(value)) {
      const allowed = ['tiny', 'base', ...model.options.map((o) => `${o}=N`)].join(', ');
      throw badInput(`Cannot read '${part}' in model argument '${arg}': after ${BUILTIN_PREFIX}${name} give any of ${allowed}.`);
    }
    options[option] = Number(value);
  }
  return { name: model.name, options };
}

/**
 * A model argument as given on the command line or in the app: `builtin:...` is built if needed and becomes
 * its cached file's path; undefined becomes the default built-in model; anything else is a file path, unchanged.
 */
export async function resolveModelArgument(arg: string | undefined, where: CacheLocation = {}): Promise<string> {
  const parsed = parseBuiltinArgument(arg ?? DEFAULT_BUILTIN);
  if (parsed === null) return arg as string;
  return (await buildBuiltin(parsed.name, parsed.options, where)).path;
}
