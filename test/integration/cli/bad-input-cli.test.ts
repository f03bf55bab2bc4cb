import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeBadModels } from '../../fixtures/bad-models';
import { mlpModel, writeModel } from '../../fixtures/tiny-models';
import { QUICK, runCli, type CliResult } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'infermeter-bad-'));
const corpus = writeBadModels(join(dir, 'models'));
const out = join(dir, 'out');

/** Exit 2, and the error is the last line of stderr, prefixed and free of stack traces. */
function assertBadInput(result: CliResult, expected: string | RegExp): void {
  assert.equal(result.code, 2, `exit code (stderr: ${result.stderr})`);
  assert.ok(!/\n\s+at .+:\d+:\d+/.test(result.stderr), `no stack trace: ${result.stderr}`);
  const last = result.stderr.trimEnd().split('\n').pop() ?? '';
  if (typeof expected === 'string') assert.equal(last, `infermeter: ${expected}`);
  else assert.match(last, expected);
}

for (const c of corpus.filter((c) => c.stage === 'load')) {
  test(`inspect refuses ${c.name} with the exact message`, async () => {
    assertBadInput(await runCli(['inspect', c.file]), c.message as string);
  });
}

for (const c of corpus.filter((c) => c.stage === 'bench')) {
  test(`bench refuses ${c.name} before measuring`, async () => {
    const result = await runCli(['bench', c.file, '--ep', 'cpu', '--batch', '1', '--out', out, ...QUICK]);
    assertBadInput(result, c.message as string);
    assert.equal(result.stderr.trim().split('\n').length, 1, 'a one-line error');
  });
}

for (const c of corpus.filter((c) => c.stage === 'session')) {
  test(`bench of a model no provider can run (${c.name}) is bad input naming the file and the op`, async () => {
    const result = await runCli(['bench', c.file, '--ep', 'cpu', '--batch', '1', '--out', out, ...QUICK]);
    const op = c.unsupportedOp?.op ?? '';
    assertBadInput(result, new RegExp(`^infermeter: ${c.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: no provider tried \\(cpu\\) can run this model: .*${op}`));
  });
}

const good = writeModel(dir, 'good.onnx', mlpModel({ layers: 1, width: 8 }));
const flagCases: [string[], string][] = [
  [['--batch', '0'], '--batch 0: batch sizes must be whole numbers from 1 to 65536'],
  [['--batch', '1e9'], '--batch 1e9: batch sizes must be whole numbers from 1 to 65536'],
  [['--shape', 'x=1x'], '--shape x=1x: expected NAME=DIMxDIM..., e.g. --shape input_ids=1x128'],
  [['--ep', 'tpu'], '--ep tpu: unknown execution provider (known: cpu, webgpu, cuda, tensorrt, dml, coreml)'],
  [['--threads', 'many'], '--threads many: thread counts must be whole numbers from 1 to 1024'],
  [['--target-ci', '-1'], '--target-ci -1: expected a positive number'],
];
for (const [flags, message] of flagCases) {
  test(`bench ${flags.join(' ')} is refused naming the flag`, async () => {
    const result = await runCli(['bench', good, '--out', out, ...QUICK, ...flags]);
    assertBadInput(result, message);
  });
}

test('an unknown option is bad input too', async () => {
  const result = await runCli(['bench', good, '--bogus']);
  assert.equal(result.code, 2);
  assert.match(result.stderr, /unknown option '--bogus'/);
});
