import { z } from 'zod';
import { energyRankingSchema, rankBySchema } from './energy-rank';
import { generationTargetSchema, instanceGenerationSchema } from './generation-recommend';
import { providerIdSchema } from './hardware';
import { precisionSchema } from './run';

export const RECOMMENDATION_SCHEMA_VERSION = 1;

/** The knee: the smallest measured batch reaching this fraction of the fitted asymptotic throughput 1/T_marginal. */
export const KNEE_FRACTION = 0.9;
/** Saturation: the first batch whose mean latency exceeds this many times the batch-1 (smallest batch) latency. */
export const SATURATION_FACTOR = 2;

export const batchPointSummarySchema = z.object({
  batch: z.number().int().positive(),
  verdict: z.enum(['valid', 'unstable']),
  meanMs: z.number(),
  p99Ms: z.number(),
  throughput: z.number(),
  meetsSlo: z.boolean(),
});
export type BatchPointSummary = z.infer<typeof batchPointSummarySchema>;

/** Batch-size recommendation for one precision × provider (× threads) group of a run. */
export const batchGroupSchema = z.object({
  precision: precisionSchema,
  provider: providerIdSchema,
  threads: z.number().int().nullable(),
  points: z.array(batchPointSummarySchema),
  /** Highest-throughput batch whose p99 meets the SLO; null when none does. */
  batch: z.number().int().nullable(),
  throughput: z.number().nullable(),
  p99Ms: z.number().nullable(),
  /** T(B) = setupMs + B·marginalMs fitted to mean latency; null with fewer than 2 distinct batches. */
  /** setupConstrained: the free fit's T_setup was negative, so it is held at 0 (the notes give the free value). */
  fit: z.object({ setupMs: z.number(), marginalMs: z.number(), r2: z.number(), points: z.number().int(), setupConstrained: z.boolean().default(false) }).nullable(),
  /** 1 / T_marginal in samples/s; null when the fit has no positive marginal cost. */
  asymptoticThroughput: z.number().nullable(),
  /** Smallest measured batch reaching 90% of the asymptotic throughput. */
  kneeBatch: z.number().int().nullable(),
  /** Where the fitted T(B) puts the knee (B = 9·T_setup/T_marginal), measured or not. */
  kneeFittedBatch: z.number().nullable(),
  /** First batch whose mean latency exceeds 2× the reference (batch-1) mean latency. */
  saturationBatch: z.number().int().nullable(),
  saturationReferenceBatch: z.number().int().nullable(),
  unstableBatches: z.array(z.number().int()),
  notes: z.array(z.string()),
  explanation: z.string(),
});
export type BatchGroup = z.infer<typeof batchGroupSchema>;

const groupRefSchema = z.object({
  precision: precisionSchema,
  provider: providerIdSchema,
  threads: z.number().int().nullable(),
  batch: z.number().int(),
  p99Ms: z.number(),
  throughput: z.number(),
});

export const batchRecommendationSchema = z.object({
  sloMs: z.number().positive(),
  groups: z.array(batchGroupSchema),
  /** The group and batch with the highest throughput under the SLO; null when no batch anywhere meets it. */
  best: groupRefSchema.nullable(),
  /** When nothing meets the SLO: the group whose fastest point has the smallest p99. */
  closest: groupRefSchema.nullable(),
  explanation: z.string(),
});
export type BatchRecommendation = z.infer<typeof batchRecommendationSchema>;

export const machineRatesSchema = z.object({
  provider: providerIdSchema,
  precision: precisionSchema,
  /** Achieved GFLOP/s of a large MatMul through onnxruntime (fastest of a few runs). */
  gflops: z.number().positive(),
  /** Achieved GB/s of a large elementwise copy (bytes read + written, fastest of a few runs). */
  gbs: z.number().positive(),
  matmulMs: z.number(),
  copyMs: z.number(),
  cpuModel: z.string(),
  ortVersion: z.string(),
  measuredAt: z.string(),
  method: z.string(),
  /** 1-minute load average per logical CPU just before measuring (absent where the OS has none, e.g. Windows). */
  loadPerCpu: z.number().nonnegative().optional(),
});
export type MachineRates = z.infer<typeof machineRatesSchema>;

export const projectionDetailSchema = z.object({
  sourceBatch: z.number().int(),
  flopsPerBatch: z.number(),
  bytesPerBatch: z.number(),
  tIdealSourceMs: z.number(),
  tMeasuredSourceMs: z.number(),
  efficiency: z.number(),
  tIdealTargetMs: z.number(),
  tTargetMs: z.number(),
  bound: z.enum(['compute', 'memory']),
});
export type ProjectionDetail = z.infer<typeof projectionDetailSchema>;

