import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { runRecordSchema } from '../../../electron/contract/run';
import { mlpModel, writeModel } from '../../fixtures/tiny-models';
import { runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'infermeter-scenario-'));
const model = writeModel(dir, 'mlp.onnx', mlpModel({ layers: 2, width: 64 }));

test('bench --scenario server searches the highest QPS under the SLO and keeps every level in the run JSON', async () => {
  const out = join(dir, 'server');
  // Generous SLO: on a loaded 2-core machine the first level can miss a tight one and end the search after one level.
  const sloMs = 50;
  const { code, stdout, stderr } = await runCli(['bench', model, '--scenario', 'server', '--ep', 'cpu', '--slo-ms', String(sloMs), '--max-batch', '4', '--level-ms', '200', '--out', out, '--json', '--quiet']);
  assert.ok(code === 0 || code === 3, stderr);
  const record = runRecordSchema.parse(JSON.parse(stdout));
  assert.equal(record.points.length, 0, 'the server scenario replaces the batch sweep');
  const [server] = record.scenarios;
  assert.ok(server && server.kind === 'server', JSON.stringify(record.scenarios).slice(0, 300));
  // The search bisects between a level that meets the SLO and one that does not; when even the lowest level misses
  // it (a loaded machine), there is nothing to bisect and that one level is the answer.
  assert.ok(server.levels.length >= 2 || (server.bestQps === null && server.levels.length === 1 && !server.levels[0]?.meetsSlo), JSON.stringify(server.levels).slice(0, 300));
  for (const level of server.levels) {
    assert.ok(level.p50Ms <= level.p90Ms && level.p90Ms <= level.p99Ms && level.p99Ms <= level.maxMs);
    const batched = Object.entries(level.batchHistogram).reduce((n, [size, count]) => n + Number(size) * count, 0);
    assert.equal(batched, level.requests, 'every served request was in exactly one batch');
    assert.ok(Object.keys(level.batchHistogram).every((size) => Number(size) <= 4), 'no batch above --max-batch');
    assert.equal(level.meetsSlo, level.p99Ms <= sloMs && level.dropped === 0);
  }
  if (server.bestQps !== null) assert.ok(server.levels.some((l) => l.meetsSlo && l.targetQps === server.bestQps));
  const onDisk = runRecordSchema.parse(JSON.parse(readFileSync(join(out, `${record.id}.json`), 'utf8')));
  assert.deepEqual(onDisk.scenarios, record.scenarios);
  // One CSV row per QPS level beside the run files, with the level's numbers and its batch-size distribution.
  const rows = parse(readFileSync(join(out, `${record.id}.scenarios.csv`), 'utf8'), { columns: true }) as Record<string, string>[];
  assert.equal(rows.length, server.levels.length);
  server.levels.forEach((level, i) => {
    const row = rows[i] as Record<string, string>;
    assert.equal(row.scenario, 'server');
    assert.equal(Number(row.target_qps), level.targetQps);
    assert.equal(Number(row.achieved_qps), level.achievedQps);
    assert.equal(Number(row.p99_ms), level.p99Ms);
    assert.equal(Number(row.mean_queue_ms), level.meanQueueMs);
    assert.equal(row.meets_slo, level.meetsSlo ? 'yes' : 'no');
    assert.ok(Number(row.max_batch_size) <= 4);
    assert.equal(row.best_qps, server.bestQps === null ? '' : String(server.bestQps));
  });
});

test('bench --scenario concurrency measures each in-flight level and fits the USL', async () => {
  const { code, stdout, stderr } = await runCli(['bench', model, '--scenario', 'concurrency', '--ep', 'cpu', '--concurrency', '1,2', '--level-ms', '200', '--qps', '100', '--out', join(dir, 'conc'), '--json', '--quiet']);
  assert.ok(code === 0 || code === 3, stderr);
  const [result] = runRecordSchema.parse(JSON.parse(stdout)).scenarios;
  assert.ok(result && result.kind === 'concurrency');
  assert.deepEqual([...new Set(result.levels.map((l) => l.inFlight))], [1, 2]);
  for (const fit of result.usl) assert.ok(Number.isFinite(fit.alpha) && fit.alpha >= 0 && Number.isFinite(fit.beta) && fit.beta >= 0);
  const id = runRecordSchema.parse(JSON.parse(stdout)).id;
  const rows = parse(readFileSync(join(dir, 'conc', `${id}.scenarios.csv`), 'utf8'), { columns: true }) as Record<string, string>[];
  assert.equal(rows.length, result.levels.length, 'one row per in-flight level × mode');
  const { levels, usl } = result;
  for (const row of rows) {
    const level = levels.find((l) => l.mode === row.mode && l.inFlight === Number(row.in_flight));
    assert.ok(level, `${row.mode} ${row.in_flight}`);
    assert.equal(Number(row.achieved_qps), level.throughput);
    const fit = usl.find((u) => u.mode === row.mode);
    if (fit) assert.equal(Number(row.usl_alpha), fit.alpha);
  }
});

test('an unknown scenario is bad input naming the flag', async () => {
  const { code, stderr } = await runCli(['bench', model, '--scenario', 'offline', '--out', join(dir, 'bad')]);
  assert.equal(code, 2);
  assert.equal(stderr.trim(), 'infermeter: --scenario offline: not a scenario; use one of latency, throughput, server, concurrency');
});
