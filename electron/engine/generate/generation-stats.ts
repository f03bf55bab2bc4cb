// Pure figures of a generation point from its raw samples: TTFT and ITL percentiles, tokens per second, cache size.
import type { DecoderConvention, GenerationPercentiles, GenerationStats } from '../../contract/generation';
import { percentile } from '../../../common/stats/percentile';
import { sortSamples } from '../../../common/stats/sorted-samples';

/** ITL samples kept in the record at most (the percentiles use them all). */
export const ITL_SAMPLES_KEPT = 20_000;

export function percentiles(samples: readonly number[]): GenerationPercentiles {
  if (samples.length === 0) return { count: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0 };
  const sorted = sortSamples(Float64Array.from(samples));
  const mean = samples.reduce((a, b) => a + b, 0) / samples.length;
  return { count: samples.length, meanMs: mean, p50Ms: percentile(sorted, 50), p90Ms: percentile(sorted, 90), p99Ms: percentile(sorted, 99), maxMs: sorted[sorted.length - 1] as number };
}

export interface GenerationSamples {
  convention: DecoderConvention;
  batch: number;
  promptTokens: number;
  genTokens: number;
  /** Per timed generation. */
  ttftMs: readonly number[];
  /** Every decode step of every timed generation, in order. */
  itlMs: readonly number[];
  cacheBytesPerToken: number | null;
}

export function generationMethod(convention: DecoderConvention): string {
  const loop =
    convention === 'no-cache'
      ? 'the model has no cache inputs, so every step runs the whole sequence again (full-sequence forward per token)'
      : "each step feeds one new token per sequence with the previous step's present.* as past_key_values.*";
  return `Greedy generation of N tokens per sequence from a P-token prompt, the whole batch in one run per step: TTFT is the prefill run plus the choice of the first token; each of the N − 1 ITLs is one decode step (feeds, run, token choice), ${loop}. A generation is TTFT + Σ ITL; tokens/s per sequence is N over the mean generation, the total is that times the batch; the decode rate is 1000 / mean ITL.`;
}

export function generationStats(s: GenerationSamples): Omit<GenerationStats, 'ttftSamplesMs' | 'itlSamplesMs'> & { ttftSamplesMs: number[]; itlSamplesMs: number[] } {
  const ttft = percentiles(s.ttftMs);
  const itl = percentiles(s.itlMs);
  const generations = s.ttftMs.length;
  const totalMs = s.ttftMs.reduce((a, b) => a + b, 0) + s.itlMs.reduce((a, b) => a + b, 0);
  const meanGenerationMs = generations > 0 ? totalMs / generations : 0;
  const perSequence = meanGenerationMs > 0 ? (1000 * s.genTokens) / meanGenerationMs : 0;
  return {
    convention: s.convention,
    method: generationMethod(s.convention),
    generations,
    ttft,
    itl,
    meanGenerationMs,
    tokensPerSecondPerSequence: perSequence,
    tokensPerSecondTotal: perSequence * s.batch,
    decodeTokensPerSecond: itl.meanMs > 0 ? 1000 / itl.meanMs : 0,
    cacheBytesPerToken: s.cacheBytesPerToken,
    cacheBytesAtEnd: s.cacheBytesPerToken === null ? null : s.cacheBytesPerToken * s.batch * (s.promptTokens + s.genTokens - 1),
    ttftSamplesMs: [...s.ttftMs],
    itlSamplesMs: s.itlMs.slice(0, ITL_SAMPLES_KEPT),
  };
}
