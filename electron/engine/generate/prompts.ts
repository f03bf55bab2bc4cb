// Prompt token ids: synthetic ones (seeded, within the vocabulary; no tokenizer) or a user's file of token-id prompts.
import { readFileSync, statSync } from 'node:fs';
import { badInput } from '../errors';

/** A prompt file larger than this is refused before it is read. */
const MAX_PROMPT_FILE_BYTES = 64 * 1024 * 1024;

/** Seeded ids in [0, vocab): a hash of (seed, sequence, position), the same on every machine. */
export function syntheticPrompts(seed: number, batch: number, promptTokens: number, vocab: number): number[][] {
  return Array.from({ length: batch }, (_, b) =>
    Array.from({ length: promptTokens }, (_, t) => {
      let h = Math.imul(seed ^ 0x5bd1e995, 0x9e3779b9) ^ Math.imul(b + 1, 0x85ebca6b) ^ Math.imul(t + 1, 0xc2b2ae35);
      h ^= h >>> 15;
      h = Math.imul(h, 0x2c1b3c6d);
      h ^= h >>> 12;
      return (h >>> 0) % vocab;
    }),
  );
}

/**
 * A prompt file: one prompt a line, token ids separated by spaces or commas; blank lines and lines starting with
 * '#' are skipped. Every id must be a whole number in [0, vocab) where the vocabulary is known.
 */
export function readPromptFile(file: string, vocab: number | null): number[][] {
  let size: number;
  try {
    size = statSync(file).size;
  } catch {
    throw badInput(`--prompt-file ${file}: no such file`);
  }
  if (size > MAX_PROMPT_FILE_BYTES) throw badInput(`--prompt-file ${file}: ${size} bytes, over the ${MAX_PROMPT_FILE_BYTES / 1024 ** 2} MB limit`);
  const prompts: number[][] = [];
  readFileSync(file, 'utf8').split(/\r?\n/).forEach((line, i) => {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const ids = trimmed.split(/[\s,]+/).map((cell) => {
      const id = /^\d+$/.test(cell) ? Number(cell) : NaN;
      if (!Number.isSafeInteger(id)) throw badInput(`--prompt-file ${file}: line ${i + 1}: '${cell}' is not a token id (a whole number 0 or more)`);
      if (vocab !== null && id >= vocab) throw badInput(`--prompt-file ${file}: line ${i + 1}: token id ${id} is outside the model's vocabulary of ${vocab}`);
      return id;
    });
    prompts.push(ids);
  });
  if (prompts.length === 0) throw badInput(`--prompt-file ${file}: no prompts (one prompt a line: token ids separated by spaces or commas)`);
  return prompts;
}

/** The batch's prompts of `promptTokens` ids each: the file's prompts in turn (cut to length), else synthetic ones. */
export function batchPrompts(args: { file: number[][] | null; seed: number; batch: number; promptTokens: number; vocab: number }): number[][] {
  const { file, seed, batch, promptTokens, vocab } = args;
  if (file === null) return syntheticPrompts(seed, batch, promptTokens, vocab);
  const short = file.findIndex((p) => p.length < promptTokens);
  if (short >= 0) throw badInput(`--prompt-file: prompt ${short + 1} has ${file[short]?.length} token ids, fewer than --prompt ${promptTokens}`);
  return Array.from({ length: batch }, (_, b) => (file[b % file.length] as number[]).slice(0, promptTokens));
}
