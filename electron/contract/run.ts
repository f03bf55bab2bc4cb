import { z } from 'zod';
import { checkReportSchema } from './check';
import { conversionReportSchema } from './convert';
import { errorInfoSchema } from './errors';
import { hardwareReportSchema, providerIdSchema } from './hardware';
import { modelInfoSchema } from './model';
import { precisionSchema } from './precision';
import { pointTelemetrySchema } from './telemetry';
import { generationAccuracySchema, generationOptionsSchema, generationShapeSchema, generationStatsSchema } from './generation';
import { concurrencyScenarioOptionsSchema, scenarioResultSchema, scenarioSchema, serverScenarioOptionsSchema } from './scenario';

/**
 * 2: a point's interval comes from windows of iterations (`stats.windows`) and records interference.
 * 3: a point is measured in independent trials (`stats.trials`), its interval taken over the trial means; precision
 * variants measured side by side carry a speed-up with its interval (`comparison`). Records of versions 1 and 2 are
 * still read.
 */
export const RUN_SCHEMA_VERSION = 3;

export { precisionSchema, type Precision } from './precision';

/** DESIGN: Measuring — warm-up, then timed iterations until the 95% CI half-width is under a target. */
export const stoppingRuleSchema = z.object({
  warmupIterations: z.number().int().min(0),
  warmupMs: z.number().min(0),
  minIterations: z.number().int().min(1),
  minTimeMs: z.number().min(0),
  maxTimeMs: z.number().positive(),
  /** Stop once the 95% confidence half-width of the mean is under this fraction of the mean. */
  targetRelativeCi: z.number().positive(),
  /** Hard cap on timed iterations (and so on samples kept). */
  maxIterations: z.number().int().positive(),
  /**
   * Independent trials per point, each in a fresh session, interleaved with the neighbouring points; the interval
   * comes from their means. Absent: engine/bench/trials.ts's default. 1 gives the single-session measurement of
   * schema 2 (window interval), which cannot see how far a repeat lands.
   */
  trials: z.number().int().min(1).optional(),
  /** Trials at most: more are added, while the time budget lasts, until the interval meets the target. */
  maxTrials: z.number().int().min(1).optional(),
});
export type StoppingRule = z.infer<typeof stoppingRuleSchema>;

export const benchOptionsSchema = z.object({
  modelPath: z.string(),
  /** A reference data folder (check's layout) whose inputs the FP16/INT8 variants' accuracy is measured on. */
  referenceData: z.string().optional(),
  batches: z.array(z.number().int().positive()),
  providers: z.array(providerIdSchema),
  /** Intra-op thread counts to sweep; null means onnxruntime's default. */
  threads: z.array(z.number().int().positive().nullable()),
  precisions: z.array(precisionSchema),
  /** Values for symbolic dims other than batch, by dim name or by `input:axis`. */
  dims: z.record(z.string(), z.number().int().positive()),
  /** Full shapes by input name (the batch dim, if present, is still swept). */
  shapes: z.record(z.string(), z.array(z.number().int().nonnegative())),
  /** Ranges [min, max) of synthetic integer inputs, by input name (max excluded, like a vocabulary size). */
  intRanges: z.record(z.string(), z.tuple([z.number().int(), z.number().int()])),
  maxLatencyMs: z.number().positive().nullable(),
  stopping: stoppingRuleSchema,
  /** GPU indexes (--device 0,1) that cuda, tensorrt and dml points run on, one group per device; absent: the default device. */
  devices: z.array(z.number().int().nonnegative()).optional(),
  /** Seed for synthetic inputs, so a run can be repeated on the same data. */
  seed: z.number().int(),
  /** Measure onnxruntime's own per-run time with its profiler (a short extra pass per point). */
  profileOrt: z.boolean(),
  /** What to measure (absent: 'latency', the batch sweep). See contract/scenario.ts. */
  scenario: scenarioSchema.optional(),
  /** Settings of the server scenario (used when scenario is 'server'). */
  server: serverScenarioOptionsSchema.optional(),
  /** Settings of the concurrency scenario (used when scenario is 'concurrency'). */
  concurrency: concurrencyScenarioOptionsSchema.optional(),
  /**
   * Learn and use this machine's run-to-run spread (the repeat log in the data directory): each measured point is
   * logged, and a point's interval includes the spread of earlier runs. Absent: on; false: --no-repeat-log.
   */
  repeatLog: z.boolean().optional(),
  /** The generation workload (contract/generation.ts): set for decoders, whose points are generations. */
  generation: generationOptionsSchema.optional(),
});
export type BenchOptions = z.infer<typeof benchOptionsSchema>;

