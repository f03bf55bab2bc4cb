import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { runRecordSchema, type RunRecord } from '../../../electron/contract/run';
import { runToCsv } from '../../../electron/engine/results/run-csv';
import { readRunFile } from '../../../electron/engine/results/run-files';
import { RunHistory } from '../../../electron/engine/results/run-history';
import { writeSmallMlp as writeModel } from '../../fixtures/fault-models';
import { startCli, waitFor } from './run-cli';


function childPids(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}


const POSIX = process.platform === 'win32' && 'uses pgrep and POSIX signals';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Starts a 4-point sweep whose every point runs its full 700 ms (an unreachable CI target), and waits for 2 finished points. */
async function startSweep(extra: string[]): Promise<{ child: ReturnType<typeof startCli>['child']; result: ReturnType<typeof startCli>['result']; log: string; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const out = join(dir, 'out');
  const args = ['bench', writeModel(dir), '--batch', '1,2,4,8', '--ep', 'cpu', '--out', out, '--target-ci', '0.000001', '--min-time-ms', '0', '--max-time-ms', '700', '--warmup-ms', '0', '--no-ort-profile', '--quiet', ...extra];
  const { child, result } = startCli(args);
  const jsonl = await waitFor('the run log', () => (existsSync(out) ? readdirSync(out).find((f) => f.endsWith('.jsonl')) : undefined));
  const log = join(out, jsonl);
  await waitFor('two finished points', () => ((readFileSync(log, 'utf8').match(/"point-finished"/g) ?? []).length >= 2 ? true : undefined));
  return { child, result, log, out };
}

function csvRows(log: string): unknown[] {
  return parse(readFileSync(log.replace(/\.jsonl$/, '.csv'), 'utf8'), { columns: true }) as unknown[];
}

test('kill -9 of the engine worker with --no-resume: exit 4, the point it was on named and recorded, every finished point kept', { skip: POSIX }, async () => {
  const { child, result, log } = await startSweep(['--no-resume']);
  const worker = await waitFor('the engine worker', () => childPids(child.pid as number)[0]);
  process.kill(worker, 'SIGKILL');
  const { code, stderr } = await result;

  assert.equal(code, 4, stderr);
  assert.match(stderr, /the engine worker was killed \(SIGKILL\) while measuring point \d of 4 \(cpu fp32 batch \d\)/);
  assert.ok(!/\n\s+at /.test(stderr), 'no stack trace');
  const record = runRecordSchema.parse(JSON.parse(readFileSync(log.replace(/\.jsonl$/, '.json'), 'utf8')));
  assert.equal(record.status, 'crashed');
  const crashed = record.points.filter((p) => p.verdict === 'failed');
  assert.equal(crashed.length, 1, 'the point the worker died on is recorded');
  assert.equal(crashed[0]?.verdict === 'failed' && crashed[0].failure, 'crashed');
  assert.ok(record.points.length >= 3 && record.points.length <= 4, `kept ${record.points.length} points`);
  assert.equal(csvRows(log).length, record.points.length);
});

test('kill -9 of the engine worker (default): the crashed point is failed, the rest of the plan is measured in a fresh worker', { skip: POSIX }, async () => {
  const { child, result, log } = await startSweep([]);
  const worker = await waitFor('the engine worker', () => childPids(child.pid as number)[0]);
  process.kill(worker, 'SIGKILL');
  const { code, stderr } = await result;

  assert.equal(code, 3, stderr); // finished, one point not valid
  assert.match(stderr, /went on in a fresh worker/);
  assert.ok(!/\n\s+at /.test(stderr), 'no stack trace');
  const record = runRecordSchema.parse(JSON.parse(readFileSync(log.replace(/\.jsonl$/, '.json'), 'utf8')));
  assert.equal(record.status, 'complete');
  assert.equal(record.points.length, 4);
  const failed = record.points.filter((p) => p.verdict === 'failed');
  assert.equal(failed.length, 1);
  const crashed = failed[0];
  assert.ok(crashed?.verdict === 'failed' && crashed.failure === 'crashed');
  assert.match(crashed.error.message, /the engine worker was killed \(SIGKILL\) while measuring point \d of 4/);
  assert.ok(record.points.every((p) => p === crashed || (p.verdict !== 'failed' && p.stats.iterations >= 2)), 'every other point measured');
  // The log replays to the same points (nothing lost between the log and the snapshot).
  assert.deepEqual(readRunFile(log).points.map((p) => [p.index, p.verdict]), record.points.map((p) => [p.index, p.verdict]));
  assert.equal(csvRows(log).length, 4);
});

test('kill -9 of the host process mid-run: the log replays to an interrupted run, listed in history and exportable', { skip: POSIX }, async () => {
  const { child, result, log, out } = await startSweep([]);
  const worker = await waitFor('the engine worker', () => childPids(child.pid as number)[0]);
  process.kill(child.pid as number, 'SIGKILL');
  const { code } = await result;
  assert.equal(code, null, 'killed');
  await waitFor('the orphaned engine worker to exit', () => (isAlive(worker) ? undefined : true), 10_000);

  const replayed: RunRecord = readRunFile(log);
  assert.equal(replayed.status, 'interrupted');
  assert.ok(replayed.points.length >= 2, `kept ${replayed.points.length} points`);
  assert.ok(replayed.points.every((p) => p.verdict !== 'failed'));
  const history = new RunHistory(out);
  const listed = history.listRuns().find((r) => r.id === replayed.id);
  assert.equal(listed?.status, 'interrupted');
  assert.ok((listed?.points ?? 0) >= 2);
  const fromHistory = history.getRun(replayed.id);
  assert.equal(fromHistory.status, 'interrupted');
  const rows = parse(runToCsv(fromHistory), { columns: true }) as { run_status: string; verdict: string }[];
  assert.equal(rows.length, fromHistory.points.length);
  assert.ok(rows.every((r) => r.run_status === 'interrupted' && r.verdict !== ''));
});
