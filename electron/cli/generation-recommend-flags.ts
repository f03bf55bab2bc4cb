import type { Command } from 'commander';
import type { GenerationShape } from '../contract/generation';
import type { RunRecord } from '../contract/run';
import { badInput } from '../engine/errors';
import { isGenerationRecord } from '../engine/recommend/generation-recommend';
import * as flags from './parse-flags';

export type RecommendTargetFlags = { qps?: string; tokensPerS?: string; prompt?: string; gen?: string };

/** What `recommend` serves: requests/s, or for a generation run generated tokens/s, and the prompt × gen shape. */
export type RecommendTarget = { qps: number; tokensPerS?: number; shape?: GenerationShape };

export function addRecommendTargetOptions(command: Command): Command {
  return command
    .option('--qps <n>', 'peak requests per second to serve; for a generation run one request is one sequence (its prompt + generated tokens)')
    .option('--tokens-per-s <n>', 'generation runs: generated tokens per second to serve in total (instead of --qps)')
    .option('--prompt <tokens>', 'generation runs: recommend for this measured prompt length (default: the longest measured)')
    .option('--gen <tokens>', 'generation runs: and this measured generated length (default: the longest measured)');
}

/** The target from the flags, checked against the run: one line naming the flag when it does not fit. */
export function recommendTarget(f: RecommendTargetFlags, run: RunRecord, file: string): RecommendTarget {
  const generation = isGenerationRecord(run);
  if (!generation) {
    const extra = [f.tokensPerS !== undefined ? '--tokens-per-s' : null, f.prompt !== undefined ? '--prompt' : null, f.gen !== undefined ? '--gen' : null].filter((x) => x !== null);
    if (extra.length) throw badInput(`${extra.join(', ')}: ${file} is not a generation run (no measured generation point); give --qps`);
    if (f.qps === undefined) throw badInput('--qps: required (peak requests per second to serve)');
    return { qps: flags.parsePositive('--qps', f.qps) };
  }
  if ((f.qps === undefined) === (f.tokensPerS === undefined)) throw badInput('--qps or --tokens-per-s: give one of them (requests per second, or generated tokens per second in total)');
  const points = run.points.filter((p) => p.generation !== undefined);
  const longest = (key: 'promptTokens' | 'genTokens') => Math.max(...points.map((p) => p.generation?.[key] ?? 0));
  const shape = f.prompt === undefined && f.gen === undefined
    ? undefined
    : { promptTokens: f.prompt === undefined ? longest('promptTokens') : tokens('--prompt', f.prompt), genTokens: f.gen === undefined ? longest('genTokens') : tokens('--gen', f.gen) };
  const tokensPerS = f.tokensPerS === undefined ? undefined : flags.parsePositive('--tokens-per-s', f.tokensPerS);
  // With --tokens-per-s the engine turns tokens into requests of the shape it recommends for; 1 is a placeholder.
  return { qps: f.qps === undefined ? 1 : flags.parsePositive('--qps', f.qps), ...(tokensPerS === undefined ? {} : { tokensPerS }), ...(shape ? { shape } : {}) };
}

function tokens(flag: string, value: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) throw badInput(`${flag} ${value}: give one token count, a whole number from 1`);
  return n;
}
