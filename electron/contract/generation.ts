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
