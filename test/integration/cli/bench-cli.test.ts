import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { runRecordSchema } from '../../../electron/contract/run';
import { GraphBuilder } from '../../../electron/engine/model/graph-builder';
import { DataType } from '../../../electron/engine/model/onnx-proto';
import { reshapeBakedModel, writeModel } from '../../fixtures/tiny-models';
import { headlineLine } from '../../../electron/cli/format/headline-line';
import { QUICK, runCli, TEST_DATA_DIR } from './run-cli';

/** x[batch,32] -> MatMul -> Relu -> y: small enough to measure in milliseconds. */
function writeTinyModel(dir: string, batchDim: string | number = 'batch'): string {
  const g = new GraphBuilder('tiny');
  const x = g.input('x', DataType.FLOAT, [batchDim, 32]);
  const w = g.floatInit('w', [32, 32], Float32Array.from({ length: 32 * 32 }, (_, i) => Math.sin(i) / 8));
  g.op('Relu', [g.op('MatMul', [x, w])], undefined, 'y');
  g.output('y', DataType.FLOAT, [batchDim, 32]);
  const path = join(dir, 'tiny.onnx');
  writeFileSync(path, g.encode());
  return path;
}

test('bench writes CSV and JSON whose numbers agree with each other and with the exit code', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const model = writeTinyModel(dir);
  const out = join(dir, 'out');
  const { code, stdout, stderr } = await runCli(['bench', model, '--batch', '1,2,4', '--ep', 'cpu', '--out', out, ...QUICK]);
  assert.ok(code === 0 || code === 3, `exit ${code}: ${stderr}`);

  const files = readdirSync(out);
  const json = files.find((f) => f.endsWith('.json'));
  const csv = files.find((f) => f.endsWith('.csv'));
  assert.ok(json && csv && files.some((f) => f.endsWith('.jsonl')), `files: ${files.join(', ')}`);
  const record = runRecordSchema.parse(JSON.parse(readFileSync(join(out, json), 'utf8')));
  assert.equal(record.status, 'complete');
  assert.equal(record.points.length, 3);
  assert.equal(code === 0, record.points.every((p) => p.verdict === 'valid'), 'exit 0 exactly when every point is valid');

  const rows = parse(readFileSync(join(out, csv), 'utf8'), { columns: true }) as Record<string, string>[];
  assert.equal(rows.length, record.points.length, 'one CSV row per point');
  for (const [i, point] of record.points.entries()) {
    assert.notEqual(point.verdict, 'failed');
    if (point.verdict === 'failed') continue;
    const s = point.stats;
    assert.ok(s.minMs <= s.p50Ms && s.p50Ms <= s.p90Ms && s.p90Ms <= s.p95Ms && s.p95Ms <= s.p99Ms && s.p99Ms <= s.maxMs, 'percentiles ordered');
    assert.ok(Math.abs(s.throughput - point.batch / (s.meanMs / 1000)) <= 1e-9 * s.throughput, 'throughput = batch / mean latency');
    assert.equal(point.samplesMs.length, s.iterations, 'raw samples kept');
    assert.deepEqual(point.inputShapes, { x: [point.batch, 32] });
    assert.ok(point.sessionCreateMs > 0 && point.firstInferenceMs > 0 && point.peakRssBytes > 0);
    assert.equal(Number(rows[i]!['batch']), point.batch);
    assert.equal(Number(rows[i]!['p99_ms']), s.p99Ms);
  }
  assert.equal(record.model.sha256.length, 64);
  assert.ok(record.hardware.providers.some((p) => p.id === 'cpu' && p.available));
  assert.match(stdout, /^provider\s+precision\s+batch/m);
  assert.equal(stdout.trim().split('\n\n')[0]!.split('\n').length, 2 + record.points.length, 'table: header, rule, one line per point');
  // The answer after the table is the app's headline for the same record; the run is in the app's history too.
  assert.ok(stdout.includes(`\n${headlineLine(record, null)}\n`), stdout);
  assert.match(headlineLine(record, null), /^Answer: Best throughput: FP32 · cpu, batch [124] — /);
  assert.equal(runRecordSchema.parse(JSON.parse(readFileSync(join(TEST_DATA_DIR, 'runs', `${record.id}.json`), 'utf8'))).points.length, record.points.length);
  assert.match(stderr, /listed in the app's history/);
});

