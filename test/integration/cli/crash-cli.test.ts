import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { runRecordSchema } from '../../../electron/contract/run';
import { GraphBuilder } from '../../../electron/engine/model/graph-builder';
import { DataType } from '../../../electron/engine/model/onnx-proto';
import { startCli } from './run-cli';

function writeModel(dir: string): string {
  const g = new GraphBuilder('crashme');
  let x = g.input('x', DataType.FLOAT, ['batch', 64]);
  x = g.op('Relu', [g.op('MatMul', [x, g.floatInit('w', [64, 64], new Float32Array(64 * 64).fill(0.01))])]);
  g.output(x, DataType.FLOAT, ['batch', 64]);
  const path = join(dir, 'crashme.onnx');
  writeFileSync(path, g.encode());
  return path;
}

function childPids(pid: number): number[] {
  try {
    return execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' }).trim().split('\n').filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

async function waitFor<T>(what: string, probe: () => T | undefined, timeoutMs = 60_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

test('kill -9 of the engine worker mid-run: exit 4, the point it was on named, every finished point kept', { skip: process.platform === 'win32' && 'uses pgrep and POSIX signals' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const out = join(dir, 'out');
  // An unreachable CI target makes every point run its full 700 ms, so there is time to kill mid-point.
  const args = ['bench', writeModel(dir), '--batch', '1,2,4,8', '--ep', 'cpu', '--out', out, '--target-ci', '0.000001', '--min-time-ms', '0', '--max-time-ms', '700', '--warmup-ms', '0', '--no-ort-profile', '--quiet'];
  const { child, result } = startCli(args);
  const jsonl = await waitFor('the run log', () => (existsSync(out) ? readdirSync(out).find((f) => f.endsWith('.jsonl')) : undefined));
  const log = join(out, jsonl);
  await waitFor('two finished points', () => ((readFileSync(log, 'utf8').match(/"point-finished"/g) ?? []).length >= 2 ? true : undefined));
  const worker = await waitFor('the engine worker', () => childPids(child.pid as number)[0]);
  process.kill(worker, 'SIGKILL');
  const { code, stderr } = await result;

  assert.equal(code, 4, stderr);
  assert.match(stderr, /the engine worker was killed \(SIGKILL\) while measuring point \d of 4 \(cpu fp32 batch \d\)/);
  assert.ok(!/\n\s+at /.test(stderr), 'no stack trace');
  const record = runRecordSchema.parse(JSON.parse(readFileSync(log.replace(/\.jsonl$/, '.json'), 'utf8')));
  assert.equal(record.status, 'crashed');
  assert.ok(record.points.length >= 2 && record.points.length < 4, `kept ${record.points.length} points`);
  assert.ok(record.points.every((p) => p.verdict !== 'failed'));
  const rows = parse(readFileSync(log.replace(/\.jsonl$/, '.csv'), 'utf8'), { columns: true }) as unknown[];
  assert.equal(rows.length, record.points.length);
});
