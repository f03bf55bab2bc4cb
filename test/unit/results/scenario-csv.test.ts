import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'csv-parse/sync';
import type { ConcurrencyScenarioResult, ServerScenarioResult } from '../../../electron/contract/scenario';
import { batchSummary, scenariosToCsv, SCENARIO_CSV_HEADERS } from '../../../electron/engine/results/scenario-csv';
import { sampleRun } from '../../fixtures/sample-run';

const common = { provider: 'cpu' as const, precision: 'fp32' as const, method: 'test', startedAt: '2026-11-22T00:00:00.000Z', error: null };

const server: ServerScenarioResult = {
  ...common, kind: 'server',
  options: { sloMs: 5, targetQps: null, maxBatch: 4, maxQueueDelayMs: 1, levelMs: 200, searchSteps: 1 },
  serviceMs: { 1: 0.5, 4: 1.2 }, capacityQps: 3000, bestQps: 1000,
  levels: [
    { targetQps: 1000, achievedQps: 998, requests: 200, dropped: 0, late: 0, meanMs: 1, p50Ms: 0.9, p90Ms: 1.5, p99Ms: 2, maxMs: 3, meanQueueMs: 0.3, batchHistogram: { 1: 180, 2: 10 }, meetsSlo: true },
    { targetQps: 3000, achievedQps: 2400, requests: 600, dropped: 4, late: 90, meanMs: 9, p50Ms: 8, p90Ms: 12, p99Ms: 20, maxMs: 25, meanQueueMs: 7, batchHistogram: { 4: 140, 3: 12, 1: 8 }, meetsSlo: false },
  ],
};

const concurrency: ConcurrencyScenarioResult = {
  ...common, kind: 'concurrency', precision: 'int8',
  options: { levels: [1, 2], modes: ['one-session', 'n-sessions'], levelMs: 200, targetQps: 500 },
  threadpoolSize: 4,
  levels: [
    { mode: 'one-session', inFlight: 1, requests: 100, durationMs: 200, throughput: 500, meanMs: 2, p50Ms: 2, p99Ms: 3 },
    { mode: 'one-session', inFlight: 2, requests: 180, durationMs: 200, throughput: 900, meanMs: 2.2, p50Ms: 2.1, p99Ms: 3.5 },
    { mode: 'n-sessions', inFlight: 1, requests: 100, durationMs: 200, throughput: 505, meanMs: 2, p50Ms: 2, p99Ms: 3 },
  ],
  usl: [{ mode: 'one-session', alpha: 0.1, beta: 0.01, lambda: 500, r2: 0.99, peakN: 9.9, peakThroughput: 2100 }],
  little: [{ mode: 'one-session', targetQps: 500, latencyMs: 2, basisInFlight: 1, inFlightNeeded: 1, reachable: true }],
};

test('batch-size distribution: count, mean size, largest size and size:count pairs in size order', () => {
  assert.deepEqual(batchSummary({ 4: 140, 3: 12, 1: 8 }), { batches: 160, mean: (560 + 36 + 8) / 160, max: 4, sizes: '1:8 3:12 4:140' });
  assert.deepEqual(batchSummary({}), { batches: 0, mean: null, max: null, sizes: '' });
});

test('a run without scenarios has no scenario CSV', () => {
  assert.equal(scenariosToCsv(sampleRun()), null);
});

test('one row per server QPS level and per concurrency level × mode, with the scenario answer on each row', () => {
  const failed: ServerScenarioResult = { ...server, precision: 'fp16', levels: [], bestQps: null, error: { code: 'bad-input', message: '=could not make the fp16 model' } };
  const run = { ...sampleRun(), scenarios: [server, concurrency, failed] };
  const rows = parse(scenariosToCsv(run) ?? '', { columns: true }) as Record<string, string>[];
  assert.deepEqual(Object.keys(rows[0] ?? {}), [...SCENARIO_CSV_HEADERS]);
  assert.equal(rows.length, 2 + 3 + 1);
  const [low, high, c1, c2, n1, bad] = rows as [Record<string, string>, Record<string, string>, Record<string, string>, Record<string, string>, Record<string, string>, Record<string, string>];
  assert.equal(low.run_id, run.id);
  assert.deepEqual([low.scenario, low.target_qps, low.achieved_qps, low.p99_ms, low.mean_queue_ms, low.meets_slo, low.best_qps], ['server', '1000', '998', '2', '0.3', 'yes', '1000']);
  assert.deepEqual([high.batches, high.mean_batch_size, high.max_batch_size, high.batch_sizes, high.dropped, high.late, high.meets_slo], ['160', String(604 / 160), '4', '1:8 3:12 4:140', '4', '90', 'no']);
  assert.deepEqual([c1.mode, c1.in_flight, c1.achieved_qps, c1.usl_alpha, c1.usl_beta, c1.usl_peak_in_flight, c1.usl_peak_qps, c1.little_in_flight_needed], ['one-session', '1', '500', '0.1', '0.01', '9.9', '2100', '1']);
  assert.equal(c2.in_flight, '2');
  assert.deepEqual([n1.mode, n1.usl_alpha, n1.precision], ['n-sessions', '', 'int8'], 'no USL fit for that mode: empty, not guessed');
  assert.equal(bad.error, "'=could not make the fp16 model", 'text a spreadsheet would run is neutralised');
  assert.equal(bad.target_qps, '');
});
