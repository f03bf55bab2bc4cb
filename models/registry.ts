import { badInput } from '../electron/engine/errors';
import { bertModel } from './bert';
import { dlrmModel } from './dlrm';
import { llamaModel } from './llama';
import { mlpModel } from './mlp';
import { resnet50Model } from './resnet50';
import type { BuiltinModel } from './types';
import { vitModel } from './vit';

export const BUILTIN_MODELS: readonly BuiltinModel[] = [resnet50Model, bertModel, vitModel, dlrmModel, mlpModel, llamaModel];

export function builtinNames(): string[] {
  return BUILTIN_MODELS.map((m) => m.name);
}

/** The built-in model of that name, or bad-input listing the valid names. */
export function findBuiltin(name: string): BuiltinModel {
  const model = BUILTIN_MODELS.find((m) => m.name === name);
  if (model === undefined) throw badInput(`Unknown built-in model '${name}': choose one of ${builtinNames().join(', ')} (see 'infermeter models list').`);
  return model;
}
