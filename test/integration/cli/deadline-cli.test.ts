import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeEndlessLoopMatMulModel, writeManyNodesModel, writeSlowSessionModel } from '../../fixtures/fault-models';
import { runCli } from './run-cli';

// Every command that loads or runs a model does it in the engine worker under the same two deadlines as bench:
// past one, the worker is stopped and the command ends with one line and exit 4.

test('convert --to int8 of a Loop of 2^62 trips: the accuracy check is stopped at the point budget (it used to run forever)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const model = writeEndlessLoopMatMulModel(dir);
  const started = Date.now();
  const { code, stderr } = await runCli(['convert', model, '--to', 'int8', '-o', join(dir, 'int8.onnx'), '--point-timeout-ms', '3000']);
  const elapsedMs = Date.now() - started;

  assert.equal(code, 4, stderr);
  assert.equal(stderr, `infermeter: convert of ${model} went past its time budget of 3 s (in the accuracy check: running the source model); the engine worker was stopped\n`);
  assert.ok(elapsedMs < 30_000, `took ${elapsedMs} ms`);
});

test('convert of a model whose session takes minutes: the session deadline stops it and says which session', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const model = writeSlowSessionModel(dir);
  const { code, stderr } = await runCli(['convert', model, '--to', 'fp16', '-o', join(dir, 'fp16.onnx'), '--session-timeout-ms', '1500']);

  assert.equal(code, 4, stderr);
  assert.match(stderr, /^infermeter: session creation for convert of .*slow-session\.onnx \([^)]+\) hung for more than 1\.5 s; the engine worker was stopped\n$/);
  assert.ok(!existsSync(join(dir, 'fp16.onnx.tmp')));
});

test('inspect of a model of 200,000 nodes is held to the point budget too', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const model = writeManyNodesModel(dir, 200_000);
  // Reading 200,000 nodes takes seconds (a worker start alone is ~0.1 s): 50 ms always expires.
  const { code, stderr } = await runCli(['inspect', model, '--point-timeout-ms', '50']);
  assert.equal(code, 4, stderr);
  assert.match(stderr, /^infermeter: inspect of .*many-nodes\.onnx went past its time budget of 0\.05 s \(in [^)]+\); the engine worker was stopped\n$/);
  const ok = await runCli(['inspect', model, '--json']);
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal((JSON.parse(ok.stdout) as { nodeCount: number }).nodeCount, 200_001);
});

test('the deadline flags are checked like any flag', async () => {
  const { code, stderr } = await runCli(['inspect', 'builtin:mlp:tiny', '--session-timeout-ms', 'soon']);
  assert.equal(code, 2, stderr);
  assert.match(stderr, /--session-timeout-ms soon/);
});
