import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
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
  assert.ok(server.levels.length >= 2);
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
});

test('bench --scenario concurrency measures each in-flight level and fits the USL', async () => {
  const { code, stdout, stderr } = await runCli(['bench', model, '--scenario', 'concurrency', '--ep', 'cpu', '--concurrency', '1,2', '--level-ms', '200', '--qps', '100', '--out', join(dir, 'conc'), '--json', '--quiet']);
  assert.ok(code === 0 || code === 3, stderr);
  const [result] = runRecordSchema.parse(JSON.parse(stdout)).scenarios;
  assert.ok(result && result.kind === 'concurrency');
  assert.deepEqual([...new Set(result.levels.map((l) => l.inFlight))], [1, 2]);
  for (const fit of result.usl) assert.ok(Number.isFinite(fit.alpha) && fit.alpha >= 0 && Number.isFinite(fit.beta) && fit.beta >= 0);
});

test('an unknown scenario is bad input naming the flag', async () => {
  const { code, stderr } = await runCli(['bench', model, '--scenario', 'offline', '--out', join(dir, 'bad')]);
  assert.equal(code, 2);
  assert.equal(stderr.trim(), 'infermeter: --scenario offline: not a scenario; use one of latency, throughput, server, concurrency');
});
