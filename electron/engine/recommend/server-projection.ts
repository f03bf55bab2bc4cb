import { simulateBatcher } from '../bench/dynamic-batcher';
import { poissonArrivals } from '../bench/poisson';
import { searchServerQps, summarizeServerLevel } from '../bench/scenario-server';
import type { Span } from './overheads';

/**
 * MLPerf's Server scenario on projected batch times, instead of the best batch's throughput: single-sample queries
 * arrive as a Poisson process, a dynamic batcher runs what is queued (up to a cap) whenever the GPU is free, and the
 * figure reported is the largest arrival rate whose p99 latency — waiting for the GPU while earlier batches run
 * (which is also the gathering of the next batch), plus the batch's own time — stays within the benchmark's bound.
 * The batcher, the Poisson schedule, the level summary and the QPS search are the ones the measured server scenario
 * uses (engine/bench: dynamic-batcher.ts, poisson.ts, scenario-server.ts), run here on a virtual clock.
 *
 * Two times per batch size: `busyMs`, how long the GPU is taken (the next batch can start after it; in a pipelined
 * harness the slowest stage), and `latencyMs`, how long the batch's requests wait from dispatch to completion (every
 * stage one after another). Service times are deterministic: a GPU batch's time varies little, and the tail comes
 * from the Poisson arrivals, not from the source machine's own jitter.
 */
export const SERVER_PROJECTION_METHOD =
  'MLPerf Server, projected: seeded Poisson arrivals of single-sample queries; a dynamic batcher dispatches what is queued ' +
  '(up to a cap) whenever the GPU is free; a batch of k keeps the GPU for its projected batch time and its requests for every ' +
  'stage of it; the figure is the highest arrival rate whose p99 latency (queueing + batch) is within the bound, over caps of ' +
  'powers of two up to the harness\'s batch size. Low end from the slow batch times, high end from the fast ones.';

export type BatchTimes = { batch: number; busyMs: number; latencyMs: number };

/**
 * LoadGen's minimum query count for a Server run (mlcommons/inference mlperf.conf, "*.Server.min_query_count =
 * 270336"). The horizon matters near capacity: a queue fed at its capacity drifts like a random walk, so how far it
 * has drifted by the end depends on the run's length.
 */
export const MLPERF_SERVER_MIN_QUERIES = 270_336;
/**
 * Requests simulated per level. Fewer than LoadGen's minimum to keep `npm run bench:projection` to seconds: on its
 * table, 20,000 and 270,336 requests gave Server figures within 3% of each other (2,725 vs 2,665/s on the T4's slow
 * end, 22,519 vs 22,232/s on the A100's).
 */
export const SERVER_REQUESTS_PER_LEVEL = 50_000;
/** Bisection steps of the QPS search between 10% of capacity and capacity (capacity/10·2^-steps resolution). */
export const SERVER_SEARCH_STEPS = 10;

/** Times at batch k, linear between the projected batches around it (a batch's time grows about linearly with its size). */
export function timesAt(points: readonly BatchTimes[], k: number): { busyMs: number; latencyMs: number } {
  const sorted = [...points].sort((a, b) => a.batch - b.batch);
  const first = sorted[0];
  if (!first) throw new RangeError('timesAt: no projected batch');
  if (k <= first.batch) return { busyMs: first.busyMs, latencyMs: first.latencyMs };
  for (let i = 1; i < sorted.length; i++) {
    const a = sorted[i - 1] as BatchTimes;
    const b = sorted[i] as BatchTimes;
    if (k <= b.batch) {
      const f = (k - a.batch) / (b.batch - a.batch);
      return { busyMs: a.busyMs + f * (b.busyMs - a.busyMs), latencyMs: a.latencyMs + f * (b.latencyMs - a.latencyMs) };
    }
  }
  const last = sorted[sorted.length - 1] as BatchTimes;
  return { busyMs: last.busyMs * (k / last.batch), latencyMs: last.latencyMs * (k / last.batch) };
}

/** One arrival rate on a virtual clock: the level's numbers (p99 and all), as the measured scenario summarises them. */
export function simulateServerLevel(points: readonly BatchTimes[], maxBatch: number, qps: number, boundMs: number, seed: number, requests = SERVER_REQUESTS_PER_LEVEL) {
  const arrivals = poissonArrivals(qps, (requests * 1000) / qps, seed);
  const table = Array.from({ length: maxBatch + 1 }, (_, k) => (k === 0 ? { busyMs: 0, latencyMs: 0 } : timesAt(points, k)));
  const out = simulateBatcher(arrivals, (b) => (table[b] as { busyMs: number }).busyMs, { maxBatch, maxQueueDelayMs: 0 });
  // The batcher charged each request the GPU's busy time; its requests wait for every stage of the batch.
  let i = 0;
  for (const b of out.batchSizes) {
    const extra = (table[b] as { latencyMs: number }).latencyMs - (table[b] as { busyMs: number }).busyMs;
    for (let j = 0; j < b; j++, i++) out.latencyMs[i] = (out.latencyMs[i] as number) + extra;
  }
  return summarizeServerLevel(qps, { ...out, served: arrivals.length, dropped: 0 }, boundMs);
}

/**
 * The highest Poisson rate whose p99 meets `boundMs`, over batch caps of powers of two up to `maxBatch` (and
 * `maxBatch`); null when even a batch of one cannot finish within the bound.
 */
export async function serverQps(
  points: readonly BatchTimes[], maxBatch: number, boundMs: number, seed = 1, requests = SERVER_REQUESTS_PER_LEVEL,
): Promise<{ qps: number; cap: number; p99Ms: number } | null> {
  let best: { qps: number; cap: number; p99Ms: number } | null = null;
  const caps = new Set<number>([maxBatch]);
  for (let b = 1; b < maxBatch; b *= 2) caps.add(b);
  for (const cap of [...caps].sort((a, b) => b - a)) {
    const full = timesAt(points, cap);
    if (full.latencyMs > boundMs) continue;
    const capacity = (cap * 1000) / full.busyMs;
    // No rate above a cap's capacity (cap / its batch's busy time) is sustainable: a cap that cannot beat the best
    // found so far is not searched.
    if (best !== null && capacity <= best.qps) continue;
    const run = (qps: number, s: number) => Promise.resolve(simulateServerLevel(points, cap, qps, boundMs, seed * 1000 + s, requests));
    const searched = await searchServerQps(run, capacity, SERVER_SEARCH_STEPS);
    if (searched.bestQps === null) continue;
    const qps = searched.bestQps;
    const level = searched.levels.filter((l) => l.meetsSlo && l.targetQps === qps)[0];
    if (best === null || qps > best.qps) best = { qps, cap, p99Ms: level?.p99Ms ?? NaN };
  }
  return best;
}

/** The Server figure's range: the low end from the slow batch times, the high end from the fast ones. */
export async function serverQpsRange(slow: readonly BatchTimes[], fast: readonly BatchTimes[], maxBatch: number, boundMs: number): Promise<Span | null> {
  const low = await serverQps(slow, maxBatch, boundMs);
  const high = await serverQps(fast, maxBatch, boundMs);
  return low && high ? { low: low.qps, high: high.qps } : null;
}
