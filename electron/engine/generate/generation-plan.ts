// Whether a run is a generation run, with what decoder I/O and prompts, and its plan: provider × device × precision ×
// threads × prompt × generated tokens × batch, batch innermost so that an OOM or a time-out stops its group's batches.
import type { GenerationOptions } from '../../contract/generation';
import type { ProviderId } from '../../contract/hardware';
import type { ModelInfo } from '../../contract/model';
import type { BenchOptions, PlanPoint } from '../../contract/run';
import { DEVICE_PROVIDERS } from '../bench/plan';
import { badInput } from '../errors';
import { detectDecoder, type DecoderIo } from './convention';
import { readPromptFile } from './prompts';

/** What a decoder is measured with when the run does not say (--prompt / --gen absent). */
export const DEFAULT_GENERATION: GenerationOptions = { promptTokens: [128], genTokens: [64] };

export interface GenerationSetup {
  options: GenerationOptions;
  io: DecoderIo;
  vocab: number;
  filePrompts: number[][] | null;
}

/**
 * The generation setup of this run, or null for a batch sweep: runs that ask for generation (--prompt, --gen) must
 * have a decoder the engine can map (else bad input with the reason); a decoder with a KV cache is measured by
 * generation even when the run did not ask, since one forward pass with a made-up cache is not what it serves.
 */
export function generationSetup(info: ModelInfo, options: BenchOptions): GenerationSetup | null {
  const detected = detectDecoder(info);
  if (options.generation === undefined && (detected.kind !== 'decoder' || detected.io.layers.length === 0)) return null;
  if (detected.kind !== 'decoder') throw badInput(`--prompt/--gen: ${detected.reason}`);
  const io = detected.io;
  const generation = options.generation ?? DEFAULT_GENERATION;
  const range = options.intRanges[io.inputIds];
  const vocab = io.vocab ?? (range ? range[1] : null);
  if (vocab === null || vocab < 1) throw badInput(`${info.path}: the vocabulary size cannot be read from '${io.logits}' (its last dim is symbolic): give it with --int-range ${io.inputIds}=0:VOCAB`);
  const filePrompts = generation.promptFile === undefined ? null : readPromptFile(generation.promptFile, vocab);
  return { options: generation, io, vocab, filePrompts };
}

export function buildGenerationPlan(options: BenchOptions, generation: GenerationOptions, providers: ProviderId[]): PlanPoint[] {
  const batches = [...new Set(options.batches)].sort((a, b) => a - b);
  const prompts = [...new Set(generation.promptTokens)].sort((a, b) => a - b);
  const gens = [...new Set(generation.genTokens)].sort((a, b) => a - b);
  const points: PlanPoint[] = [];
  for (const provider of providers) {
    const devices = DEVICE_PROVIDERS.has(provider) && options.devices?.length ? options.devices : [undefined];
    for (const device of devices)
      for (const precision of options.precisions)
        for (const threads of options.threads)
          for (const promptTokens of prompts)
            for (const genTokens of gens)
              for (const batch of batches)
                points.push({ index: points.length, provider, precision, batch, threads, ...(device === undefined ? {} : { device }), generation: { promptTokens, genTokens } });
  }
  return points;
}
