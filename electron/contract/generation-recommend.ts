import { z } from 'zod';

/**
 * What a recommendation adds for a generation run (contract/generation.ts). The target is a request rate: one
 * request is one sequence of `promptTokens` prompt tokens and `genTokens` generated ones (the run's shape), so
 * `qps` requests/s is `qps × genTokens` generated tokens/s; the SLO is the inter-token latency's p99.
 */
export const generationTargetSchema = z.object({
  promptTokens: z.number().int().positive(),
  genTokens: z.number().int().positive(),
  /** Generated tokens per second to serve in total: qps × genTokens. */
  tokensPerS: z.number().positive(),
  /** Every prompt × gen shape the run measured: the recommendation is for one of them. */
  shapesMeasured: z.array(z.object({ promptTokens: z.number().int(), genTokens: z.number().int() })),
  /** This machine's answer: the measured point with the most tokens/s whose ITL p99 meets the SLO, in words. */
  localAnswer: z.string(),
  method: z.string(),
});
export type GenerationTarget = z.infer<typeof generationTargetSchema>;

const spanSchema = z.object({ low: z.number(), high: z.number() });

/**
 * One instance's generation figures (for the whole instance; replicas × devices): generated tokens/s in total, time
 * to first token and the ITL p99 at the batch chosen, as ranges (equal ends when measured). The instance's
 * `throughput` is requests (sequences) per second, `p99Ms` the ITL p99.
 */
export const instanceGenerationSchema = z.object({
  tokensPerS: spanSchema,
  ttftMs: spanSchema,
  itlP99Ms: spanSchema,
  /** What bounds a decode step on the target: memory bandwidth (weights + cache), compute, or per-call overheads. */
  bound: z.enum(['memory', 'compute', 'overhead', 'measured']),
});
export type InstanceGeneration = z.infer<typeof instanceGenerationSchema>;
