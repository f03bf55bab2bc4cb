import { z } from 'zod';

/** Lowest, mean (time-weighted over the samples) and highest value of a metric over a point's timed window. */
export const rangeSchema = z.object({ min: z.number(), mean: z.number(), max: z.number() });
export type Range = z.infer<typeof rangeSchema>;

/** A figure that could not be had, with why ("the point ran on the CPU provider", "no nvidia-smi"...). */
export const notAvailableSchema = z.object({ available: z.literal(false), reason: z.string() });
export type NotAvailable = z.infer<typeof notAvailableSchema>;

/** The GPU a point ran on, as its vendor's tool names it. */
export const gpuDeviceSchema = z.object({
  /** The tool's own index (nvidia-smi -i N, amd-smi -g N, rocm-smi -d N), which is also the CUDA/ROCm device id. */
  index: z.number().int().nonnegative(),
  name: z.string(),
  busId: z.string().nullable(),
  driver: z.string().nullable(),
  source: z.enum(['nvidia-smi', 'amd-smi', 'rocm-smi']),
});
export type GpuDevice = z.infer<typeof gpuDeviceSchema>;

export const gpuTelemetrySchema = z.object({
  available: z.literal(true),
  device: gpuDeviceSchema,
  /** Sampling interval asked of the tool, and samples that fell in the timed window. */
  intervalMs: z.number(),
  samples: z.number().int(),
  utilizationPercent: rangeSchema.nullable(),
  memoryUsedBytes: rangeSchema.nullable(),
  memoryTotalBytes: z.number().nullable(),
  powerW: rangeSchema.nullable(),
  smClockMHz: rangeSchema.nullable(),
  memoryClockMHz: rangeSchema.nullable(),
  temperatureC: rangeSchema.nullable(),
  /** Every clock throttle reason seen in the window (nvidia-smi's clocks_throttle_reasons.active), by name. */
  throttleReasons: z.array(z.string()),
});
export type GpuTelemetry = z.infer<typeof gpuTelemetrySchema>;

/** CPU time over the timed window, as a share of the whole machine (all logical cores = 100%). */
export const cpuUsageSchema = z.object({
  processPercent: z.number(),
  /** Busy time of every other process; null where the machine's counters cannot be read (/proc/stat). */
  otherPercent: z.number().nullable(),
  logicalCores: z.number().int(),
});
export type CpuUsage = z.infer<typeof cpuUsageSchema>;

export const energySchema = z.discriminatedUnion('available', [
  z.object({
    available: z.literal(true),
    joules: z.number(),
    /** Samples (batch items) run in the window: iterations × batch. */
    inferences: z.number(),
    joulesPerInference: z.number(),
    inferencesPerJoule: z.number(),
    /** How the figure was had and its limits (counter or integrated power, idle included, sampling interval). */
    method: z.string(),
    /**
     * 'counter': the difference of a cumulative energy counter (NVML's total energy, amd-smi's energy, RAPL);
     * 'power-integral': power readings integrated over the window. Absent in records made before it was recorded.
     */
    basis: z.enum(['counter', 'power-integral']).optional(),
  }),
  notAvailableSchema,
]);
export type Energy = z.infer<typeof energySchema>;

/** What was sampled during a point's timed window. Absent in records made before telemetry existed. */
export const pointTelemetrySchema = z.object({
  windowMs: z.number(),
  gpu: z.discriminatedUnion('available', [gpuTelemetrySchema, notAvailableSchema]),
  cpu: cpuUsageSchema.nullable(),
  gpuEnergy: energySchema,
  cpuEnergy: energySchema,
});
export type PointTelemetry = z.infer<typeof pointTelemetrySchema>;
