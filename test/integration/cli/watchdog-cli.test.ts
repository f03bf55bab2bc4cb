import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { runRecordSchema, type RunRecord } from '../../../electron/contract/run';
import { writeEndlessLoopModel, writeSlowSessionModel, writeSmallMlp as writeModel } from '../../fixtures/fault-models';
import { runCli } from './run-cli';

function readRecord(out: string): RunRecord {
  const json = readdirSync(out).find((f) => f.endsWith('.json') && !f.endsWith('.recommendation.json'));
  assert.ok(json, 'a run record was written');
  return runRecordSchema.parse(JSON.parse(readFileSync(join(out, json), 'utf8')));
}

test('a session creation that hangs: the watchdog stops the worker, the point is timed out, the run goes on in a fresh worker', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const out = join(dir, 'out');
  const started = Date.now();
  const { code, stderr } = await runCli(['bench', writeSlowSessionModel(dir), '--batch', '1', '--threads', '1,2', '--ep', 'cpu', '--session-timeout-ms', '1500', '--out', out, '--no-ort-profile', '--quiet']);
  const elapsedMs = Date.now() - started;

  assert.equal(code, 3, stderr);
  assert.ok(!/\n\s+at /.test(stderr), 'no stack trace');
  const record = readRecord(out);
  assert.equal(record.status, 'complete');
  assert.equal(record.points.length, 2);
  for (const [i, p] of record.points.entries()) {
    assert.ok(p.verdict === 'failed' && p.failure === 'timeout', `point ${i + 1} timed out`);
    assert.equal(p.error.message, `session creation for point ${i + 1} of 2 (cpu fp32 batch 1 threads ${i + 1}) hung for more than 1.5 s; the engine worker was stopped`);
  }
  // Two deadlines and two worker starts, not the minutes the sessions would take.
  assert.ok(elapsedMs < 60_000, `took ${elapsedMs} ms`);
  const rows = parse(readFileSync(join(out, `${record.id}.csv`), 'utf8'), { columns: true }) as { failure: string }[];
  assert.deepEqual(rows.map((r) => r.failure), ['timeout', 'timeout']);
});

test('a point past its hard time budget is stopped and recorded as timed out; larger batches of its group are skipped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const out = join(dir, 'out');
  // An unreachable CI target and a 60 s stopping budget: only the host's 2 s point budget can end these points.
  const args = ['bench', writeModel(dir), '--batch', '1,2', '--threads', '1,2', '--ep', 'cpu', '--target-ci', '0.000001', '--max-time-ms', '60000', '--max-iterations', '2000000', '--point-timeout-ms', '2000', '--out', out, '--no-ort-profile', '--quiet'];
  const { code, stderr } = await runCli(args);

  assert.equal(code, 3, stderr);
  const record = readRecord(out);
  assert.equal(record.status, 'complete');
  const kinds = record.points.map((p) => (p.verdict === 'failed' ? p.failure : p.verdict));
  assert.deepEqual(kinds, ['timeout', 'skipped', 'timeout', 'skipped']);
  const first = record.points[0];
  assert.ok(first?.verdict === 'failed');
  assert.equal(first.error.message, 'point 1 of 4 (cpu fp32 batch 1 threads 1) went past its time budget of 2 s (in timing); the engine worker was stopped');
  const skipped = record.points[1];
  assert.ok(skipped?.verdict === 'failed');
  assert.match(skipped.error.message, /batch 1 went past its time budget; larger batches of this group skipped/);
});

test('restarts are bounded: after 3 fresh workers the next stop ends the run as crashed (exit 4), every point so far kept', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const out = join(dir, 'out');
  const args = ['bench', writeSlowSessionModel(dir), '--batch', '1', '--threads', '1,2,3,4,5', '--ep', 'cpu', '--session-timeout-ms', '1000', '--out', out, '--no-ort-profile', '--quiet'];
  const { code, stderr } = await runCli(args);

  assert.equal(code, 4, stderr);
  assert.match(stderr, /session creation for point 4 of 5 \(cpu fp32 batch 1 threads 4\) hung for more than 1 s; the engine worker was stopped \(the run was resumed in a fresh worker 3 times, the most allowed\)/);
  const record = readRecord(out);
  assert.equal(record.status, 'crashed');
  assert.deepEqual(record.points.map((p) => (p.verdict === 'failed' ? p.failure : p.verdict)), ['timeout', 'timeout', 'timeout', 'timeout']);
});

test('an inference that never returns (a Loop of 10^12 trips): the point budget stops it and names where it was stuck', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const out = join(dir, 'out');
  const { code, stderr } = await runCli(['bench', writeEndlessLoopModel(dir), '--batch', '1,2', '--ep', 'cpu', '--point-timeout-ms', '2000', '--out', out, '--no-ort-profile', '--quiet']);

  assert.equal(code, 3, stderr);
  const record = readRecord(out);
  assert.equal(record.status, 'complete');
  const [first, second] = record.points;
  assert.ok(first?.verdict === 'failed' && first.failure === 'timeout');
  assert.equal(first.error.message, 'point 1 of 2 (cpu fp32 batch 1) went past its time budget of 2 s (in the first inference); the engine worker was stopped');
  assert.ok(second?.verdict === 'failed' && second.failure === 'skipped');
});
