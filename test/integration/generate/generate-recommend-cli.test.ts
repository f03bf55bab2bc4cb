// `infermeter recommend` on a generation run of the tiny built-in decoder: tokens/s under the ITL p99 SLO, instances
// ranked per 1M generated tokens with projected ranges, the files it writes, and the flags' bad input.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { recommendationFileSchema } from '../../../electron/contract/recommend';
import { QUICK, runCli } from '../cli/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'infermeter-generate-recommend-'));
const env = { INFERMETER_CACHE_DIR: join(dir, 'cache') };
let runFile = '';
let mlpFile = '';
after(() => rmSync(dir, { recursive: true, force: true }));

before(async () => {
  const out = join(dir, 'run');
  const gen = await runCli(['bench', 'builtin:llama:tiny', '--prompt', '8,16', '--gen', '4', '--batch', '1,2', '--ep', 'cpu', '--out', out, ...QUICK], env);
  assert.ok(gen.code === 0 || gen.code === 3, `exit ${gen.code}: ${gen.stderr}`);
  runFile = join(out, readdirSync(out).find((f) => f.endsWith('.json') && !f.includes('recommendation')) as string);
  const mlpOut = join(dir, 'mlp');
  const mlp = await runCli(['bench', 'builtin:mlp:tiny', '--batch', '1', '--ep', 'cpu', '--out', mlpOut, ...QUICK], env);
  assert.ok(mlp.code === 0 || mlp.code === 3, `exit ${mlp.code}: ${mlp.stderr}`);
  mlpFile = join(mlpOut, readdirSync(mlpOut).find((f) => f.endsWith('.json')) as string);
});

test('recommend RUN.json --slo-ms --tokens-per-s on a generation run: tokens/s under the ITL p99 SLO, instances per 1M tokens, files', async () => {
  const out = join(dir, 'rec');
  const r = await runCli(['recommend', runFile, '--slo-ms', '1000', '--tokens-per-s', '400', '--out', out], env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Generation under ITL p99 ≤ 1000 ms — run .*, prompt 16, gen 4$/m, 'the longest prompt by default');
  assert.match(r.stdout, /The run measured prompt 8 gen 4, prompt 16 gen 4: another with --prompt\/--gen\./);
  assert.match(r.stdout, /^batch\s+ITL mean ms\s+ITL p99 ms\s+tokens\/s total\s+meets SLO/m);
  // This machine's answer counts valid points only; these short runs may all be unstable on a loaded machine.
  assert.match(r.stdout, /^(Best under ITL p99 ≤ 1000 ms: batch \d at prompt 16, gen 4, FP32 on cpu|No valid generation point has an ITL p99 within 1000 ms\.)/m);
  assert.match(r.stdout, /Instances for 400 generated tokens\/s \(100 requests\/s of prompt 16 \+ 4 generated tokens\)/);
  assert.match(r.stdout, /^instance\s+accelerator\s+\$\/h\s+basis\s+batch\s+tokens\/s\s+ITL p99 ms\s+TTFT ms/m);
  assert.match(r.stdout, /PROJECTED/);
  const [json, csv] = ['json', 'csv'].map((ext) => join(out, readdirSync(out).find((f) => f.endsWith(`.recommendation.${ext}`)) as string));
  const rec = recommendationFileSchema.parse(JSON.parse(readFileSync(json as string, 'utf8')));
  assert.equal(rec.qps, 100);
  assert.deepEqual([rec.generation?.promptTokens, rec.generation?.genTokens, rec.generation?.tokensPerS], [16, 4, 400]);
  const projected = rec.instances.filter((x) => x.basis === 'projected');
  assert.ok(projected.length > 0, 'this machine\'s rates make projections');
  for (const x of projected) {
    const g = x.generation;
    assert.ok(g, x.instanceId);
    assert.ok(g.tokensPerS.low <= g.tokensPerS.high && g.itlP99Ms.low <= g.itlP99Ms.high && g.ttftMs.low <= g.ttftMs.high, x.instanceId);
  }
  const rows = parse(readFileSync(csv as string, 'utf8'), { columns: true }) as Record<string, string>[];
  assert.equal(rows.length, rec.instances.length);
  assert.equal(rows[0]?.['prompt_tokens'], '16');
  assert.ok(rows.some((row) => Number(row['tokens_per_s_low']) > 0));

  const chosen = await runCli(['recommend', runFile, '--slo-ms', '1000', '--qps', '5', '--prompt', '8', '--json'], env);
  assert.equal(chosen.code, 0, chosen.stderr);
  const asked = JSON.parse(chosen.stdout) as { qps: number; generation: { promptTokens: number; tokensPerS: number } };
  assert.deepEqual([asked.qps, asked.generation.promptTokens, asked.generation.tokensPerS], [5, 8, 20]);
});

test('recommend flags that do not fit the run: one line naming the flag, exit 2', async () => {
  const both = await runCli(['recommend', runFile, '--slo-ms', '50', '--qps', '5', '--tokens-per-s', '100'], env);
  assert.equal(both.code, 2);
  assert.match(both.stderr, /--qps or --tokens-per-s: give one of them/);
  const shape = await runCli(['recommend', runFile, '--slo-ms', '50', '--qps', '5', '--prompt', '99'], env);
  assert.equal(shape.code, 2);
  assert.match(shape.stderr, /--prompt 99 --gen 4: run .* measured no such generation \(it measured prompt 8, gen 4; prompt 16, gen 4\)/);
  const notGen = await runCli(['recommend', mlpFile, '--slo-ms', '50', '--tokens-per-s', '100'], env);
  assert.equal(notGen.code, 2);
  assert.match(notGen.stderr, /--tokens-per-s: .* is not a generation run .*; give --qps/);
  const noTarget = await runCli(['recommend', mlpFile, '--slo-ms', '50'], env);
  assert.equal(noTarget.code, 2);
  assert.match(noTarget.stderr, /--qps: required/);
  for (const r of [both, shape, notGen, noTarget]) assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
});
