import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { z } from 'zod';
import { providerIdSchema, type ProviderId } from '../../contract/hardware';
import { machineRatesSchema, type MachineRates } from '../../contract/recommend';
import { precisionSchema, type Precision } from '../../contract/run';
import { cacheDir } from '../cache-dir';
import { EngineError } from '../errors';
import { localInt8Path } from '../convert/convert-model';
import { COPY_PASSES, copyKernel, matmulKernel, precisionFallback, type MatmulKernel } from './rate-kernels';
import { enterPhase } from '../phase';
import { currentLoadPerCpu, measuredBusyNowQuiet } from './machine-load';

export { COPY_PASSES };
export { BUSY_LOAD_PER_CPU, currentLoadPerCpu, measuredBusyNowQuiet } from './machine-load';

export type RateOptions = {
  provider: ProviderId;
  precision: Precision;
  /** Side of the square MatMul (N×N · N×N = 2N³ operations). */
  matmulN?: number;
  /** Size of the tensor streamed through the bandwidth graph. */
  copyBytes?: number;
  /** Timed runs per kernel; the fastest is kept. */
  runs?: number;
};

export const DEFAULT_MATMUL_N = 2048;
/** 64 MiB: well past any last-level cache, small enough to stay inside the ~3 s budget on a small machine. */
export const DEFAULT_COPY_BYTES = 64 * 1024 * 1024;
export const DEFAULT_RUNS = 5;

/** A precision this machine cannot run at its own precision on a provider, cached like the rates it has. */
export const ratesUnavailableSchema = z.object({
  provider: providerIdSchema,
  precision: precisionSchema,
  unavailable: z.string(),
  cpuModel: z.string(),
  ortVersion: z.string(),
  measuredAt: z.string(),
});
export type RatesUnavailable = z.infer<typeof ratesUnavailableSchema>;

/** Thrown by measureMachineRates when the provider would not run the precision's kernel at that precision. */
export class RatesUnavailableError extends EngineError {
  constructor(readonly record: RatesUnavailable) {
    super('bad-input', record.unavailable);
  }
}

const RATES_METHOD = (mm: MatmulKernel, copy: MatmulKernel, mmRuns: number, runs: number) =>
  `onnxruntime on this machine: ${mm.describe} (2·N³ operations, fastest of ${mmRuns} runs, after 1 warm-up) and a ` +
  `${copy.describe} (bytes read + written, fastest of ${runs} runs, after 2 warm-ups; the stream is float32 at every precision: ` +
  'bandwidth is the memory system\'s)';

function ortVersion(): string {
  return ort.env.versions.node ?? ort.env.versions.common;
}

function cpuModel(): string {
  return os.cpus()[0]?.model.trim() || 'unknown CPU';
}

/**
 * Fastest wall time (ms) of `session.run` over the timed runs, with inputs and outputs allocated once and their
 * pages touched (a fresh zeroed array faults on first write, which would be counted as memory time), after the
 * warm-up runs. The minimum, not the median: other processes can only slow a run down, and what is wanted is the
 * rate this machine can achieve (timeit's reasoning); on a busy machine the median measures the neighbours.
 */
async function timeRuns(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>, fetches: Record<string, ort.Tensor>, runs: number, warmups: number): Promise<number> {
  for (let i = 0; i < warmups; i++) await session.run(feeds, fetches);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await session.run(feeds, fetches);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return Math.min(...times);
}

async function timeKernel(kernel: MatmulKernel, provider: ProviderId, level: 'all' | 'basic', runs: number, warmups: number): Promise<number> {
  enterPhase('session', `measuring this machine's rates: creating the ${kernel.describe} session`);
  const session = await ort.InferenceSession.create(kernel.model, { executionProviders: [provider], graphOptimizationLevel: level });
  enterPhase('inference', `measuring this machine's rates: timing the ${kernel.describe}`);
  try {
    return await timeRuns(session, kernel.feeds, kernel.fetches, runs, warmups);
  } finally {
    await session.release();
  }
}

/**
 * Achieved compute (GFLOP/s; GOP/s for int8) and memory (GB/s) rates of this machine through onnxruntime itself on
 * one provider at one precision: what a large, well-shaped kernel actually reaches here, which is the ceiling the
 * roofline projection scales from. A precision the provider would only run by casting to float32 (float16 on
 * onnxruntime's x86 CPU provider) is not measured: RatesUnavailableError says so. Any provider onnxruntime-node can
 * create a session on works; on GPU providers the numbers include host↔device copies of the inputs, so they are a
 * floor.
 */
