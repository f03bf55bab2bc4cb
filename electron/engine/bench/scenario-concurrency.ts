import type * as ort from 'onnxruntime-node';
import type { ConcurrencyLevel, ConcurrencyMode, ConcurrencyScenarioOptions, ConcurrencyScenarioResult } from '../../contract/scenario';
import { toErrorInfo } from '../errors';
import { fitUsl } from '../stats/fits';
import { percentile } from '../../../common/stats/percentile';
import { sortSamples } from '../../../common/stats/sorted-samples';
import type { PointContext } from './run-point';
import { createScenarioSession, feedsFor, type ScenarioTarget } from './scenario-session';

/** Untimed warm-up per level, as a fraction of the level's time. */
const WARMUP_FRACTION = 0.2;

/** libuv's threadpool size in this process (UV_THREADPOOL_SIZE, default 4). */
export function libuvThreadpoolSize(): number {
  const n = Number(process.env.UV_THREADPOOL_SIZE);
  return Number.isInteger(n) && n > 0 ? n : 4;
}

export const CONCURRENCY_METHOD =
  'N closed-loop clients (batch 1 each) keep N requests in flight, on one shared session or on N sessions (one per ' +
  'client), for levelMs after a 20% untimed warm-up; throughput = requests completed / time, latency per request. ' +
  'onnxruntime-node 1.30 runs each session.run synchronously on the JS thread after a setImmediate hop (dist/backend.js), ' +
  'not on libuv\'s threadpool, so UV_THREADPOOL_SIZE does not matter and in-flight requests in one process are served ' +
  'one at a time (each using the intra-op thread pool): extra in-flight requests add queueing, not parallelism. ' +
  'USL fit (Gunther 2007): X(N) = λN / (1 + α(N−1) + βN(N−1)) by Levenberg–Marquardt; N* = sqrt((1−α)/β). ' +
  'Little (1961): L = λ·W gives the in-flight count a target QPS needs at the measured mean latency.';

/** N closed-loop clients for levelMs (after warm-up); client i uses sessions[i % sessions.length]. */
export async function measureConcurrencyLevel(sessions: ort.InferenceSession[], feeds: Record<string, ort.Tensor>, inFlight: number, levelMs: number, mode: ConcurrencyMode): Promise<ConcurrencyLevel> {
  const t0 = process.hrtime.bigint();
  const now = () => Number(process.hrtime.bigint() - t0) / 1e6;
  const timedFrom = levelMs * WARMUP_FRACTION;
  const until = timedFrom + levelMs;
  const latencies: number[] = [];
  let lastEnd = timedFrom;
  const client = async (i: number) => {
    const session = sessions[i % sessions.length] as ort.InferenceSession;
    while (now() < until) {
      const start = now();
      await session.run(feeds);
      const end = now();
      if (start >= timedFrom) {
        latencies.push(end - start);
        lastEnd = Math.max(lastEnd, end);
      }
    }
  };
  await Promise.all(Array.from({ length: inFlight }, (_, i) => client(i)));
  const durationMs = lastEnd - timedFrom;
  const sorted = sortSamples(Float64Array.from(latencies));
  const n = latencies.length;
  return {
    mode,
    inFlight,
    requests: n,
    durationMs,
    throughput: durationMs > 0 ? (n * 1000) / durationMs : 0,
    meanMs: n > 0 ? latencies.reduce((a, b) => a + b, 0) / n : 0,
    p50Ms: n > 0 ? percentile(sorted, 50) : 0,
    p99Ms: n > 0 ? percentile(sorted, 99) : 0,
  };
}

/** USL fit per mode (needs 3 distinct levels) and Little's law for the target QPS. Pure. */
export function analyseConcurrency(levels: ConcurrencyLevel[], targetQps: number | null): Pick<ConcurrencyScenarioResult, 'usl' | 'little'> {
  const usl: ConcurrencyScenarioResult['usl'] = [];
  const little: ConcurrencyScenarioResult['little'] = [];
  for (const mode of [...new Set(levels.map((l) => l.mode))]) {
    const of = levels.filter((l) => l.mode === mode && l.requests > 0).sort((a, b) => a.inFlight - b.inFlight);
    try {
      const fit = fitUsl(of.map((l) => ({ n: l.inFlight, throughput: l.throughput })));
      usl.push({ mode, alpha: fit.alpha, beta: fit.beta, lambda: fit.lambda, r2: fit.r2, peakN: fit.peakN, peakThroughput: fit.peakThroughput });
    } catch {
      // fewer than 3 usable levels: no fit for this mode
    }
    if (targetQps === null || of.length === 0) continue;
    const reached = of.find((l) => l.throughput >= targetQps);
    const basis = reached ?? of.reduce((a, b) => (b.throughput > a.throughput ? b : a));
    // Little's law, L = λ·W (J. D. C. Little, "A Proof for the Queuing Formula: L = λW", Operations Research 9(3), 1961), W in seconds.
    little.push({ mode, targetQps, latencyMs: basis.meanMs, basisInFlight: basis.inFlight, inFlightNeeded: (targetQps * basis.meanMs) / 1000, reachable: reached !== undefined });
  }
  return { usl, little };
}

/** The concurrency scenario for one provider × precision; failures are recorded in the result, never thrown. */
export async function runConcurrencyScenario(ctx: PointContext, target: ScenarioTarget, opts: ConcurrencyScenarioOptions): Promise<ConcurrencyScenarioResult> {
  const startedAt = new Date().toISOString();
  const base: ConcurrencyScenarioResult = { kind: 'concurrency', ...target, method: CONCURRENCY_METHOD, startedAt, error: null, options: opts, threadpoolSize: libuvThreadpoolSize(), levels: [], usl: [], little: [] };
  const sessions: ort.InferenceSession[] = [];
  try {
    const feeds = feedsFor(ctx, 1);
    const levels = [...new Set(opts.levels)].sort((a, b) => a - b);
    for (const mode of opts.modes) {
      for (const n of levels) {
        if (ctx.signal.aborted) break;
        const wanted = mode === 'one-session' ? 1 : n;
        while (sessions.length < wanted) sessions.push(await createScenarioSession(ctx, target.provider));
        base.levels.push(await measureConcurrencyLevel(sessions.slice(0, wanted), feeds, n, opts.levelMs, mode));
      }
    }
    return { ...base, ...analyseConcurrency(base.levels, opts.targetQps) };
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    return { ...base, error: toErrorInfo(error) };
  } finally {
    for (const s of sessions) await s.release().catch(() => undefined);
  }
}
