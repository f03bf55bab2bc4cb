import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ConcurrencyScenarioResult, ServerScenarioResult } from '../../../electron/contract/scenario';
import { conversionFacts, defaultOutPath } from '../../../renderer/src/view-models/convert-report';
import { applyEvent, etaMs, fractionDone, newLiveRun } from '../../../renderer/src/view-models/live-run';
import { concurrencyChart, concurrencyRows, scenarioSummary, serverChart, serverRows } from '../../../renderer/src/view-models/scenario-views';

const level = (targetQps: number, achievedQps: number, p99Ms: number, meetsSlo: boolean) => ({
  targetQps, achievedQps, requests: 100, dropped: 0, late: meetsSlo ? 0 : 5, meanMs: p99Ms / 2, p50Ms: p99Ms / 3, p90Ms: p99Ms * 0.8, p99Ms, maxMs: p99Ms * 1.2, meanQueueMs: 0.5, batchHistogram: { '4': 3, '1': 10 }, meetsSlo,
});

const server: ServerScenarioResult = {
  kind: 'server', provider: 'cpu', precision: 'fp32', method: 'poisson', startedAt: '2026-01-01T00:00:00.000Z', error: null,
  options: { sloMs: 10, targetQps: null, maxBatch: 8, maxQueueDelayMs: 1, levelMs: 1000, searchSteps: 5 },
  serviceMs: { '1': 1 }, capacityQps: 1000,
  levels: [level(800, 790, 30, false), level(200, 201, 4, true), level(400, 398, 8, true)],
  bestQps: 400,
};

const concurrency: ConcurrencyScenarioResult = {
  kind: 'concurrency', provider: 'cpu', precision: 'int8', method: 'closed loop', startedAt: '2026-01-01T00:00:00.000Z', error: null,
  options: { levels: [1, 2], modes: ['one-session', 'n-sessions'], levelMs: 200, targetQps: 500 },
  threadpoolSize: 4,
  levels: [
    { mode: 'n-sessions', inFlight: 2, requests: 90, durationMs: 200, throughput: 450, meanMs: 4, p50Ms: 4, p99Ms: 6 },
    { mode: 'one-session', inFlight: 2, requests: 80, durationMs: 200, throughput: 400, meanMs: 5, p50Ms: 5, p99Ms: 7 },
    { mode: 'one-session', inFlight: 1, requests: 50, durationMs: 200, throughput: 250, meanMs: 4, p50Ms: 4, p99Ms: 5 },
    { mode: 'n-sessions', inFlight: 1, requests: 52, durationMs: 200, throughput: 260, meanMs: 3.8, p50Ms: 3.8, p99Ms: 5 },
  ],
  usl: [{ mode: 'one-session', alpha: 0.1, beta: 0.01, lambda: 260, r2: 0.99, peakN: 9.5, peakThroughput: 900 }],
  little: [{ mode: 'one-session', targetQps: 500, latencyMs: 5, basisInFlight: 2, inFlightNeeded: 2.5, reachable: false }],
};

test('server scenario: p99 and p50 against achieved QPS in load order, the SLO as a limit line, levels by target', () => {
  const chart = serverChart(server);
  assert.deepEqual(chart.lines[0]?.points, [{ x: 201, y: 4 }, { x: 398, y: 8 }, { x: 790, y: 30 }]);
  assert.deepEqual(chart.lines[1]?.points.map((p) => p.x), [201, 398, 790]);
  assert.equal(chart.limit?.y, 10);
  const rows = serverRows(server);
  assert.deepEqual(rows.map((r) => r[0]), ['200', '400', '800']);
  assert.equal(rows[0]?.[8], '10×1 3×4', 'batches formed, by size');
  assert.deepEqual(rows.map((r) => r[9]), ['yes', 'yes', 'no']);
  assert.match(scenarioSummary(server)[0] ?? '', /Highest load meeting p99 ≤ 10(\.0)? ms: 400 requests\/s/);
});

test('concurrency scenario: one throughput line per mode in in-flight order; rows by mode then level; USL and Little in words', () => {
  const chart = concurrencyChart(concurrency);
  assert.deepEqual(chart.lines.map((l) => l.label), ['N sessions', 'one session']);
  assert.deepEqual(chart.lines[1]?.points, [{ x: 1, y: 250 }, { x: 2, y: 400 }]);
  assert.deepEqual(concurrencyRows(concurrency).map((r) => r.slice(0, 3)), [['N sessions', '1', '52'], ['N sessions', '2', '90'], ['one session', '1', '50'], ['one session', '2', '80']]);
  const summary = scenarioSummary(concurrency).join('\n');
  assert.match(summary, /α 0\.100, β 0\.0100 \(R² 0\.990\), peak ≈ 900 req\/s at 9\.5 in flight/);
  assert.match(summary, /needs ≈ 2\.5 in flight .* not reached/);
  assert.deepEqual(scenarioSummary({ ...server, error: { code: 'bad-input', message: 'no int8 model' } }), ['Could not run: no int8 model']);
});

test('a live scenario run counts progress in scenario results, not points', () => {
  const run = newLiveRun('r', 0);
  const options = { providers: ['cpu'], precisions: ['fp32', 'int8'], scenario: 'concurrency' };
  applyEvent(run, { type: 'run-started', runId: 'r', startedAt: '', plan: [], variants: [], options } as never);
  assert.equal(fractionDone(run), 0);
  assert.equal(applyEvent(run, { type: 'scenario-finished', runId: 'r', result: concurrency }), 'status');
  assert.equal(fractionDone(run), 0.5);
  assert.equal(etaMs(run, 1000), 1000, 'one of two took 1 s: about 1 s left');
});

test('conversion report: default output beside the source, facts with sizes, nodes and accuracy', () => {
  assert.equal(defaultOutPath('/m/mlp.onnx', 'fp16'), '/m/mlp.fp16.onnx');
  assert.equal(defaultOutPath('/m/model', 'int8'), '/m/model.int8.onnx');
  const report = {
    target: 'fp16' as const, converterVersion: 1, int8: null, sourcePath: '/m/mlp.onnx', sourceSha256: 'x', outputPath: '/m/mlp.fp16.onnx', sourceBytes: 2000, outputBytes: 1000,
    nodesTotal: 10, nodesConverted: 8, keptFp32: [{ node: 'n1', op: 'Softmax', reason: 'block list' }], warnings: [], skipped: null, convertMs: 1234,
    accuracy: { samples: 8, inputs: 'random' as const, outputs: [], maxAbsError: 0.00123, relativeL2: 0.0004, cosine: 0.999991, top1Agreement: 1 },
  };
  const facts = new Map(conversionFacts(report));
  assert.equal(facts.get('Nodes converted'), '8 of 10; 1 kept in FP32');
  assert.match(facts.get('Size') ?? '', /50% of/);
  assert.match(facts.get('Accuracy against FP32') ?? '', /^cosine 0\.99999, relative L2 4\.00e-4, max abs error 0\.00123, top-1 agreement 100(\.0)?%$/);
  assert.equal(new Map(conversionFacts({ ...report, accuracy: null })).get('Accuracy against FP32'), 'not checked');
});
