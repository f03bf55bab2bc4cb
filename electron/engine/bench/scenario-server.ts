import type * as ort from 'onnxruntime-node';
import type { ServerLevel, ServerScenarioOptions, ServerScenarioResult } from '../../contract/scenario';
import { toErrorInfo } from '../errors';
import { percentile } from '../../../common/stats/percentile';
import { sortSamples } from '../../../common/stats/sorted-samples';
import type { BatcherPolicy } from './dynamic-batcher';
import { poissonArrivals } from './poisson';
import type { PointContext } from './run-point';
import { createScenarioSession, feedsFor, meanServiceMs, type ScenarioTarget } from './scenario-session';
import { driveBatcher, type DriveOutcome } from './server-driver';

/** Lowest level of the search, as a fraction of the probed capacity. */
export const SEARCH_LOW_FRACTION = 0.1;
/** Requests per level at least (the level's schedule is stretched up to MAX_STRETCH × levelMs to get them). */
export const MIN_REQUESTS_PER_LEVEL = 300;
const MAX_STRETCH = 4;
/** Capacity probe time per batch size. */
const PROBE_MS = 150;

export const SERVER_METHOD =
  'MLPerf Inference Server-like: single-sample requests arrive as a seeded Poisson process at the target QPS ' +
  '(exponential inter-arrival times computed up front); a dynamic batcher runs up to maxBatch queued requests as one ' +
  'session.run when the batch is full, the oldest request has waited maxQueueDelayMs, or no more will arrive; one ' +
  'batch at a time, so arrivals during a batch queue. The loop compares the monotonic clock to the precomputed ' +
  'arrival times (timer sleeps only for gaps over 15 ms, then spinning), and latency runs from the scheduled arrival ' +
  'to the completion of the request\'s batch, queueing included. Inputs for every batch size 1..maxBatch are ' +
  'synthesised before timing. Capacity = max over probed batch sizes b of b / mean service time(b); the search ' +
  'runs 10% of capacity, then capacity, then bisects between the highest level meeting p99 <= SLO and the lowest ' +
  'missing it. A level with requests left undispatched at its drain deadline fails.';

/** Per-level numbers from one driven level. Pure. */
export function summarizeServerLevel(targetQps: number, outcome: DriveOutcome, sloMs: number): ServerLevel {
  const batchHistogram: Record<string, number> = {};
  for (const b of outcome.batchSizes) batchHistogram[String(b)] = (batchHistogram[String(b)] ?? 0) + 1;
  if (outcome.served === 0) {
    return { targetQps, achievedQps: 0, requests: 0, dropped: outcome.dropped, late: 0, meanMs: 0, p50Ms: 0, p90Ms: 0, p99Ms: 0, maxMs: 0, meanQueueMs: 0, batchHistogram, meetsSlo: false };
  }
  const sorted = sortSamples(outcome.latencyMs);
  let sum = 0;
  let queue = 0;
  let late = 0;
  for (let i = 0; i < outcome.served; i++) {
    const l = outcome.latencyMs[i] as number;
    sum += l;
    queue += outcome.queueMs[i] as number;
    if (l > sloMs) late++;
  }
  const p99Ms = percentile(sorted, 99);
  return {
    targetQps,
    achievedQps: (outcome.served * 1000) / Math.max(outcome.endMs, 1e-9),
    requests: outcome.served,
    dropped: outcome.dropped,
    late,
    meanMs: sum / outcome.served,
    p50Ms: percentile(sorted, 50),
    p90Ms: percentile(sorted, 90),
    p99Ms,
    maxMs: sorted[sorted.length - 1] as number,
    meanQueueMs: queue / outcome.served,
    batchHistogram,
    meetsSlo: outcome.dropped === 0 && p99Ms <= sloMs,
  };
}

export type LevelRunner = (qps: number, seed: number) => Promise<ServerLevel>;

/**
 * The search MLPerf's Server scenario answers: the highest QPS whose p99 meets the SLO. Tries 10% of capacity
 * (if that misses, nothing lower is searched), then capacity itself, then bisects [pass, fail] `steps` times.
 */