export async function measureMachineRates(options: RateOptions): Promise<MachineRates> {
  const { provider, precision } = options;
  const n = options.matmulN ?? DEFAULT_MATMUL_N;
  const copyBytes = options.copyBytes ?? DEFAULT_COPY_BYTES;
  const runs = options.runs ?? DEFAULT_RUNS;
  // 2·N³ operations per run: ~17 G at N = 2048, a fifth of a second at 100 GFLOP/s, so 3 timed runs suffice.
  const matmulRuns = Math.max(1, Math.min(runs, 3));

  const loadPerCpu = currentLoadPerCpu();
  const mm = matmulKernel(precision, n, (await localInt8Path()).weightEncoding);
  const fallback = await precisionFallback(mm, provider, precision);
  if (fallback !== null) {
    throw new RatesUnavailableError({ provider, precision, unavailable: fallback, cpuModel: cpuModel(), ortVersion: ortVersion(), measuredAt: new Date().toISOString() });
  }
  const matmulMs = await timeKernel(mm, provider, 'all', matmulRuns, 1);
  const elems = Math.floor(copyBytes / 4);
  const copy = copyKernel(elems);
  // 'basic' keeps the Adds apart (no fusion can shorten the stream).
  const copyMs = await timeKernel(copy, provider, 'basic', runs, 2);
  // Bytes moved: the fill writes the tensor once, each Add reads and writes it, the reduction reads it.
  const streamBytes = (2 + 2 * COPY_PASSES) * elems * 4;

  return {
    provider,
    precision,
    gflops: (2 * n ** 3) / (matmulMs / 1000) / 1e9,
    gbs: streamBytes / (copyMs / 1000) / 1e9,
    matmulMs,
    copyMs,
    cpuModel: cpuModel(),
    ortVersion: ortVersion(),
    measuredAt: new Date().toISOString(),
    method: RATES_METHOD(mm, copy, matmulRuns, runs),
    ...(loadPerCpu === undefined ? {} : { loadPerCpu }),
  };
}

/** The cache key: rates belong to one CPU model, onnxruntime version, provider and precision. */
export function ratesCacheKey(provider: ProviderId, precision: Precision, cpu = cpuModel(), version = ortVersion()): string {
  return `${cpu} | onnxruntime ${version} | ${provider} | ${precision}`;
}

export function ratesCacheFile(dir: string = cacheDir()): string {
  return join(dir, 'machine-rates.json');
}

type CacheEntry = MachineRates | RatesUnavailable;

function readCache(file: string): Record<string, CacheEntry> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return {};
    const out: Record<string, CacheEntry> = {};
    for (const [key, value] of Object.entries(parsed)) {
      const r = machineRatesSchema.safeParse(value);
      const u = ratesUnavailableSchema.safeParse(value);
      if (r.success) out[key] = r.data;
      else if (u.success) out[key] = u.data;
    }
    return out;
  } catch {
    return {};
  }
}

/**
 * This machine's rates for a provider and precision, measured once and then read from the user cache
 * (cacheDir()/machine-rates.json, keyed by CPU model + onnxruntime version + provider + precision, so a GPU
 * provider's rates are measured on their own the first time that provider is used). Rates measured while the machine
 * was busy are measured again the first time it is quiet. A precision the provider cannot run natively is cached too, and thrown as RatesUnavailableError each time. A cache that cannot be written only
 * costs a re-measurement next time. `measure` is replaceable for tests of the keying.
 */
export async function machineRates(
  options: RateOptions & { refresh?: boolean; cacheFile?: string; measure?: (o: RateOptions) => Promise<MachineRates>; loadNow?: () => number | undefined },
): Promise<MachineRates & { cached: boolean }> {
  const file = options.cacheFile ?? ratesCacheFile();
  const key = ratesCacheKey(options.provider, options.precision);
  const cache = readCache(file);
  const hit = cache[key];
  const stale = hit !== undefined && !('unavailable' in hit) && measuredBusyNowQuiet(hit, (options.loadNow ?? currentLoadPerCpu)());
  if (hit && !options.refresh && !stale) {
    if ('unavailable' in hit) throw new RatesUnavailableError(hit);
    return { ...hit, cached: true };
  }
  let entry: CacheEntry;
  try {
    entry = await (options.measure ?? measureMachineRates)(options);
  } catch (error) {
    if (!(error instanceof RatesUnavailableError)) throw error;
    entry = error.record;
  }
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, `${JSON.stringify({ ...cache, [key]: entry }, null, 1)}\n`);
    renameSync(tmp, file);
  } catch {
    // Read-only home or full disk: the numbers are still good for this call.
  }
  if ('unavailable' in entry) throw new RatesUnavailableError(entry);
  return { ...entry, cached: false };
}
