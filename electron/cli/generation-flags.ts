import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { GenerationOptions } from '../contract/generation';
import { DEFAULT_GENERATION } from '../engine/generate/generation-plan';
import { badInput } from '../engine/errors';

/** Longest prompt or generation a flag may ask for, in tokens. */
export const MAX_TOKENS = 131072;

export type GenerationFlags = { prompt?: string; gen?: string; promptFile?: string };

/** The flags `bench` takes for the generation workload (decoders with a KV cache). */
export function addGenerationOptions(command: Command): Command {
  return command
    .option('--prompt <list>', `generation: prompt lengths in tokens, e.g. 128,512 (default for a decoder: ${DEFAULT_GENERATION.promptTokens.join(',')})`)
    .option('--gen <list>', `generation: tokens generated per sequence, the first (from the prefill) included, e.g. 64 (default: ${DEFAULT_GENERATION.genTokens.join(',')})`)
    .option('--prompt-file <file>', 'generation: token-id prompts, one a line (ids separated by spaces or commas), instead of synthetic ids; each is cut to --prompt');
}

function tokenCounts(flag: string, value: string): number[] {
  const items = value.split(',').map((s) => s.trim());
  return [
    ...new Set(
      items.map((s) => {
        const n = /^\d+$/.test(s) ? Number(s) : NaN;
        if (!Number.isSafeInteger(n) || n < 1 || n > MAX_TOKENS) throw badInput(`${flag} ${value}: token counts must be whole numbers from 1 to ${MAX_TOKENS}, comma-separated`);
        return n;
      }),
    ),
  ].sort((a, b) => a - b);
}

/** Null when no generation flag is given (a decoder is then measured with the defaults; any other model by batch). */
export function generationOptionsFromFlags(f: GenerationFlags): GenerationOptions | null {
  if (f.prompt === undefined && f.gen === undefined && f.promptFile === undefined) return null;
  return {
    promptTokens: f.prompt === undefined ? DEFAULT_GENERATION.promptTokens : tokenCounts('--prompt', f.prompt),
    genTokens: f.gen === undefined ? DEFAULT_GENERATION.genTokens : tokenCounts('--gen', f.gen),
    ...(f.promptFile === undefined ? {} : { promptFile: resolve(f.promptFile) }),
  };
}
