import type { ConcurrencyMode, ConcurrencyScenarioResult, ScenarioResult, ServerScenarioResult } from '../../../electron/contract/scenario';
import { formatMs, formatNumber } from './format';

/** One line of a scenario chart: x and y as the engine measured them, and the level's row for the tooltip. */
export interface ScenarioLine {
  label: string;
  points: Array<{ x: number; y: number }>;
}

export interface ScenarioChart {
  title: string;
  xTitle: string;
  yTitle: string;
  lines: ScenarioLine[];
  /** A horizontal reference line (the server's SLO), or null. */
  limit: { y: number; label: string } | null;
  /** x counts whole things (requests in flight): ticks at integers only. */
  integerX: boolean;
}

export function scenarioTitle(r: ScenarioResult): string {
  const what = r.kind === 'server' ? 'Server scenario' : 'Concurrency scenario';
  return `${what}: ${r.precision.toUpperCase()} on ${r.provider}`;
}

/** p99 end-to-end latency against the QPS each level achieved, in QPS order, with the SLO as the limit line. */
export function serverChart(r: ServerScenarioResult): ScenarioChart {
  const levels = [...r.levels].sort((a, b) => a.achievedQps - b.achievedQps);
  return {
    title: `p99 latency vs load (SLO ${formatMs(r.options.sloMs)})`,
    xTitle: 'achieved load (requests/s)',
    yTitle: 'p99 latency, queueing included (ms)',
    lines: [
      { label: 'p99', points: levels.map((l) => ({ x: l.achievedQps, y: l.p99Ms })) },
      { label: 'p50', points: levels.map((l) => ({ x: l.achievedQps, y: l.p50Ms })) },
    ],
    limit: { y: r.options.sloMs, label: `SLO p99 ≤ ${formatMs(r.options.sloMs)}` },
    integerX: false,
  };
}

const MODE_LABEL: Record<ConcurrencyMode, string> = { 'one-session': 'one session', 'n-sessions': 'N sessions' };

/** Throughput against requests in flight, one line per mode (one session shared, or one session per request). */
export function concurrencyChart(r: ConcurrencyScenarioResult): ScenarioChart {
  const modes = [...new Set(r.levels.map((l) => l.mode))];
  return {
    title: 'Throughput vs requests in flight',
    xTitle: 'requests in flight',
    yTitle: 'throughput (requests/s)',
    lines: modes.map((mode) => ({
      label: MODE_LABEL[mode],
      points: r.levels.filter((l) => l.mode === mode).sort((a, b) => a.inFlight - b.inFlight).map((l) => ({ x: l.inFlight, y: l.throughput })),
    })),
    limit: null,
    integerX: true,
  };
}

export const SERVER_COLUMNS = ['target QPS', 'achieved QPS', 'requests', 'dropped', 'late', 'p50', 'p99', 'mean queue wait', 'batches formed', 'meets SLO'];

export function serverRows(r: ServerScenarioResult): string[][] {
  return [...r.levels]
    .sort((a, b) => a.targetQps - b.targetQps)
    .map((l) => [
      formatNumber(l.targetQps),
      formatNumber(l.achievedQps),
      String(l.requests),
      String(l.dropped),
      String(l.late),
      formatMs(l.p50Ms),
      formatMs(l.p99Ms),
      formatMs(l.meanQueueMs),
      Object.entries(l.batchHistogram)
        .sort((a, b) => Number(a[0]) - Number(b[0]))
        .map(([size, n]) => `${n}×${size}`)
        .join(' '),
      l.meetsSlo ? 'yes' : 'no',
    ]);
}

export const CONCURRENCY_COLUMNS = ['mode', 'in flight', 'requests', 'throughput (req/s)', 'mean', 'p50', 'p99'];

export function concurrencyRows(r: ConcurrencyScenarioResult): string[][] {
  return [...r.levels]
    .sort((a, b) => a.mode.localeCompare(b.mode) || a.inFlight - b.inFlight)
    .map((l) => [MODE_LABEL[l.mode], String(l.inFlight), String(l.requests), formatNumber(l.throughput), formatMs(l.meanMs), formatMs(l.p50Ms), formatMs(l.p99Ms)]);
}

/** The scenario's conclusion in sentences: the best QPS under the SLO, or the USL peak and Little's law. */
export function scenarioSummary(r: ScenarioResult): string[] {
  if (r.error) return [`Could not run: ${r.error.message}`];
  if (r.kind === 'server') {
    const o = r.options;
    const best = r.bestQps === null ? `No load level met p99 ≤ ${formatMs(o.sloMs)}.` : `Highest load meeting p99 ≤ ${formatMs(o.sloMs)}: ${formatNumber(r.bestQps)} requests/s.`;
    return [best, `Capacity estimate ${formatNumber(r.capacityQps)} requests/s; batches up to ${o.maxBatch}, waiting at most ${formatMs(o.maxQueueDelayMs)} for a fuller one.`];
  }
  const lines = r.usl.map((u) => `${MODE_LABEL[u.mode]}: Universal Scalability Law fit α ${u.alpha.toPrecision(3)}, β ${u.beta.toPrecision(3)} (R² ${u.r2.toFixed(3)})${u.peakN === null ? '' : `, peak ≈ ${formatNumber(u.peakThroughput ?? 0)} req/s at ${u.peakN.toFixed(1)} in flight`}.`);
  for (const l of r.little) lines.push(`${MODE_LABEL[l.mode]}: ${formatNumber(l.targetQps)} req/s needs ≈ ${l.inFlightNeeded.toFixed(1)} in flight (Little's law at ${formatMs(l.latencyMs)})${l.reachable ? '' : ' — not reached at the levels measured'}.`);
  lines.push(`libuv threadpool: ${r.threadpoolSize} threads (caps the session runs in flight at once).`);
  return lines;
}
