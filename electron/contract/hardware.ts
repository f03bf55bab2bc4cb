import { z } from 'zod';

export const providerIds = ['cpu', 'webgpu', 'cuda', 'tensorrt', 'dml', 'coreml'] as const;
export const providerIdSchema = z.enum(providerIds);
export type ProviderId = z.infer<typeof providerIdSchema>;

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
});
export type HardwareReport = z.infer<typeof hardwareReportSchema>;
