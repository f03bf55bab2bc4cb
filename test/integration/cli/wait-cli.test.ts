import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runRecordSchema } from '../../../electron/contract/run';
import { writeSlowSessionModel } from '../../fixtures/fault-models';
import { runCli, startCli } from './run-cli';

// A point stuck before its first inference is never silent: after a few seconds the progress says what it waits
// on and when the worker will be stopped; Ctrl-C ends it promptly even while onnxruntime is busy creating a session.

test('a session that takes minutes: the progress says what it waits on and when the deadline ends the wait', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const { code, stderr } = await runCli(['bench', writeSlowSessionModel(dir), '--batch', '1', '--ep', 'cpu', '--session-timeout-ms', '9000', '--out', join(dir, 'out'), '--no-ort-profile']);
  assert.equal(code, 3, stderr);
  assert.match(stderr, /infermeter: point 1 of 1 \(cpu fp32 batch 1\): waiting on session creation for [5-8](\.\d)? s, no inference yet; the engine worker is stopped in [1-4](\.\d)? s if it is still waiting \(--session-timeout-ms\); Ctrl-C cancels\n/);
  assert.match(stderr, /session creation for point 1 of 1 \(cpu fp32 batch 1\) hung for more than 9 s; the engine worker was stopped/);
});

test('Ctrl-C while onnxruntime is stuck creating a session: the run ends within seconds as cancelled, its record kept', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const out = join(dir, 'out');
  const { child, result } = startCli(['bench', writeSlowSessionModel(dir), '--batch', '1', '--ep', 'cpu', '--out', out, '--no-ort-profile']);
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c.toString()));
  const waitStart = Date.now();
  while (!/waiting on session creation/.test(stderr)) {
    if (Date.now() - waitStart > 60_000) assert.fail(`no wait notice: ${stderr}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  const interrupted = Date.now();
  child.kill('SIGINT');
  const { code } = await result;
  const tookMs = Date.now() - interrupted;
  assert.equal(code, 1, stderr);
  assert.ok(tookMs < 15_000, `ended ${tookMs} ms after Ctrl-C`);
  assert.match(stderr, /infermeter: run cancelled; 0 finished points kept/);
  const json = readdirSync(out).find((f) => f.endsWith('.json'));
  assert.ok(json);
  assert.equal(runRecordSchema.parse(JSON.parse(readFileSync(join(out, json), 'utf8'))).status, 'cancelled');
});
