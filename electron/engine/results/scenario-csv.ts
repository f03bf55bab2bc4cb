import { stringify } from 'csv-stringify/sync';
import type { RunRecord } from '../../contract/run';
import type { ConcurrencyLevel, ConcurrencyScenarioResult, ScenarioResult, ServerLevel, ServerScenarioResult } from '../../contract/scenario';
import { neutralizeFormula } from './run-csv';

type Cell = string | number | null;
type Row = Record<string, Cell>;

/**
 * One row per scenario level: server — each QPS level tried; concurrency — each in-flight count × mode. The
 * scenario's own answer (server: best QPS, capacity; concurrency: the mode's USL α, β, predicted peak and Little's
 * law count) repeats on each of its rows, so a row stands alone in a spreadsheet. A scenario that could not run is
 * one row with its error. Units are in the headers.
 */
export const SCENARIO_CSV_HEADERS = [
  'run_id', 'scenario', 'provider', 'precision', 'mode', 'target_qps', 'in_flight', 'achieved_qps', 'requests', 'dropped', 'late',
  'mean_ms', 'p50_ms', 'p90_ms', 'p99_ms', 'max_ms', 'mean_queue_ms', 'batches', 'mean_batch_size', 'max_batch_size', 'batch_sizes',
  'meets_slo', 'slo_p99_ms', 'max_batch', 'max_queue_delay_ms', 'best_qps', 'capacity_qps',
  'usl_alpha', 'usl_beta', 'usl_lambda_per_s', 'usl_r2', 'usl_peak_in_flight', 'usl_peak_qps', 'little_target_qps', 'little_in_flight_needed',
  'error',
] as const;

type Header = (typeof SCENARIO_CSV_HEADERS)[number];

const yesNo = (b: boolean) => (b ? 'yes' : 'no');

/** Batch-size distribution of a server level: how many batches, their mean and largest size, and `size:count` pairs. */
export function batchSummary(histogram: Record<string, number>): { batches: number; mean: number | null; max: number | null; sizes: string } {
  const entries = Object.entries(histogram).map(([size, count]) => [Number(size), count] as const).sort((a, b) => a[0] - b[0]);
  const batches = entries.reduce((n, [, c]) => n + c, 0);
  const samples = entries.reduce((n, [s, c]) => n + s * c, 0);
  return {
    batches,
    mean: batches > 0 ? samples / batches : null,
    max: entries.length > 0 ? (entries[entries.length - 1] as readonly [number, number])[0] : null,
    sizes: entries.map(([s, c]) => `${s}:${c}`).join(' '),
  };
}

function serverRow(r: ServerScenarioResult, l: ServerLevel): Row {
  const b = batchSummary(l.batchHistogram);
  return {
    mode: 'dynamic-batcher', target_qps: l.targetQps, achieved_qps: l.achievedQps, requests: l.requests, dropped: l.dropped, late: l.late,
    mean_ms: l.meanMs, p50_ms: l.p50Ms, p90_ms: l.p90Ms, p99_ms: l.p99Ms, max_ms: l.maxMs, mean_queue_ms: l.meanQueueMs,
    batches: b.batches, mean_batch_size: b.mean, max_batch_size: b.max, batch_sizes: b.sizes, meets_slo: yesNo(l.meetsSlo),
    slo_p99_ms: r.options.sloMs, max_batch: r.options.maxBatch, max_queue_delay_ms: r.options.maxQueueDelayMs, best_qps: r.bestQps, capacity_qps: r.capacityQps,
  };
}

function concurrencyRow(r: ConcurrencyScenarioResult, l: ConcurrencyLevel): Row {
  const usl = r.usl.find((u) => u.mode === l.mode);
  const little = r.little.find((x) => x.mode === l.mode);
  return {
    mode: l.mode, in_flight: l.inFlight, achieved_qps: l.throughput, requests: l.requests, mean_ms: l.meanMs, p50_ms: l.p50Ms, p99_ms: l.p99Ms,
    usl_alpha: usl?.alpha ?? null, usl_beta: usl?.beta ?? null, usl_lambda_per_s: usl?.lambda ?? null, usl_r2: usl?.r2 ?? null,
    usl_peak_in_flight: usl?.peakN ?? null, usl_peak_qps: usl?.peakThroughput ?? null,
    little_target_qps: little?.targetQps ?? null, little_in_flight_needed: little?.inFlightNeeded ?? null,
  };
}

function rowsOf(result: ScenarioResult): Row[] {
  const common: Row = { scenario: result.kind, provider: result.provider, precision: result.precision };
  if (result.error) return [{ ...common, error: result.error.message }];
  const rows = result.kind === 'server' ? result.levels.map((l) => serverRow(result, l)) : result.levels.map((l) => concurrencyRow(result, l));
  return rows.map((row) => ({ ...common, ...row }));
}

/** `<run-id>.scenarios.csv`, or null when the run has no scenario results. */
export function scenariosToCsv(run: RunRecord): string | null {
  if (run.scenarios.length === 0) return null;
  const rows = run.scenarios.flatMap(rowsOf).map((row) => SCENARIO_CSV_HEADERS.map((h: Header) => neutralizeFormula(h === 'run_id' ? run.id : row[h] ?? null)));
  return stringify([[...SCENARIO_CSV_HEADERS], ...rows]);
}
