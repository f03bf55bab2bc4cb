// `infermeter bench` on the built-in decoder: one row per generation point with TTFT, ITL, tokens/s and cache size,
// figures that add up, an INT8 variant with its generation accuracy, a CSV that imports back, and clear bad input.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { runRecordSchema } from '../../../electron/contract/run';
import { csvToRunRecord } from '../../../electron/engine/results/run-csv-import';
import { runToCsv } from '../../../electron/engine/results/run-csv';
import { QUICK, runCli } from '../cli/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'infermeter-generate-'));
const env = { INFERMETER_CACHE_DIR: join(dir, 'cache') };
after(() => rmSync(dir, { recursive: true, force: true }));

const GEN = 4;

test('bench builtin:llama:tiny --prompt --gen --batch: generation points whose figures add up, in JSON and CSV', async () => {
  const out = join(dir, 'out');
  const args = ['bench', 'builtin:llama:tiny', '--prompt', '8,16', '--gen', String(GEN), '--batch', '1,2', '--ep', 'cpu', '--precision', 'fp32,int8', '--out', out, ...QUICK];
  const { code, stdout, stderr } = await runCli(args, env);
  assert.ok(code === 0 || code === 3, `exit ${code}: ${stderr}`);
  const files = readdirSync(out);
  const record = runRecordSchema.parse(JSON.parse(readFileSync(join(out, files.find((f) => f.endsWith('.json')) as string), 'utf8')));
  assert.deepEqual(record.options.generation, { promptTokens: [8, 16], genTokens: [GEN] });
  assert.equal(record.points.length, 2 * 2 * 2, 'precision × prompt × batch');
  for (const p of record.points) {
    if (p.verdict === 'failed') assert.fail(p.error.message);
    const g = p.generationStats;
    assert.ok(g && p.generation);
    assert.equal(g.convention, 'optimum');
    assert.equal(g.generations, p.stats.iterations);
    assert.equal(g.itl.count, g.generations * (GEN - 1));
    // Each sample (one generation) is its TTFT plus its ITLs.
    p.samplesMs.forEach((total, i) => {
      const steps = g.itlSamplesMs.slice(i * (GEN - 1), (i + 1) * (GEN - 1)).reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(total - ((g.ttftSamplesMs[i] as number) + steps)) < 1e-9, `generation ${i}: ${total} vs TTFT + Σ ITL`);
    });
    const seconds = p.samplesMs.reduce((a, b) => a + b, 0) / 1000;
    assert.ok(Math.abs(g.tokensPerSecondTotal - (p.batch * GEN * g.generations) / seconds) < 1e-6 * g.tokensPerSecondTotal, 'tokens/s = tokens / time');
    assert.equal(g.cacheBytesPerToken, 512);
    assert.equal(g.cacheBytesAtEnd, 512 * p.batch * (p.generation.promptTokens + GEN - 1));
    assert.ok(g.ttft.p50Ms <= g.ttft.p99Ms && g.itl.p50Ms <= g.itl.p90Ms && g.itl.p90Ms <= g.itl.p99Ms);
  }
  const int8 = record.variants.find((v) => v.precision === 'int8');
  assert.ok(int8?.generationAccuracy, 'INT8 generation accuracy measured');
  assert.ok(int8.generationAccuracy.greedyAgreement >= 0 && int8.generationAccuracy.greedyAgreement <= 1);
  assert.ok(int8.generationAccuracy.logitsCosineMean > 0.99, `cosine ${int8.generationAccuracy.logitsCosineMean}`);
  assert.match(stdout, /^provider\s+precision\s+prompt\s+gen\s+batch\s+verdict\s+TTFT p50 ms/m);
  assert.match(stdout, /int8: .*greedy tokens agree with FP32 on/);

  const csvFile = join(out, files.find((f) => f.endsWith('.csv')) as string);
  const csv = readFileSync(csvFile, 'utf8');
  const rows = parse(csv, { columns: true }) as Record<string, string>[];
  assert.equal(rows.length, record.points.length);
  const first = record.points[0];
  assert.ok(first && first.verdict !== 'failed' && first.generationStats);
  assert.equal(Number(rows[0]?.['ttft_p50_ms']), first.generationStats.ttft.p50Ms);
  assert.equal(Number(rows[0]?.['tokens_per_s_total']), first.generationStats.tokensPerSecondTotal);
  assert.equal(Number(rows[0]?.['prompt_tokens']), 8);
  assert.ok(Number(rows.find((r) => r['precision'] === 'int8')?.['gen_logits_cosine_vs_fp32']) > 0.99);
  // Imported and exported again: the same file.
  assert.equal(runToCsv(csvToRunRecord('run.csv', csv)), csv);
});

test('generation flags on a model that is no decoder, a bad prompt file and a scenario: one line, exit 2', async () => {
  const mlp = await runCli(['bench', 'builtin:mlp:tiny', '--prompt', '8', '--ep', 'cpu', '--out', join(dir, 'o1'), ...QUICK], env);
  assert.equal(mlp.code, 2, mlp.stderr);
  assert.match(mlp.stderr, /--prompt\/--gen: mlp-tiny-.*\.onnx has no 'input_ids' input and no 'logits' output: not a decoder/);
  const prompts = join(dir, 'prompts.txt');
  writeFileSync(prompts, '1 2 3 4\n5,6,7,99999\n');
  const file = await runCli(['bench', 'builtin:llama:tiny', '--prompt-file', prompts, '--prompt', '4', '--ep', 'cpu', '--out', join(dir, 'o2'), ...QUICK], env);
  assert.equal(file.code, 2, file.stderr);
  assert.match(file.stderr, /--prompt-file .*prompts\.txt: line 2: token id 99999 is outside the model's vocabulary of 256/);
  const scenario = await runCli(['bench', 'builtin:llama:tiny', '--scenario', 'server', '--ep', 'cpu', '--out', join(dir, 'o3'), ...QUICK], env);
  assert.equal(scenario.code, 2, scenario.stderr);
  assert.match(scenario.stderr, /--scenario server: generation runs .* measure the batch sweep only/);
  const bad = await runCli(['bench', 'builtin:llama:tiny', '--gen', '0', '--ep', 'cpu', '--out', join(dir, 'o4'), ...QUICK], env);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--gen 0: token counts must be whole numbers from 1 to 131072/);
});

test('a user prompt file drives the prompts: its ids, cut to --prompt, are what the run feeds', async () => {
  const prompts = join(dir, 'good-prompts.txt');
  writeFileSync(prompts, '# two prompts\n1 2 3 4 5 6\n7, 8, 9, 10, 11, 12\n');
  const out = join(dir, 'o5');
  const { code, stderr } = await runCli(['bench', 'builtin:llama:tiny', '--prompt-file', prompts, '--prompt', '5', '--gen', '3', '--batch', '2', '--ep', 'cpu', '--out', out, ...QUICK], env);
  assert.ok(code === 0 || code === 3, stderr);
  const record = runRecordSchema.parse(JSON.parse(readFileSync(join(out, readdirSync(out).find((f) => f.endsWith('.json')) as string), 'utf8')));
  assert.equal(record.options.generation?.promptFile, prompts);
  assert.deepEqual(record.points[0]?.inputShapes['input_ids'], [2, 5]);
});
