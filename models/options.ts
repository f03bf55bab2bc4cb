import { badInput } from '../electron/engine/errors';
import type { OptionName } from './types';

/** An integer build option: the default when absent, else checked against its range (bad-input naming the flag). */
export function intOption(model: string, option: OptionName, value: number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < min || value > max) {
    throw badInput(`--${option} ${value} is not valid for ${model}: give a whole number from ${min} to ${max}.`);
  }
  return value;
}
