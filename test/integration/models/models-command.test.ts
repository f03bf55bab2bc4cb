import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { runCli, type CliResult } from '../cli/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real `infermeter models ...` with its cache in this test's directory. */
function models(...args: string[]): Promise<CliResult> {
  return runCli(['models', ...args], { INFERMETER_CACHE_DIR: dir });
}

test('models list shows every model with params, FLOPs, inputs and cache state', async () => {
  const { code, stdout } = await models('list');
  assert.equal(code, 0);
  const lines = stdout.split('\n');
  assert.match(lines[0] ?? '', /name\s+params\s+FLOPs\/sample\s+inputs \(base\)\s+cached/);
  assert.match(stdout, /resnet50\s+25\.53 M\s+8\.18 GFLOP\s+input float32\[batch,3,224,224\]\s+no/);
  assert.match(stdout, /bert-base\s+109 M\s+22\.35 GFLOP\s+input_ids int64\[batch,128\], attention_mask int64\[batch,128\]\s+no/);
  for (const name of ['vit-b16', 'dlrm', 'mlp']) assert.match(stdout, new RegExp(`^${name}\\s`, 'm'));
});

test('models build prints the path, reports size and time, and the list then shows it cached', async () => {
  const first = await models('build', 'vit-b16', '--size', 'tiny');
  assert.equal(first.code, 0, first.stderr);
  const path = first.stdout.trim();
  assert.ok(path.startsWith(join(dir, 'models')) && existsSync(path), path);
  assert.match(first.stderr, /^vit-b16 \(tiny\): built in \d+ ms, [\d.]+ KiB\n$/);

  const second = await models('build', 'builtin:vit-b16', '--size', 'tiny', '--json');
  assert.equal(second.code, 0);
  const result = JSON.parse(second.stdout) as { path: string; cached: boolean; bytes: number };
  assert.deepEqual([result.path, result.cached], [path, true]);

  const list = await models('list', '--json');
  const vit = (JSON.parse(list.stdout) as { name: string; tiny: { cached: boolean }; base: { cached: boolean } }[]).find((m) => m.name === 'vit-b16');
  assert.deepEqual([vit?.tiny.cached, vit?.base.cached], [true, false]);
  assert.match((await models('list')).stdout, /^vit-b16\s.*\stiny$/m);
});

test('models build rejects bad names and flags with exit code 2 and a one-line reason', async () => {
  const cases: [string[], RegExp][] = [
    [['build', 'gpt2'], /Unknown built-in model 'gpt2': choose one of resnet50, bert-base, vit-b16, dlrm, mlp/],
    [['build', 'resnet50', '--seq', '64'], /--seq does not apply to resnet50: it is an option of bert-base/],
    [['build', 'bert-base', '--size', 'huge'], /--size huge: choose tiny or base/],
    [['build', 'bert-base', '--size', 'tiny', '--seq', '4096'], /--seq 4096 is not valid for bert-base \(tiny\): give a whole number from 1 to 128/],
    [['build', 'mlp', '--width', 'wide'], /--width wide: give a whole number/],
    [['build', 'mlp', '--width', '16384', '--depth', '64'], /over ONNX's 2 GB single-file limit/],
  ];
  for (const [args, message] of cases) {
    const { code, stdout, stderr } = await models(...args);
    assert.equal(code, 2, args.join(' '));
    assert.equal(stdout, '');
    assert.match(stderr, message);
    assert.equal(stderr.trim().split('\n').length, 1, stderr);
  }
});