export const planPointSchema = z.object({
  index: z.number().int(),
  provider: providerIdSchema,
  precision: precisionSchema,
  batch: z.number().int().positive(),
  threads: z.number().int().positive().nullable(),
  /** The GPU index the point runs on (--device); absent: the provider's default device. */
  device: z.number().int().nonnegative().optional(),
  /** Prompt and generated tokens of a generation point (absent: one run per batch). */
  generation: generationShapeSchema.optional(),
});
export type PlanPoint = z.infer<typeof planPointSchema>;

export const latencyStatsSchema = z.object({
  iterations: z.number().int(),
  totalTimeMs: z.number(),
  meanMs: z.number(),
  stdevMs: z.number(),
  minMs: z.number(),
  p50Ms: z.number(),
  p90Ms: z.number(),
  p95Ms: z.number(),
  p99Ms: z.number(),
  maxMs: z.number(),
  /**
   * Half-width of the 95% confidence interval of the mean: from the means of consecutive windows of iterations
   * (batch means, Student t) where `windows` is recorded, per iteration in older records.
   */
  ciHalfWidthMs: z.number(),
  ciRelative: z.number(),
  /** The windows the interval came from (absent in records made before it was window-based). */
  windows: z
    .object({
      count: z.number().int(),
      size: z.number().int(),
      /** (max − min) / mean of the last 3 window means; the point is valid only when they agree. */
      lastSpreadRelative: z.number(),
      stable: z.boolean(),
      /** Lag-1 autocorrelation of the iterations (0 for independent ones). */
      lag1: z.number(),
      /** The textbook t·s/√n interval over single iterations, for comparison: too narrow when lag1 > 0. */
      perIterationCiRelative: z.number(),
    })
    .optional(),
  /**
   * The independent trials the interval came from (absent in records before schema 3): the mean of each, in the
   * order run, and its own window interval (a diagnostic: how precise one session's number was). meanMs is the
   * mean of the trial means and ciHalfWidthMs their Student-t interval.
   */
  trials: z
    .object({
      meansMs: z.array(z.number()),
      windowCiRelative: z.array(z.number()),
      /**
       * What was fresh in each trial: 'process', a process of its own (and so its memory placement, thread pinning
       * and allocator); 'session', a new onnxruntime session (and thread pool) in the engine worker.
       */
      isolation: z.enum(['session', 'process']),
      /** Trials run again because other processes took the CPUs while they ran (after waiting for a quiet machine). */
      remeasured: z.number().int(),
      /**
       * The machine's run-to-run spread added to the trials' (engine/stats/run-to-run.ts), learned from earlier runs
       * of points on this machine (the repeat log): ciHalfWidthMs is t·√(s²/k + (sdRelative·mean)²). null: the log
       * held no point measured in two runs yet, so the interval is the trials' alone; absent: not used (--no-repeat-log,
       * one trial, or a record made before it existed).
       */
      runToRun: z
        .object({
          /** Between-run standard deviation, relative to the mean. */
          sdRelative: z.number(),
          degreesOfFreedom: z.number().int(),
          /** Runs (this one's included), and how many points they were, that the estimate came from. */
          repeats: z.number().int(),
          points: z.number().int(),
          /** The trials-only 95% half-width, relative, as it would read without the run-to-run part. */
          trialsCiRelative: z.number(),
        })
        .nullable()
        .optional(),
    })
    .optional(),
  /** Samples per second: batch / mean latency. */
  throughput: z.number(),
  converged: z.boolean(),
  outliers: z.number().int(),
});
export type LatencyStats = z.infer<typeof latencyStatsSchema>;