test('a model exported with a fixed batch of 1 is rewritten and swept', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const model = writeTinyModel(dir, 1);
  const { code, stdout, stderr } = await runCli(['bench', model, '--batch', '1,8', '--ep', 'cpu', '--out', join(dir, 'out'), '--json', ...QUICK]);
  assert.ok(code === 0 || code === 3, `exit ${code}: ${stderr}`);
  const record = runRecordSchema.parse(JSON.parse(stdout));
  assert.equal(record.model.batch.kind, 'rewritable');
  assert.deepEqual(record.points.map((p) => p.inputShapes['x']), [[1, 32], [8, 32]]);
});

test('--threads sweeps intra-op threads like any other axis and records what was used', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const model = writeTinyModel(dir);
  const { code, stdout, stderr } = await runCli(['bench', model, '--batch', '4', '--threads', '1,2', '--ep', 'cpu', '--out', join(dir, 'out'), '--json', ...QUICK]);
  assert.ok(code === 0 || code === 3, `exit ${code}: ${stderr}`);
  const record = runRecordSchema.parse(JSON.parse(stdout));
  assert.deepEqual(record.points.map((p) => p.threads), [1, 2]);
  assert.deepEqual(record.points.map((p) => (p.verdict === 'failed' ? null : p.threadsUsed)), [1, 2]);
});

test('the batch sweep stops growing once p50 passes --max-latency-ms, and says why', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const model = writeTinyModel(dir);
  const { code, stdout, stderr } = await runCli(['bench', model, '--batch', '1,2,4', '--ep', 'cpu', '--max-latency-ms', '0.000001', '--out', join(dir, 'out'), '--json', ...QUICK]);
  assert.equal(code, 3, stderr);
  const record = runRecordSchema.parse(JSON.parse(stdout));
  assert.notEqual(record.points[0]?.verdict, 'failed');
  for (const p of record.points.slice(1)) {
    assert.ok(p.verdict === 'failed' && p.failure === 'skipped');
    assert.match(p.criterion, /^skipped: batch 1 took [\d.]+ ms \(p50\), over --max-latency-ms 0.000001; larger batches of this group skipped$/);
  }
});

test('inputs too large to allocate fail that point as out of memory and stop the batch sweep there', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const g = new GraphBuilder('wide');
  g.op('Relu', [g.input('x', DataType.FLOAT, ['batch', 1 << 24])], undefined, 'y'); // 64 MiB per sample
  g.output('y', DataType.FLOAT, ['batch', 1 << 24]);
  const model = join(dir, 'wide.onnx');
  writeFileSync(model, g.encode());
  const { code, stdout, stderr } = await runCli(['bench', model, '--batch', '1,64,128', '--ep', 'cpu', '--no-ort-profile', '--out', join(dir, 'out'), '--json', ...QUICK]);
  assert.equal(code, 3, stderr);
  const [one, big, bigger] = runRecordSchema.parse(JSON.parse(stdout)).points;
  assert.notEqual(one?.verdict, 'failed');
  assert.ok(big?.verdict === 'failed' && big.failure === 'oom', JSON.stringify(big));
  assert.match(big.error.message, /wide\.onnx: the inputs would take 4 GiB/);
  assert.ok(bigger?.verdict === 'failed' && bigger.failure === 'skipped');
  assert.match(bigger.criterion, /^skipped: batch 64 ran out of memory; larger batches of this group skipped$/);
});

test('a model whose graph bakes the batch in is measured at batch 1 only, and the user is told why', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const model = writeModel(dir, 'baked.onnx', reshapeBakedModel());
  const { code, stdout, stderr } = await runCli(['bench', model, '--batch', '1,2,4', '--ep', 'cpu', '--out', join(dir, 'out'), '--json', ...QUICK]);
  assert.ok(code === 0 || code === 3, stderr);
  const record = runRecordSchema.parse(JSON.parse(stdout));
  assert.equal(record.model.batch.kind, 'hard-coded');
  assert.deepEqual(record.points.map((p) => p.batch), [1]);
  assert.match(stderr, /infermeter: measured batch 1 only: Reshape node '.+' has a fixed target shape/);
});