export const instanceEstimateSchema = z.object({
  instanceId: z.string(),
  cloud: z.string(),
  accelerator: z.string(),
  acceleratorCount: z.number().int(),
  kind: z.enum(['cpu', 'gpu', 'npu']),
  pricePerHour: z.number(),
  spotPricePerHour: z.number().nullable(),
  /** On-demand price after the user's reserved discount; null without one. */
  reservedPricePerHour: z.number().nullable(),
  basis: z.enum(['measured', 'projected', 'none']),
  /** Where a measured number came from (run id), or the source run of a projection. */
  basisRun: z.string().nullable(),
  batch: z.number().int().nullable(),
  /** Inferences per second for the whole instance (per device × accelerator count for GPU instances). */
  throughput: z.number().nullable(),
  /** Measured or projected p99 latency of one batch (a projection's pessimistic end). */
  p99Ms: z.number().nullable(),
  /** A projection's optimistic ends (the range is p99MsLow–p99Ms, throughput–throughputHigh); equal to them when measured. */
  throughputHigh: z.number().nullable().default(null),
  p99MsLow: z.number().nullable().default(null),
  /** The runtime the number is for ("onnxruntime CUDA provider"); null when none exists. */
  runtime: z.string().nullable().default(null),
  /** What this target needs that onnxruntime-node lacks ("AWS Neuron SDK …"): listed, not ranked. */
  needsRuntime: z.string().nullable().default(null),
  /** Cost of serving the target: instances × price per hour ÷ requests served, per 1M; the ranking's key. */
  servingCostPer1M: z.number().nullable().default(null),
  servingCostPerHour: z.number().nullable().default(null),
  /** Target QPS ÷ the fleet's (pessimistic) capacity. */
  utilisation: z.number().nullable().default(null),
  /** Framework + copies + launches per batch on the target (projected GPU rows), ms. */
  overheadFloorMs: z.object({ low: z.number(), high: z.number() }).nullable().default(null),
  meetsSlo: z.boolean().nullable(),
  /** Cost per 1M inferences at saturation (the instance fully busy), a secondary column. */
  costPer1MOnDemand: z.number().nullable(),
  costPer1MSpot: z.number().nullable(),
  costPer1MReserved: z.number().nullable(),
  instancesNeeded: z.number().int().nullable(),
  projection: projectionDetailSchema.nullable(),
  /** The projection is bounded by per-call overheads (framework, copies, kernel launches), not by the roofline. */
  overheadBound: z.boolean(),
  /** What could not be projected and why; null when a throughput was found. */
  missing: z.string().nullable(),
  notes: z.array(z.string()),
  /** A generation run's figures (contract/generation-recommend.ts); absent for other runs. */
  generation: instanceGenerationSchema.optional(),
});
export type InstanceEstimate = z.infer<typeof instanceEstimateSchema>;

export const breakEvenSchema = z.object({
  gpuInstanceId: z.string(),
  cpuInstanceId: z.string(),
  /** GPU pays off when its QPS is more than price_gpu / price_cpu times the CPU instance's. */
  qpsRatioNeeded: z.number(),
  qpsRatio: z.number(),
  met: z.boolean(),
});
export type BreakEven = z.infer<typeof breakEvenSchema>;

export const recommendationSchema = z.object({
  schemaVersion: z.literal(RECOMMENDATION_SCHEMA_VERSION),
  kind: z.literal('infermeter-recommendation'),
  createdAt: z.string(),
  runId: z.string(),
  sloMs: z.number().positive(),
  qps: z.number().positive(),
  headroom: z.number().min(0),
  batch: batchRecommendationSchema,
  /** The precision and provider whose numbers the instances are projected from; null when nothing meets the SLO. */
  source: z.object({ precision: precisionSchema, provider: providerIdSchema }).nullable(),
  machineRates: machineRatesSchema.nullable(),
  method: z.string(),
  /** Ranked by the cost of serving the target (per 1M requests served, pessimistic end); instances without a throughput last. */
  instances: z.array(instanceEstimateSchema),
  breakEven: z.array(breakEvenSchema),
  /** The cheapest to serve the target that meets the SLO (on the pessimistic end of its range). */
  recommended: z.string().nullable(),
  explanation: z.string(),
  catalogSources: z.array(z.string()),
  /** With rank-by energy: this machine's point and the instances ranked by energy (engine/recommend/energy-rank.ts). */
  energy: energyRankingSchema.optional(),
  /** For a generation run: the shape and tokens/s the target means, and this machine's answer. */
  generation: generationTargetSchema.optional(),
});
export type Recommendation = z.infer<typeof recommendationSchema>;

/**
 * What a recommendation was computed from, beyond the SLO, QPS and headroom the Recommendation itself carries: the
 * run files, the filters, the user's price file and the date of every catalog price (prices go stale; some dates
 * are approximate and say so).
 */
export const recommendationInputsSchema = z.object({
  /** `flag` when the user gave --qps; `default` when bench used its default (only instance counts depend on it). */
  qpsFrom: z.enum(['flag', 'default']),
  precision: precisionSchema.nullable(),
  provider: providerIdSchema.nullable(),
  runFiles: z.array(z.string()),
  pricesFile: z.string().nullable(),
  catalogFiles: z.array(z.string()),
  /** Catalog price date by instance id, as the catalog states it. */
  priceDates: z.record(z.string(), z.string()),
});
export type RecommendationInputs = z.infer<typeof recommendationInputsSchema>;

/** `<run-id>.recommendation.json`: the Recommendation, with its inputs. */
export const recommendationFileSchema = recommendationSchema.extend({ inputs: recommendationInputsSchema });
export type RecommendationFile = z.infer<typeof recommendationFileSchema>;

/** A recommendation asked for a run the caller holds (the engine reads no history). */
export const recommendRequestSchema = z.object({
  sloMs: z.number().positive(),
  qps: z.number().positive(),
  headroom: z.number().min(0).max(10),
  /** A user price file's text (the `--prices` format) and its name for messages; null for the shipped catalog. */
  prices: z.object({ fileName: z.string(), content: z.string() }).nullable(),
  rankBy: rankBySchema.default('cost'),
});
export type RecommendRequest = z.infer<typeof recommendRequestSchema>;
