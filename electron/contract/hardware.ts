import { z } from 'zod';

export const providerIds = ['cpu', 'webgpu', 'cuda', 'tensorrt', 'dml', 'coreml'] as const;
export const providerIdSchema = z.enum(providerIds);
export type ProviderId = z.infer<typeof providerIdSchema>;

/** Providers onnxruntime lets us place on a chosen GPU (their deviceId option); WebGPU picks its adapter itself. */
export const DEVICE_PROVIDERS: ReadonlySet<ProviderId> = new Set(['cuda', 'tensorrt', 'dml']);

export const cpuFeaturesSchema = z.object({
  avx2: z.boolean(),
  avx512f: z.boolean(),
  avx512vnni: z.boolean(),
  avxVnni: z.boolean(),
  avx512bf16: z.boolean(),
  avx512fp16: z.boolean(),
  amx: z.boolean(),
  f16c: z.boolean(),
  fma: z.boolean(),
  neon: z.boolean(),
  dotprod: z.boolean(),
  armFp16: z.boolean(),
  i8mm: z.boolean(),
});
export type CpuFeatures = z.infer<typeof cpuFeaturesSchema>;

/**
 * How a variant made here stores INT8 weights. s8: signed int8, zero point 0 (onnxruntime's u8s8 kernels). u8: uint8
 * with zero point 128 (its u8u8 kernels), the same values shifted, which no CPU's kernels can saturate.
 */
export const int8WeightEncodingSchema = z.enum(['s8', 'u8']);
export type Int8WeightEncoding = z.infer<typeof int8WeightEncodingSchema>;

/** The kernel family onnxruntime's CPU provider picks for INT8 products on this CPU. */
export const int8KernelSchema = z.enum(['amx', 'avx512-vnni', 'avx-vnni', 'avx2', 'x86-sse', 'arm-dotprod', 'arm-neon', 'unknown']);
export type Int8Kernel = z.infer<typeof int8KernelSchema>;

export const int8PathSchema = z.object({
  kernel: int8KernelSchema,
  /** Whether uint8 activations × signed int8 weights can saturate here (an int16 sum of two products). */
  signedWeightsSaturate: z.boolean(),
  /** What a variant converted here stores: s8 where u8s8 is exact, else u8. */
  weightEncoding: int8WeightEncodingSchema,
  /** The path and what it means, in words. */
  summary: z.string(),
});
export type Int8Path = z.infer<typeof int8PathSchema>;

/** INT8 over FP32 speed of a MatMul on this CPU's provider, per weight encoding (see engine/hardware/int8-speed.ts). */
export const int8SpeedSchema = z.object({
  /** Median speed-up (FP32 time / INT8 time) with int8 weights, and with uint8 weights. */
  s8: z.number(),
  u8: z.number(),
  /** Lowest and highest per-round ratio. */
  spread: z.object({ s8: z.tuple([z.number(), z.number()]), u8: z.tuple([z.number(), z.number()]) }),
  method: z.string(),
});
export type Int8Speed = z.infer<typeof int8SpeedSchema>;

export const cpuInfoSchema = z.object({
  vendor: z.string(),
  model: z.string(),
  arch: z.string(),
  physicalCores: z.number().int(),
  logicalCores: z.number().int(),
  baseClockGHz: z.number().nullable(),
  maxClockGHz: z.number().nullable(),
  cacheBytes: z.object({
    l1d: z.number().nullable(),
    l1i: z.number().nullable(),
    l2: z.number().nullable(),
    l3: z.number().nullable(),
  }),
  features: cpuFeaturesSchema,
  flags: z.array(z.string()),
  /** Absent in records made before the INT8 path was detected. */
  int8: int8PathSchema.optional(),
});
export type CpuInfo = z.infer<typeof cpuInfoSchema>;

export const gpuInfoSchema = z.object({
  vendor: z.string(),
  model: z.string(),
  vramBytes: z.number().nullable(),
  driver: z.string().nullable(),
  cudaVersion: z.string().nullable(),
  utilizationPercent: z.number().nullable(),
  memoryUsedBytes: z.number().nullable(),
  source: z.enum(['nvidia-smi', 'systeminformation']),
});
export type GpuInfo = z.infer<typeof gpuInfoSchema>;

export const providerStatusSchema = z.object({
  id: providerIdSchema,
  available: z.boolean(),
  /** One of: available, not-bundled, not-installed, no-adapter, driver-error, failed; not-probed when detection ran without probing. */
  status: z.enum(['available', 'not-bundled', 'not-installed', 'no-adapter', 'driver-error', 'failed', 'not-probed']),
  /** Why it is not available, in words a user can act on; null when available. */
  reason: z.string().nullable(),
  /** The one command or step that gets it; null when available or when nothing can. */
  remedy: z.string().nullable(),
  /** How long the probe session took to create and run, when it ran. */
  probeMs: z.number().nullable(),
});
export type ProviderStatus = z.infer<typeof providerStatusSchema>;

export const hardwareReportSchema = z.object({
  schemaVersion: z.literal(1),
  detectedAt: z.string(),
  cpu: cpuInfoSchema,
  memory: z.object({ totalBytes: z.number(), availableBytes: z.number() }),
  os: z.object({
    platform: z.string(),
    distro: z.string(),
    release: z.string(),
    kernel: z.string(),
    arch: z.string(),
    hostname: z.string(),
  }),
  powerSource: z.enum(['ac', 'battery', 'unknown']),
  gpus: z.array(gpuInfoSchema),
  software: z.object({
    onnxruntime: z.string(),
    node: z.string(),
    app: z.string(),
  }),
  providers: z.array(providerStatusSchema),
  /** Measured when providers are probed; absent without probing and in older records. */
  int8Speed: int8SpeedSchema.nullable().optional(),
});
export type HardwareReport = z.infer<typeof hardwareReportSchema>;