export async function searchServerQps(runLevel: LevelRunner, capacityQps: number, steps: number, signal?: AbortSignal): Promise<{ levels: ServerLevel[]; bestQps: number | null }> {
  const levels: ServerLevel[] = [];
  const tryQps = async (qps: number) => {
    const level = await runLevel(qps, levels.length + 1);
    levels.push(level);
    return level.meetsSlo;
  };
  let lo = capacityQps * SEARCH_LOW_FRACTION;
  let hi = capacityQps;
  if (!(await tryQps(lo))) return { levels, bestQps: null };
  if (signal?.aborted !== true && (await tryQps(hi))) return { levels, bestQps: hi };
  for (let i = 0; i < steps && signal?.aborted !== true; i++) {
    const mid = (lo + hi) / 2;
    if (await tryQps(mid)) lo = mid;
    else hi = mid;
  }
  return { levels, bestQps: lo };
}

/** Batch sizes probed for capacity: powers of two up to maxBatch, and maxBatch. */
function probeSizes(maxBatch: number): number[] {
  const sizes = new Set<number>([maxBatch]);
  for (let b = 1; b < maxBatch; b *= 2) sizes.add(b);
  return [...sizes].sort((a, b) => a - b);
}

/** Drives one QPS level on a session whose inputs for every batch size are ready. */
export async function runServerLevel(
  session: ort.InferenceSession,
  feeds: Record<string, ort.Tensor>[],
  opts: Pick<ServerScenarioOptions, 'sloMs' | 'maxQueueDelayMs' | 'levelMs'> & BatcherPolicy,
  qps: number,
  seed: number,
  signal?: AbortSignal,
): Promise<ServerLevel> {
  const durationMs = Math.min(opts.levelMs * MAX_STRETCH, Math.max(opts.levelMs, (MIN_REQUESTS_PER_LEVEL * 1000) / qps));
  const arrivals = poissonArrivals(qps, durationMs, seed);
  const outcome = await driveBatcher({
    arrivals,
    policy: { maxBatch: opts.maxBatch, maxQueueDelayMs: opts.maxQueueDelayMs },
    runBatch: (count) => session.run(feeds[count] as Record<string, ort.Tensor>),
    drainDeadlineMs: durationMs + Math.max(10 * opts.sloMs, durationMs / 2),
    signal,
  });
  return summarizeServerLevel(qps, outcome, opts.sloMs);
}

/** The server scenario for one provider × precision; failures are recorded in the result, never thrown. */
export async function runServerScenario(ctx: PointContext, target: ScenarioTarget, opts: ServerScenarioOptions, batchable: boolean): Promise<ServerScenarioResult> {
  const startedAt = new Date().toISOString();
  const maxBatch = batchable ? opts.maxBatch : 1;
  const base: ServerScenarioResult = { kind: 'server', ...target, method: SERVER_METHOD, startedAt, error: null, options: { ...opts, maxBatch }, serviceMs: {}, capacityQps: 0, levels: [], bestQps: null };
  let session: ort.InferenceSession | undefined;
  try {
    const feeds: Record<string, ort.Tensor>[] = [];
    for (let b = 1; b <= maxBatch; b++) feeds[b] = feedsFor(ctx, b);
    session = await createScenarioSession(ctx, target.provider);
    const s = session;
    for (const b of probeSizes(maxBatch)) {
      const ms = await meanServiceMs(() => s.run(feeds[b] as Record<string, ort.Tensor>), PROBE_MS);
      base.serviceMs[String(b)] = ms;
      base.capacityQps = Math.max(base.capacityQps, (b * 1000) / ms);
    }
    const runLevel: LevelRunner = (qps, seed) => runServerLevel(s, feeds, { ...opts, maxBatch }, qps, ctx.options.seed * 1000 + seed, ctx.signal);
    const searched = await searchServerQps(runLevel, base.capacityQps, opts.searchSteps, ctx.signal);
    base.levels = searched.levels;
    base.bestQps = searched.bestQps;
    if (opts.targetQps !== null && !ctx.signal.aborted) base.levels.push(await runLevel(opts.targetQps, 0));
    base.levels.sort((a, b) => a.targetQps - b.targetQps);
    return base;
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    return { ...base, error: toErrorInfo(error) };
  } finally {
    await session?.release().catch(() => undefined);
  }
}
