import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EngineError } from '../../../electron/engine/errors';
import { inspectModel } from '../../../electron/engine/model/inspect-model';
import { MAX_SUBGRAPH_DEPTH, subgraphDepth } from '../../../electron/engine/model/subgraph-depth';
import { nestedIfModel } from '../../fixtures/fault-models';
import { runCli } from '../cli/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));

function write(depth: number): string {
  const file = join(dir, `nested-${depth}.onnx`);
  writeFileSync(file, nestedIfModel(depth));
  return file;
}

const refusal = (file: string, depth: number) =>
  `${file}: subgraphs nested ${depth} deep (If, Loop or Scan bodies inside each other); onnxruntime loads at most ${MAX_SUBGRAPH_DEPTH} levels; re-export the model with less nested control flow`;

test('subgraph depth is read from the wire bytes without recursion, at any depth', () => {
  for (const depth of [0, 1, 2, 33, 1000, 100_000]) assert.equal(subgraphDepth(nestedIfModel(depth)), depth);
});

test('If inside If: 32 levels inspect (onnxruntime loads them); 33, 1,000 and 100,000 are refused with one clear line, no stack overflow', async () => {
  const ok = await inspectModel(write(MAX_SUBGRAPH_DEPTH));
  assert.equal(ok.opHistogram['If'], MAX_SUBGRAPH_DEPTH);
  for (const depth of [33, 1000, 100_000]) {
    const file = write(depth);
    await assert.rejects(inspectModel(file), (error: unknown) => error instanceof EngineError && error.code === 'bad-input' && error.message === refusal(file, depth));
  }
});

test('bench and convert of a model nested 100,000 deep: exit 2 with the same line, no stack trace', async () => {
  const file = write(100_000);
  for (const args of [['bench', file, '--batch', '1', '--out', join(dir, 'out')], ['convert', file, '--to', 'fp16', '-o', join(dir, 'fp16.onnx')]]) {
    const { code, stderr } = await runCli(args);
    assert.equal(code, 2, stderr);
    assert.equal(stderr.trim(), `infermeter: ${refusal(file, 100_000)}`);
  }
});
