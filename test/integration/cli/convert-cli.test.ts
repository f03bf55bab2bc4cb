import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { conversionReportSchema } from '../../../electron/contract/convert';
import { mlpModel, writeModel } from '../../fixtures/tiny-models';
import { runCli } from './run-cli';

const dir = mkdtempSync(join(tmpdir(), 'infermeter-convert-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const cache = { INFERMETER_CACHE_DIR: join(dir, 'cache') };

test('convert --to fp16 prints a report with sizes, nodes and accuracy, and writes the file', async () => {
  const source = writeModel(dir, 'mlp.onnx', mlpModel());
  const out = join(dir, 'mlp-fp16.onnx');
  const result = await runCli(['convert', source, '--to', 'fp16', '-o', out, '--accuracy-samples', '3']);
  assert.equal(result.code, 0, result.stderr);
  assert.ok(existsSync(out));
  assert.match(result.stdout, /Target\s+FP16/);
  assert.match(result.stdout, /Size\s+.* -> /);
  assert.match(result.stdout, /Nodes\s+6 of 6 converted \(100\.0%\)/);
  assert.match(result.stdout, /Accuracy\s+against FP32 on 3 random inputs: cosine (0\.999\d+|1\.000000),/);
});

test('convert builtin:NAME --json prints the ConversionReport', async () => {
  const out = join(dir, 'bert-fp16.onnx');
  const result = await runCli(['convert', 'builtin:bert-base:tiny', '--to', 'fp16', '-o', out, '--accuracy-samples', '2', '--json'], cache);
  assert.equal(result.code, 0, result.stderr);
  const report = conversionReportSchema.parse(JSON.parse(result.stdout));
  assert.equal(report.target, 'fp16');
  assert.equal(report.outputPath, out);
  assert.ok(report.accuracy !== null && report.accuracy.cosine >= 0.999);
});

test('convert: bad flags are bad input (exit 2) naming the flag', async () => {
  const source = writeModel(dir, 'mlp-flags.onnx', mlpModel());
  const out = join(dir, 'never.onnx');
  const cases: [string[], RegExp][] = [
    [['--to', 'int4', '-o', out], /--to int4: unknown target/],
    [['-o', out], /--to: say which precision/],
    [['--to', 'fp16'], /-o: give the path/],
    [['--to', 'fp16', '-o', out, '--keep-io-types', 'maybe'], /--keep-io-types maybe: expected true or false/],
    [['--to', 'int8-static', '-o', out, '--calib', 'random:x'], /--calib random:x: expected random:N/],
    [['--to', 'fp16', '-o', out, '--calib', 'random:4'], /--calib and --calib-method apply to --to int8-static only/],
    [['--to', 'fp16', '-o', out, '--accuracy-samples', '-1'], /--accuracy-samples -1/],
  ];
  for (const [args, message] of cases) {
    const result = await runCli(['convert', source, ...args]);
    assert.equal(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
    assert.match(result.stderr.trim().split('\n').pop() ?? '', message);
  }
  assert.equal(existsSync(out), false);
});
