import { z } from 'zod';

/**
 * The generation workload (decoder-only language models with a KV cache): per point, a prompt of P tokens is
 * prefilled (time to first token), then the model generates until each sequence has N tokens, feeding every step's
 * present.* back as past_key_values.* (inter-token latency per step).
 */
export const generationOptionsSchema = z.object({
  /** Prompt lengths in tokens (--prompt 128,512). */
  promptTokens: z.array(z.number().int().positive()),
  /** Tokens generated per sequence, the first (from the prefill) included (--gen 64). */
  genTokens: z.array(z.number().int().positive()),
  /** A file of token-id prompts, one a line (--prompt-file); absent: synthetic ids within the vocabulary, seeded. */
  promptFile: z.string().optional(),
});
export type GenerationOptions = z.infer<typeof generationOptionsSchema>;

/** What a generation plan point adds to provider × precision × batch. */
export const generationShapeSchema = z.object({ promptTokens: z.number().int().positive(), genTokens: z.number().int().positive() });
export type GenerationShape = z.infer<typeof generationShapeSchema>;

/** How the engine ran the model: which I/O convention it recognised, and whether the cache was used. */
export const decoderConventionSchema = z.enum(['optimum', 'optimum-no-position-ids', 'genai', 'no-cache']);
export type DecoderConvention = z.infer<typeof decoderConventionSchema>;

const percentilesSchema = z.object({ count: z.number().int(), meanMs: z.number(), p50Ms: z.number(), p90Ms: z.number(), p99Ms: z.number(), maxMs: z.number() });
export type GenerationPercentiles = z.infer<typeof percentilesSchema>;

export const generationStatsSchema = z.object({
  convention: decoderConventionSchema,
  /** How the figures were measured and defined, in words. */
  method: z.string(),
  /** Timed generations (each: prefill plus N − 1 decode steps for the whole batch). */
  generations: z.number().int(),
  /** Time to first token: the prefill run and the choice of the first token, per generation. */
  ttft: percentilesSchema,
  /** Inter-token latency: one decode step (run, token choice, feeds) for the batch, over every step of every generation. */
  itl: percentilesSchema,
  /** Mean time of one whole generation: TTFT + Σ ITL. */
  meanGenerationMs: z.number(),
  /** N / mean generation time, per sequence; the total multiplies by the batch. */
  tokensPerSecondPerSequence: z.number(),
  tokensPerSecondTotal: z.number(),
  /** 1000 / mean ITL: the steady decode rate of one sequence, prefill excluded. */
  decodeTokensPerSecond: z.number(),
  /** Bytes of key and value cache one token of one sequence holds (every layer); null without a cache. */
  cacheBytesPerToken: z.number().nullable(),
  /** The cache at the end of a generation: batch × (P + N − 1) tokens. */
  cacheBytesAtEnd: z.number().nullable(),
  /** Raw samples in the order taken (ITL capped at ITL_SAMPLES_KEPT). */
  ttftSamplesMs: z.array(z.number()),
  itlSamplesMs: z.array(z.number()),
});
export type GenerationStats = z.infer<typeof generationStatsSchema>;

/** A variant's generation against FP32's on the same prompts, FP32's tokens fed to both (teacher forcing). */
export const generationAccuracySchema = z.object({
  sequences: z.number().int(),
  steps: z.number().int(),
  /** Share of steps where the variant's greedy token equals FP32's. */
  greedyAgreement: z.number(),
  /** Cosine of the last position's logits against FP32's: mean and lowest over steps and sequences. */
  logitsCosineMean: z.number(),
  logitsCosineMin: z.number(),
  method: z.string(),
});
export type GenerationAccuracy = z.infer<typeof generationAccuracySchema>;

/** What the generation SLO reads of a point (a measured generation point fits it). */
export interface GenerationPointLike {
  verdict: string;
  provider: string;
  precision: string;
  batch: number;
  generation?: GenerationShape;
  generationStats?: GenerationStats;
}

/**
 * The generation SLO: among valid generation points whose ITL p99 meets `itlP99SloMs`, the one with the most tokens/s
 * in total; null when none does. The CLI (--slo-ms) and the app (the run's SLO) both read it.
 */
export function bestGenerationUnderSlo<P extends GenerationPointLike>(points: readonly P[], itlP99SloMs: number): P | null {
  let best: P | null = null;
  for (const p of points) {
    const s = p.generationStats;
    if (p.verdict !== 'valid' || !s || s.itl.p99Ms > itlP99SloMs) continue;
    if (!best || s.tokensPerSecondTotal > (best.generationStats?.tokensPerSecondTotal ?? 0)) best = p;
  }
  return best;
}

/** The SLO's answer in one sentence. */
export function generationSloLine(points: readonly GenerationPointLike[], itlP99SloMs: number): string {
  const best = bestGenerationUnderSlo(points, itlP99SloMs);
  if (!best?.generationStats || !best.generation) return `No valid generation point has an ITL p99 within ${itlP99SloMs} ms.`;
  const s = best.generationStats;
  return `Best under ITL p99 ≤ ${itlP99SloMs} ms: batch ${best.batch} at prompt ${best.generation.promptTokens}, gen ${best.generation.genTokens}, ${best.precision.toUpperCase()} on ${best.provider} — ${s.tokensPerSecondTotal.toFixed(1)} tokens/s in total (${s.tokensPerSecondPerSequence.toFixed(1)} per sequence), ITL p99 ${s.itl.p99Ms.toFixed(1)} ms, TTFT p50 ${s.ttft.p50Ms.toFixed(1)} ms.`;
}
