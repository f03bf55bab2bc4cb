import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import * as ort from 'onnxruntime-node';
import { checkReportSchema } from '../../../electron/contract/check';
import { runRecordSchema } from '../../../electron/contract/run';
import { tensorPb, writeReferenceFromModel } from '../../fixtures/reference-data';
import { mlpModel, seededFloats, writeModel } from '../../fixtures/tiny-models';
import { QUICK, runCli } from './run-cli';

const dir = fs.mkdtempSync(join(tmpdir(), 'infermeter-check-cli-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));
const model = writeModel(dir, 'mlp.onnx', mlpModel());
const inputs = [1, 2].map((seed) => ({ x: new ort.Tensor('float32', seededFloats(16, seed), [1, 16]) }));

test('check: passing data exits 0 with the table; one element off exits 3; a missing input_0.pb exits 2', async () => {
  const data = await writeReferenceFromModel(model, join(dir, 'data'), inputs);
  const ok = await runCli(['check', model, '--data', data]);
  assert.equal(ok.code, 0, ok.stderr);
  assert.match(ok.stdout, /Data\s+.*: 2 data sets \(test_data_set_0, test_data_set_1\)/);
  assert.match(ok.stdout, /cpu\s+fp32\s+y\s+.*\s0\/32\s+-\s+pass/);
  assert.match(ok.stdout, /check: passed \(1 of 1\)/);

  const json = await runCli(['check', model, '--data', data, '--json']);
  assert.equal(checkReportSchema.parse(JSON.parse(json.stdout)).pass, true);

  const out = join(data, 'test_data_set_0', 'output_0.pb');
  fs.writeFileSync(out, tensorPb(new ort.Tensor('float32', new Float32Array(16).fill(9), [1, 16]), 'y'));
  const fail = await runCli(['check', model, '--data', data]);
  assert.equal(fail.code, 3, fail.stderr);
  assert.match(fail.stdout, /cpu\s+fp32\s+y\s+.*\s16\/32\s+-\s+FAIL/);
  assert.match(fail.stdout, /check: FAILED \(cpu fp32\)/);
  // Loose enough tolerances pass the same data.
  const loose = await runCli(['check', model, '--data', data, '--rtol', '0', '--atol', '100']);
  assert.equal(loose.code, 0, loose.stdout);

  fs.rmSync(join(data, 'test_data_set_1', 'input_0.pb'));
  const bad = await runCli(['check', model, '--data', data]);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr, `infermeter: ${join(data, 'test_data_set_1', 'input_0.pb')}: missing; the model has 1 input(s) (x), each needs input_K.pb or input_K.npy\n`);
});

test('check: bad flags are bad input naming the flag', async () => {
  const cases: [string[], string][] = [
    [['check', model], 'infermeter: --data: give the folder of reference data (DIR/test_data_set_0/input_0.pb, output_0.pb, ...)\n'],
    [['check', model, '--data', dir, '--rtol', 'x'], 'infermeter: --rtol x: expected a number, 0 or more\n'],
    [['check', model, '--data', dir, '--ep', 'tpu'], 'infermeter: --ep tpu: unknown execution provider (known: cpu, webgpu, cuda, tensorrt, dml, coreml)\n'],
    [['check', model, '--data', dir, '--timeout-ms', '0'], 'infermeter: --timeout-ms 0: expected a positive number\n'],
  ];
  for (const [args, stderr] of cases) {
    const r = await runCli(args);
    assert.deepEqual([r.code, r.stderr], [2, stderr], args.join(' '));
  }
});

test('check: its time budget is the shared point deadline (--point-timeout-ms, or --timeout-ms by its earlier name); past it the worker is stopped (exit 4)', async () => {
  const data = await writeReferenceFromModel(model, join(dir, 'data-slow'), inputs);
  for (const flag of ['--timeout-ms', '--point-timeout-ms']) {
    const r = await runCli(['check', model, '--data', data, flag, '1']);
    assert.equal(r.code, 4, r.stderr);
    assert.match(r.stderr, /^infermeter: the check of .*mlp\.onnx went past its time budget of 0\.001 s \(in [^)]+\); the engine worker was stopped\n$/, flag);
  }
  const both = await runCli(['check', model, '--data', data, '--timeout-ms', '1000', '--point-timeout-ms', '1000']);
  assert.deepEqual([both.code, both.stderr], [2, 'infermeter: --timeout-ms and --point-timeout-ms both set the time budget of the check; give one\n']);
});

test('bench --data: the variant\'s accuracy is measured on the data\'s inputs, and every provider × precision is checked against its outputs in the run record', async () => {
  const data = await writeReferenceFromModel(model, join(dir, 'data-bench'), inputs);
  const env = { INFERMETER_CACHE_DIR: join(dir, 'cache') };
  const r = await runCli(['bench', model, '--precision', 'fp32,fp16', '--data', data, '--batch', '1', '--ep', 'cpu', '--out', join(dir, 'out'), '--json', '--no-ort-profile', ...QUICK], env);
  assert.ok(r.code === 0 || r.code === 3, r.stderr);
  const record = runRecordSchema.parse(JSON.parse(r.stdout));
  const fp16 = record.variants.find((v) => v.precision === 'fp16');
  assert.deepEqual([fp16?.conversion?.accuracy?.inputs, fp16?.conversion?.accuracy?.samples], ['user', 2]);
  assert.deepEqual(record.check?.rows.map((row) => [row.provider, row.precision, row.error]), [['cpu', 'fp32', null], ['cpu', 'fp16', null]]);
  assert.equal(record.check?.rows[0]?.pass, true, 'the FP32 model reproduces the outputs it wrote');
  assert.deepEqual(record.check?.sets, ['test_data_set_0', 'test_data_set_1']);
  // FP32 alone: the check is what --data is for; the table follows the results.
  const fp32 = await runCli(['bench', model, '--data', data, '--batch', '1', '--ep', 'cpu', '--out', join(dir, 'out32'), '--no-ort-profile', ...QUICK], env);
  assert.ok(fp32.code === 0 || fp32.code === 3, fp32.stderr);
  assert.match(fp32.stdout, /Reference check \(--data\)\n[\s\S]*cpu\s+fp32\s+y\s+.*\s0\/32\s+-\s+pass[\s\S]*check: passed \(1 of 1\)/);
  // Inputs without outputs and no variant: nothing to do with them.
  const inputsOnly = join(dir, 'inputs-only');
  fs.cpSync(data, inputsOnly, { recursive: true });
  for (const set of ['test_data_set_0', 'test_data_set_1']) fs.rmSync(join(inputsOnly, set, 'output_0.pb'));
  const bad = await runCli(['bench', model, '--data', inputsOnly, '--batch', '1', '--ep', 'cpu', '--out', join(dir, 'outbad'), ...QUICK], env);
  assert.equal(bad.code, 2, bad.stderr);
  assert.match(bad.stderr, /^infermeter: --data .*inputs-only: its data sets have no output_K files to check against, and no FP16\/INT8 variant is measured on its inputs; add the reference outputs or --precision fp16,int8\n/);
});
