import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { runRecordSchema } from '../../../electron/contract/run';
import { readRunFile } from '../../../electron/engine/results/run-files';
import { RunHistory } from '../../../electron/engine/results/run-history';
import { writeSmallMlp } from '../../fixtures/fault-models';
import { startCli, waitFor } from './run-cli';

// A crash before the first point (while the worker reads the model and probes the providers) is resumed like any
// other, and the run is on disk from its first event, so even one that dies at once is listed with its reason.

const POSIX = process.platform === 'win32' && 'uses pgrep and POSIX signals';

function childPids(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}


/** Starts a 4-point bench and SIGKILLs its engine worker the moment it exists (long before the first point). */
async function killWorkerAtOnce(extra: string[]): Promise<{ code: number | null; stderr: string; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const out = join(dir, 'out');
  const { child, result } = startCli(['bench', writeSmallMlp(dir), '--batch', '1,2,4,8', '--ep', 'cpu', '--out', out, '--min-time-ms', '0', '--max-time-ms', '200', '--warmup-ms', '0', '--no-ort-profile', '--quiet', ...extra]);
  const worker = await waitFor('the engine worker', () => childPids(child.pid as number)[0], 30_000, 5);
  process.kill(worker, 'SIGKILL');
  const { code, stderr } = await result;
  return { code, stderr, out };
}

function runFiles(out: string): { log: string; json: string; csv: string } {
  const jsonl = readdirSync(out).find((f) => f.endsWith('.jsonl'));
  assert.ok(jsonl, 'a run log was written');
  const log = join(out, jsonl);
  return { log, json: log.replace(/\.jsonl$/, '.json'), csv: log.replace(/\.jsonl$/, '.csv') };
}

test('kill -9 of the worker before the first point: the run starts again in a fresh worker and measures every point', { skip: POSIX }, async () => {
  const { code, stderr, out } = await killWorkerAtOnce([]);
  assert.ok(code === 0 || code === 3, `exit ${code}: ${stderr}`);
  assert.ok(!/\n\s+at /.test(stderr), 'no stack trace');
  const { log, json, csv } = runFiles(out);
  const events = readFileSync(log, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { type: string }).type);
  assert.equal(events[0], 'run-requested');
  assert.equal(events.filter((t) => t === 'run-started').length, 1, 'the record is announced once');
  const record = runRecordSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
  assert.equal(record.status, 'complete');
  assert.equal(record.points.length, 4);
  assert.ok(record.points.every((p) => p.verdict !== 'failed'), 'no point died: the worker was killed before the first');
  assert.equal((parse(readFileSync(csv, 'utf8'), { columns: true }) as unknown[]).length, 4);
});

test('kill -9 of the worker at once with --no-resume: exit 4, and the run is on disk and listed with its reason', { skip: POSIX }, async () => {
  const { code, stderr, out } = await killWorkerAtOnce(['--no-resume']);
  assert.equal(code, 4, stderr);
  assert.match(stderr, /infermeter: the engine worker was killed \(SIGKILL\)/);
  assert.ok(!/\n\s+at /.test(stderr), 'no stack trace');
  const { json, log } = runFiles(out);
  const record = runRecordSchema.parse(JSON.parse(readFileSync(json, 'utf8')));
  assert.equal(record.status, 'crashed');
  assert.match(record.endReason?.message ?? '', /^the engine worker was killed \(SIGKILL\)/);
  assert.equal(readRunFile(log).status, 'crashed');
  const listed = new RunHistory(out).listRuns().find((r) => r.id === record.id);
  assert.equal(listed?.status, 'crashed');
  assert.equal(listed?.model, 'crashme.onnx');
});

test('kill -9 of the CLI right after it starts the run: the log replays to an interrupted run, listed in the history', { skip: POSIX }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const out = join(dir, 'out');
  const { child, result } = startCli(['bench', writeSmallMlp(dir), '--batch', '1', '--ep', 'cpu', '--out', out, '--quiet']);
  await waitFor('the run log', () => (existsSync(out) && readdirSync(out).some((f) => f.endsWith('.jsonl')) ? true : undefined), 30_000, 5);
  process.kill(child.pid as number, 'SIGKILL');
  await result;
  const { log } = runFiles(out);
  const replayed = readRunFile(log);
  assert.equal(replayed.status, 'interrupted');
  assert.equal(new RunHistory(out).listRuns().find((r) => r.id === replayed.id)?.status, 'interrupted');
});
