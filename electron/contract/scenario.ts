import { z } from 'zod';
import { CONCURRENCY_MODES } from '../../common/defaults';
import { errorInfoSchema } from './errors';
import { providerIdSchema } from './hardware';

/**
 * What `bench` measures. `latency` (the default): one request at a time per batch size. `throughput`: the same
 * sweep, read for samples/s (an alias: one in-flight request already keeps onnxruntime's intra-op pool busy; the
 * pipelined and parallel cases are what `concurrency` measures). `server`: Poisson arrivals into a dynamic
 * batcher, searching the highest QPS whose p99 meets an SLO (MLPerf Inference's Server scenario). `concurrency`:
 * 1…N requests in flight on one session and on N sessions, with a Universal Scalability Law fit.
 */
export const scenarioSchema = z.enum(['latency', 'throughput', 'server', 'concurrency']);
export type Scenario = z.infer<typeof scenarioSchema>;

export const serverScenarioOptionsSchema = z.object({
  /** p99 end-to-end latency (queueing included) a QPS level must meet. */
  sloMs: z.number().positive(),
  /** Also run this QPS as a level of its own and say whether it meets the SLO. */
  targetQps: z.number().positive().nullable(),
  maxBatch: z.number().int().positive(),
  maxQueueDelayMs: z.number().min(0),
  /** Arrivals generated per QPS level, in ms of schedule. */
  levelMs: z.number().positive(),
  /** Bisection steps after the two bounds. */
  searchSteps: z.number().int().min(0),
});
export type ServerScenarioOptions = z.infer<typeof serverScenarioOptionsSchema>;

export const concurrencyModeSchema = z.enum(CONCURRENCY_MODES);
export type ConcurrencyMode = z.infer<typeof concurrencyModeSchema>;

export const concurrencyScenarioOptionsSchema = z.object({
  /** In-flight request counts, e.g. [1, 2, 4, 8]. */
  levels: z.array(z.number().int().positive()),
  modes: z.array(concurrencyModeSchema),
  /** Timed duration per level (after a short warm-up). */
  levelMs: z.number().positive(),
  /** For Little's law: the in-flight count this QPS needs at the measured latency. */
  targetQps: z.number().positive().nullable(),
});
export type ConcurrencyScenarioOptions = z.infer<typeof concurrencyScenarioOptionsSchema>;

export const serverLevelSchema = z.object({
  targetQps: z.number(),
  achievedQps: z.number(),
  requests: z.number().int(),
  /** Requests not served by the level's drain deadline; a level with any fails the SLO. */
  dropped: z.number().int(),
  /** Served requests whose end-to-end latency exceeded the SLO. */
  late: z.number().int(),
  meanMs: z.number(),
  p50Ms: z.number(),
  p90Ms: z.number(),
  p99Ms: z.number(),
  maxMs: z.number(),
  /** Mean time from arrival to the start of its batch. */
  meanQueueMs: z.number(),
  /** Batches run, by size: `{ "1": 120, "4": 30 }`. */
  batchHistogram: z.record(z.string(), z.number().int()),
  meetsSlo: z.boolean(),
});
export type ServerLevel = z.infer<typeof serverLevelSchema>;

const scenarioCommonSchema = z.object({
  provider: providerIdSchema,
  precision: z.enum(['fp32', 'fp16', 'int8']),
  /** How it was measured, in words (the scheduler, the search, the formulas). */
  method: z.string(),
  startedAt: z.string(),
  /** Why the scenario could not run for this provider and precision. */
  error: errorInfoSchema.nullable(),
});

export const serverScenarioResultSchema = scenarioCommonSchema.extend({
  kind: z.literal('server'),
  options: serverScenarioOptionsSchema,
  /** Mean service time of one batch, by batch size, from the capacity probe. */
  serviceMs: z.record(z.string(), z.number()),
  /** Upper bound of the search: the highest batch/service-time among the sizes probed. */
  capacityQps: z.number(),
  levels: z.array(serverLevelSchema),
  /** Highest QPS tried whose p99 met the SLO; null when even the lowest level missed it. */
  bestQps: z.number().nullable(),
});
export type ServerScenarioResult = z.infer<typeof serverScenarioResultSchema>;

export const concurrencyLevelSchema = z.object({
  mode: concurrencyModeSchema,
  inFlight: z.number().int(),
  requests: z.number().int(),
  durationMs: z.number(),
  /** Requests (samples: batch 1) per second. */
  throughput: z.number(),
  meanMs: z.number(),
  p50Ms: z.number(),
  p99Ms: z.number(),
});
export type ConcurrencyLevel = z.infer<typeof concurrencyLevelSchema>;

export const uslSummarySchema = z.object({
  mode: concurrencyModeSchema,
  alpha: z.number(),
  beta: z.number(),
  lambda: z.number(),
  r2: z.number(),
  peakN: z.number().nullable(),
  peakThroughput: z.number().nullable(),
});

export const littleSummarySchema = z.object({
  mode: concurrencyModeSchema,
  targetQps: z.number(),
  /** Mean latency W at the smallest level that reached the target (or the best level when none did). */
  latencyMs: z.number(),
  basisInFlight: z.number().int(),
  /** L = λ·W. */
  inFlightNeeded: z.number(),
  reachable: z.boolean(),
});

export const concurrencyScenarioResultSchema = scenarioCommonSchema.extend({
  kind: z.literal('concurrency'),
  options: concurrencyScenarioOptionsSchema,
  /** libuv's threadpool size, which caps how many session.run calls run at once in Node. */
  threadpoolSize: z.number().int(),
  levels: z.array(concurrencyLevelSchema),
  usl: z.array(uslSummarySchema),
  little: z.array(littleSummarySchema),
});
export type ConcurrencyScenarioResult = z.infer<typeof concurrencyScenarioResultSchema>;

export const scenarioResultSchema = z.discriminatedUnion('kind', [serverScenarioResultSchema, concurrencyScenarioResultSchema]);
export type ScenarioResult = z.infer<typeof scenarioResultSchema>;
