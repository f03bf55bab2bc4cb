import type { ConcurrencyScenarioResult, ScenarioResult, ServerScenarioResult } from '../../contract/scenario';
import { formatMs } from '../../../common/units';
import { textTable } from './text-table';

const qps = (x: number) => x.toFixed(x >= 100 ? 0 : 1);

function histogram(h: Record<string, number>): string {
  return Object.entries(h)
    .sort((a, b) => Number(a[0]) - Number(b[0]))
    .map(([b, n]) => `${b}:${n}`)
    .join(' ');
}

function serverText(r: ServerScenarioResult): string {
  const o = r.options;
  const head = `server scenario, ${r.provider} ${r.precision}: SLO p99 <= ${o.sloMs} ms, max batch ${o.maxBatch}, max queue delay ${o.maxQueueDelayMs} ms; capacity ~${qps(r.capacityQps)} QPS`;
  const rows = r.levels.map((l) => [qps(l.targetQps), qps(l.achievedQps), String(l.requests), formatMs(l.p50Ms), formatMs(l.p90Ms), formatMs(l.p99Ms), formatMs(l.maxMs), formatMs(l.meanQueueMs), String(l.dropped), l.meetsSlo ? 'yes' : 'no', histogram(l.batchHistogram)]);
  const table = textTable(['target QPS', 'achieved', 'requests', 'p50 ms', 'p90 ms', 'p99 ms', 'max ms', 'queue ms', 'dropped', 'meets SLO', 'batches (size:count)'], rows);
  const answer = r.bestQps === null ? `no QPS tried meets p99 <= ${o.sloMs} ms (the lowest, ${qps(r.levels[0]?.targetQps ?? 0)} QPS, missed it)` : `highest QPS meeting p99 <= ${o.sloMs} ms: ${qps(r.bestQps)}`;
  const target = o.targetQps === null ? [] : [`target ${qps(o.targetQps)} QPS: ${r.levels.find((l) => l.targetQps === o.targetQps)?.meetsSlo ? 'meets' : 'misses'} the SLO`];
  return [head, table, answer, ...target].join('\n');
}

function concurrencyText(r: ConcurrencyScenarioResult): string {
  const head = `concurrency scenario, ${r.provider} ${r.precision} (batch 1 per request; libuv threadpool ${r.threadpoolSize}, unused by session.run)`;
  const rows = r.levels.map((l) => [l.mode, String(l.inFlight), String(l.requests), qps(l.throughput), formatMs(l.meanMs), formatMs(l.p50Ms), formatMs(l.p99Ms)]);
  const table = textTable(['sessions', 'in flight', 'requests', 'req/s', 'mean ms', 'p50 ms', 'p99 ms'], rows);
  const usl = r.usl.map((u) => `USL (${u.mode}): α=${u.alpha.toFixed(4)} β=${u.beta.toExponential(2)} r²=${u.r2.toFixed(3)}; ` + (u.peakN === null ? (u.beta === 0 ? 'no peak (β = 0): throughput levels off' : 'no peak above N = 1 (α ≥ 1): throughput falls as N grows') : `peak at N*=${u.peakN.toFixed(1)}, ${qps(u.peakThroughput ?? 0)} req/s`));
  const little = r.little.map((l) => `Little's law (${l.mode}): ${qps(l.targetQps)} QPS × ${formatMs(l.latencyMs)} ms = ${l.inFlightNeeded.toFixed(1)} requests in flight` + (l.reachable ? ` (latency at ${l.basisInFlight} in flight)` : `; not reached here (best level: ${l.basisInFlight} in flight)`));
  return [head, table, ...usl, ...little].join('\n');
}

/** One block per scenario result: its table and its answer. */
export function formatScenarios(results: ScenarioResult[]): string {
  return results
    .map((r) => (r.error ? `${r.kind} scenario, ${r.provider} ${r.precision}: failed: ${r.error.message}` : r.kind === 'server' ? serverText(r) : concurrencyText(r)))
    .join('\n\n');
}