export const verdictSchema = z.enum(['valid', 'unstable', 'failed']);
export type Verdict = z.infer<typeof verdictSchema>;

/** 'timeout': the host stopped the point at a deadline; 'crashed': the engine worker died on it (the run went on in a fresh one). */
export const failureKindSchema = z.enum(['oom', 'unsupported', 'timeout', 'skipped', 'error', 'crashed']);
export type FailureKind = z.infer<typeof failureKindSchema>;

/** What else ran on the machine while a point was timed (engine/bench/interference.ts). */
export const interferenceSchema = z.discriminatedUnion('available', [
  z.object({
    available: z.literal(true),
    /** Shares of all CPUs' time over the timed window: other processes, this one, and stolen by the hypervisor. */
    otherCpuShare: z.number(),
    ownCpuShare: z.number(),
    stealShare: z.number(),
    /** 1-minute load average per CPU at the end of the window. */
    loadPerCpu: z.number(),
    /** Others or steal took enough to distort the point. */
    flagged: z.boolean(),
  }),
  z.object({ available: z.literal(false), reason: z.string() }),
]);
export type Interference = z.infer<typeof interferenceSchema>;

/** How a point's intra-op thread count was found: counted in the process that ran it, or the count asked for. */
export const threadsSourceSchema = z.enum(['counted', 'requested']);
export type ThreadsSource = z.infer<typeof threadsSourceSchema>;

/** What a comparison varies: the precision, the thread count, or the execution provider (and device). */
export const comparisonAxisSchema = z.enum(['precision', 'threads', 'provider']);
export type ComparisonAxis = z.infer<typeof comparisonAxisSchema>;

/**
 * This point's speed-up over a baseline point measured in the same interleaved trials at the same batch (FP16/INT8
 * over FP32, a thread count over the run's first, a provider over the run's first; engine/bench/comparisons.ts):
 * throughput of this point / throughput of the baseline, from the paired trials (engine/stats/trial-interval.ts:
 * t on the log ratios).
 */
export const comparisonSchema = z.object({
  baselineIndex: z.number().int(),
  baselinePrecision: precisionSchema,
  /** Absent in records that compared precisions only. */
  axis: comparisonAxisSchema.optional(),
  speedup: z.number(),
  /** 95% bounds; null with fewer than 2 paired trials. */
  low: z.number().nullable(),
  high: z.number().nullable(),
  pairs: z.number().int(),
});
export type Comparison = z.infer<typeof comparisonSchema>;

const pointCommonSchema = planPointSchema.extend({
  /** The rule that decided the verdict, in words. */
  criterion: z.string(),
  warnings: z.array(z.string()),
  inputShapes: z.record(z.string(), z.array(z.number().int())),
  startedAt: z.string(),
});

