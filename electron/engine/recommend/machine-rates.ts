import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { ProviderId } from '../../contract/hardware';
import { machineRatesSchema, type MachineRates } from '../../contract/recommend';
import type { Precision } from '../../contract/run';
import { cacheDir } from '../cache-dir';
import { EngineError } from '../errors';
import { attr, GraphBuilder, tensorProto } from '../model/graph-builder';
import { DataType } from '../model/onnx-proto';

export type RateOptions = {
  provider: ProviderId;
  precision: Precision;
  /** Side of the square MatMul (N×N · N×N = 2N³ FLOPs). */
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
/** Elementwise passes over the tensor in the bandwidth graph. */
export const COPY_PASSES = 8;

const RATES_METHOD = (n: number, bytes: number, mmRuns: number, runs: number) =>
  `onnxruntime on this machine: float32 MatMul ${n}×${n}·${n}×${n} (2·N³ FLOPs, fastest of ${mmRuns} runs) and a ` +
  `${bytes / 2 ** 20} MiB float32 tensor made in the graph and streamed through ${COPY_PASSES} Adds and a ReduceSum (bytes read + ` +
  `written, fastest of ${runs} runs, after 2 warm-ups; the MatMul after 1)`;

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

function sessionOptions(provider: ProviderId): ort.InferenceSession.SessionOptions {
  return { executionProviders: [provider], graphOptimizationLevel: 'all' };
}

/**
 * Achieved compute (GFLOP/s) and memory (GB/s) rates of this machine through onnxruntime itself on one provider at
 * one precision: what a large, well-shaped kernel actually reaches here, which is the ceiling the roofline
 * projection scales from. Only float32 is built so far; other precisions throw (their models need FP16/INT8
 * inputs, and the callers then report the projection as missing). Any provider onnxruntime-node can create a
 * session on works; on GPU providers the numbers include host↔device copies of the inputs, so they are a floor.
 */
export async function measureMachineRates(options: RateOptions): Promise<MachineRates> {
  const { provider, precision } = options;
  if (precision !== 'fp32') throw new EngineError('bad-input', `measuring ${precision} rates is not built yet: only fp32 machine rates can be measured`);
  const n = options.matmulN ?? DEFAULT_MATMUL_N;
  const copyBytes = options.copyBytes ?? DEFAULT_COPY_BYTES;
  const runs = options.runs ?? DEFAULT_RUNS;
  // 2·N³ FLOPs per run: ~17 GFLOP at N = 2048, a fifth of a second at 100 GFLOP/s, so 3 timed runs suffice.
  const matmulRuns = Math.max(1, Math.min(runs, 3));

  const mm = new GraphBuilder('matmul-rate');
  const a = mm.input('a', DataType.FLOAT, [n, n]);
  const b = mm.input('b', DataType.FLOAT, [n, n]);
  mm.output(mm.op('MatMul', [a, b], undefined, 'c'), DataType.FLOAT, [n, n]);
  const mmSession = await ort.InferenceSession.create(mm.encode(), sessionOptions(provider));
  let matmulMs: number;
  try {
    const fill = new Float32Array(n * n);
    for (let i = 0; i < fill.length; i++) fill[i] = (i % 1000) / 1000;
    const feeds = { a: new ort.Tensor('float32', fill, [n, n]), b: new ort.Tensor('float32', fill, [n, n]) };
    matmulMs = await timeRuns(mmSession, feeds, { c: new ort.Tensor('float32', new Float32Array(n * n).fill(0), [n, n]) }, matmulRuns, 1);
  } finally {
    await mmSession.release();
  }

  // The stream lives inside the graph (ConstantOfShape → COPY_PASSES × Add → ReduceSum to a scalar), so no tensor
  // crosses the JS binding: feeding and fetching a large tensor costs binding copies and page faults that would be
  // counted as memory time (measured here: ~2 GB/s that way against ~20 GB/s in the graph).
  const elems = Math.floor(copyBytes / 4);
  const cp = new GraphBuilder('copy-rate');
  const shape = cp.input('shape', DataType.INT64, [1]);
  let x = cp.op('ConstantOfShape', [shape], { value: attr.tensor(tensorProto('value', DataType.FLOAT, [1], new Float32Array([1]))) });
  const one = cp.floatInit('one', [], new Float32Array([1]));
  for (let i = 0; i < COPY_PASSES; i++) x = cp.op('Add', [x, one]);
  cp.output(cp.op('ReduceSum', [x], { keepdims: attr.int(0) }, 'sum'), DataType.FLOAT, []);
  // 'basic' keeps the Adds apart (no fusion can shorten the stream).
  const cpSession = await ort.InferenceSession.create(cp.encode({ opset: 17 }), { ...sessionOptions(provider), graphOptimizationLevel: 'basic' });
  let copyMs: number;
  try {
    const feeds = { shape: new ort.Tensor('int64', BigInt64Array.from([BigInt(elems)]), [1]) };
    copyMs = await timeRuns(cpSession, feeds, { sum: new ort.Tensor('float32', new Float32Array(1), []) }, runs, 2);
  } finally {
    await cpSession.release();
  }
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
    method: RATES_METHOD(n, elems * 4, matmulRuns, runs),
  };
}

/** The cache key: rates belong to one CPU model, onnxruntime version, provider and precision. */
export function ratesCacheKey(provider: ProviderId, precision: Precision, cpu = cpuModel(), version = ortVersion()): string {
  return `${cpu} | onnxruntime ${version} | ${provider} | ${precision}`;
}

export function ratesCacheFile(dir: string = cacheDir()): string {
  return join(dir, 'machine-rates.json');
}

function readCache(file: string): Record<string, MachineRates> {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    if (typeof parsed !== 'object' || parsed === null) return {};
    const out: Record<string, MachineRates> = {};
    for (const [key, value] of Object.entries(parsed)) {
      const r = machineRatesSchema.safeParse(value);
      if (r.success) out[key] = r.data;
    }
    return out;
  } catch {
    return {};
  }
}

/**
 * This machine's rates for a provider and precision, measured once and then read from the user cache
 * (cacheDir()/machine-rates.json, keyed by CPU model + onnxruntime version + provider + precision). A cache that
 * cannot be written only costs a re-measurement next time.
 */
export async function machineRates(options: RateOptions & { refresh?: boolean; cacheFile?: string }): Promise<MachineRates & { cached: boolean }> {
  const file = options.cacheFile ?? ratesCacheFile();
  const key = ratesCacheKey(options.provider, options.precision);
  const cache = readCache(file);
  const hit = cache[key];
  if (hit && !options.refresh) return { ...hit, cached: true };
  const rates = await measureMachineRates(options);
  try {
    mkdirSync(join(file, '..'), { recursive: true });
    const tmp = `${file}.tmp-${process.pid}`;
    writeFileSync(tmp, `${JSON.stringify({ ...cache, [key]: rates }, null, 1)}\n`);
    renameSync(tmp, file);
  } catch {
    // Read-only home or full disk: the numbers are still good for this call.
  }
  return { ...rates, cached: false };
}
