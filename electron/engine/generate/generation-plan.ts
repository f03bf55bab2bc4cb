// Whether a run is a generation run, with what decoder I/O and prompts, and its plan: provider × device × precision ×
// threads × prompt × generated tokens × batch, batch innermost so that an OOM or a time-out stops its group's batches.
import type { GenerationOptions } from '../../contract/generation';
import type { ProviderId } from '../../contract/hardware';
import type { ModelInfo } from '../../contract/model';
import type { BenchOptions, PlanPoint } from '../../contract/run';
import { buildPlan, sameGroup } from '../bench/plan';
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
  const prompts = [...new Set(generation.promptTokens)].sort((a, b) => a - b);
  const gens = [...new Set(generation.genTokens)].sort((a, b) => a - b);
  // The batch sweep's groups (provider × device × precision × threads), each swept over prompt × gen × batch.
  const groups: PlanPoint[][] = [];
  for (const point of buildPlan(options, providers, true)) {
    const last = groups[groups.length - 1];
    if (last?.[0] && sameGroup(last[0], point)) last.push(point);
    else groups.push([point]);
  }
  const points: PlanPoint[] = [];
  for (const group of groups)
    for (const promptTokens of prompts)
      for (const genTokens of gens)
        for (const point of group) points.push({ ...point, index: points.length, generation: { promptTokens, genTokens } });
  return points;
}
