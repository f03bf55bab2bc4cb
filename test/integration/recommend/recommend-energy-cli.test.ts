import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recommendationSchema } from '../../../electron/contract/recommend';
import { runRecordSchema } from '../../../electron/contract/run';
import { QUICK, runCli } from '../cli/run-cli';

const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
const env = { INFERMETER_CACHE_DIR: join(dir, 'cache') };

test('recommend --rank-by energy on a real run: this machine\'s measured J/inference or why not (then cost), instances by projected energy; a bad value is one line, exit 2', async () => {
  const out = join(dir, 'runs');
  const bench = await runCli(['bench', 'builtin:mlp:tiny', '--ep', 'cpu', '--batch', '1,4', '--out', out, ...QUICK], env);
  assert.ok(bench.code === 0 || bench.code === 3, `bench exited ${bench.code}: ${bench.stderr}`);
  const json = readdirSync(out).find((f) => f.endsWith('.json'));
  assert.ok(json, 'no run file');
  const runFile = join(out, json);
  const run = runRecordSchema.parse(JSON.parse(readFileSync(runFile, 'utf8')));
  const measuredHere = run.points.some((p) => p.verdict !== 'failed' && p.stats.p99Ms <= 1000 && p.telemetry?.cpuEnergy.available === true);

  const text = await runCli(['recommend', runFile, '--slo-ms', '1000', '--qps', '100', '--rank-by', 'energy'], env);
  assert.equal(text.code, 0, text.stderr);
  if (measuredHere) assert.match(text.stdout, /^This machine by energy: batch \d+ on fp32\/cpu, MEASURED [\d.e+-]+ J\/inference/m);
  else assert.match(text.stdout, /^This machine by energy: not available — CPU package energy: .+; ranked by cost instead: batch \d+ on fp32\/cpu/m);
  assert.match(text.stdout, /^Instances by PROJECTED energy to serve 100 QPS/m);
  assert.match(text.stdout, /g5\.xlarge .*not ranked: no TDP in the catalog/);
  assert.match(text.stdout, /^Energy method: .*TDP/m);

  const asJson = await runCli(['recommend', runFile, '--slo-ms', '1000', '--qps', '100', '--rank-by', 'energy', '--json'], env);
  assert.equal(asJson.code, 0, asJson.stderr);
  const rec = recommendationSchema.parse(JSON.parse(asJson.stdout));
  assert.equal(rec.energy?.local.available, measuredHere);
  assert.equal(rec.energy?.instances.length, rec.instances.length);

  const byCost = await runCli(['recommend', runFile, '--slo-ms', '1000', '--qps', '100', '--json'], env);
  assert.equal(recommendationSchema.parse(JSON.parse(byCost.stdout)).energy, undefined, 'rank by cost (the default) adds no energy ranking');

  const bad = await runCli(['recommend', runFile, '--slo-ms', '1000', '--qps', '100', '--rank-by', 'foo'], env);
  assert.equal(bad.code, 2);
  assert.equal(bad.stderr.trim().split('\n').length, 1, bad.stderr);
  assert.match(bad.stderr, /--rank-by foo: expected cost or energy/);
});