export const measuredPointSchema = pointCommonSchema.extend({
  verdict: z.enum(['valid', 'unstable']),
  stats: latencyStatsSchema,
  samplesMs: z.array(z.number()),
  sessionCreateMs: z.number(),
  firstInferenceMs: z.number(),
  peakRssBytes: z.number(),
  gpuMemoryBytes: z.number().nullable(),
  /** onnxruntime's own mean run time from its profiler, beside the end-to-end mean of the same pass. */
  ortProfile: z
    .object({
      runs: z.number().int(),
      ortMeanMs: z.number(),
      endToEndMeanMs: z.number(),
      /** Kernel time per op type, the mean per run of the profiled session, slowest first (absent in older records). */
      opTimes: z.array(z.object({ op: z.string(), meanMs: z.number(), nodes: z.number().int() })).optional(),
    })
    .nullable(),
  /**
   * Intra-op threads the session ran on: counted in the process (Linux) or the ones asked for (threadsSource); null
   * where onnxruntime's default chose and nothing was counted (bench/point-result.ts).
   */
  threadsUsed: z.number().int().nullable(),
  /** Absent in records made before threads were counted: there threadsUsed is the requested count. */
  threadsSource: threadsSourceSchema.nullable().optional(),
  clockResolutionMs: z.number(),
  /** Absent in records made before it was measured. */
  interference: interferenceSchema.optional(),
  /** GPU and CPU telemetry and energy over the timed window (absent in older records). */
  telemetry: pointTelemetrySchema.optional(),
  comparison: comparisonSchema.optional(),
  /** TTFT, ITL, tokens/s and cache size of a generation point; its samplesMs are whole generations. */
  generationStats: generationStatsSchema.optional(),
});
export type MeasuredPoint = z.infer<typeof measuredPointSchema>;

export const failedPointSchema = pointCommonSchema.extend({
  verdict: z.literal('failed'),
  failure: failureKindSchema,
  error: errorInfoSchema,
});
export type FailedPoint = z.infer<typeof failedPointSchema>;

export const pointResultSchema = z.discriminatedUnion('verdict', [
  measuredPointSchema.extend({ verdict: z.literal('valid') }),
  measuredPointSchema.extend({ verdict: z.literal('unstable') }),
  failedPointSchema,
]);
export type PointResult = z.infer<typeof pointResultSchema>;

/** How the model was made at each precision measured: FP32 is the source; FP16/INT8 come from the converter. */
export const precisionVariantSchema = z.object({
  precision: precisionSchema,
  /** The conversion report (sizes, nodes converted, accuracy against FP32); null for FP32. */
  conversion: conversionReportSchema.nullable(),
  /** Why this precision could not be made; its points then fail with this reason. */
  error: errorInfoSchema.nullable(),
  /** For a generation run: greedy tokens and logits against FP32 on the same prompts. */
  generationAccuracy: generationAccuracySchema.optional(),
});
export type PrecisionVariantInfo = z.infer<typeof precisionVariantSchema>;

export const runStatusSchema = z.enum(['running', 'complete', 'cancelled', 'interrupted', 'crashed']);
export type RunStatus = z.infer<typeof runStatusSchema>;

export const sessionSettingsSchema = z.object({
  graphOptimizationLevel: z.string(),
  executionMode: z.string(),
  interOpNumThreads: z.number().int().nullable(),
  enableCpuMemArena: z.boolean(),
  enableMemPattern: z.boolean(),
  allowSpinning: z.boolean(),
  preallocatedOutputs: z.boolean(),
});
export type SessionSettings = z.infer<typeof sessionSettingsSchema>;

export const runRecordSchema = z.object({
  schemaVersion: z.number().int().min(1).max(RUN_SCHEMA_VERSION),
  kind: z.literal('infermeter-run'),
  id: z.string(),
  status: runStatusSchema,
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
  app: z.object({ name: z.string(), version: z.string() }),
  hardware: hardwareReportSchema,
  session: sessionSettingsSchema,
  model: modelInfoSchema,
  options: benchOptionsSchema,
  plan: z.array(planPointSchema),
  variants: z.array(precisionVariantSchema).default([]),
  points: z.array(pointResultSchema),
  /** Results of the server and concurrency scenarios, one per provider × precision (older records have none). */
  scenarios: z.array(scenarioResultSchema).default([]),
  /** Why the run ended early, when it did. */
  endReason: errorInfoSchema.nullable(),
  /** The model's outputs against the reference outputs of `options.referenceData` (bench --data), when it has them. */
  check: checkReportSchema.optional(),
});
export type RunRecord = z.infer<typeof runRecordSchema>;
