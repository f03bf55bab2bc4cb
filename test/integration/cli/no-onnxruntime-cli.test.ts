import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { requireGraph } from '../../fixtures/require-graph';
import { sampleRun } from '../../fixtures/sample-run';
import { CLI, REPO_ROOT, runCli } from './run-cli';

// The CLI runs every model in the engine worker: its own process must never load onnxruntime-node (the native
// binding costs start-up time and memory, and a crash in it must take down the worker, not the CLI). The lint rule
// layers/no-onnxruntime (scripts/lint/layers.mjs) keeps it so; this checks the compiled result and real processes.

const HOOK = join(__dirname, '..', '..', 'fixtures', 'report-onnxruntime.js');
const dir = mkdtempSync(join(tmpdir(), 'infermeter-no-ort-'));

type Report = { script: string | null; loaded: string[] };

function reports(reportDir: string): Report[] {
  return readdirSync(reportDir).map((f) => JSON.parse(readFileSync(join(reportDir, f), 'utf8')) as Report);
}

/** Runs the CLI with the hook; returns what the CLI's own process loaded of onnxruntime-node. */
async function cliLoads(name: string, args: string[]): Promise<string[]> {
  const reportDir = join(dir, name);
  mkdirSync(reportDir);
  const env = { NODE_OPTIONS: `--require ${HOOK}`, INFERMETER_TEST_ORT_REPORT: reportDir, INFERMETER_CACHE_DIR: join(dir, 'cache') };
  const r = await runCli(args, env);
  assert.equal(r.code, 0, `${args.join(' ')}: ${r.stderr}`);
  const cli = reports(reportDir).filter((x) => x.script === CLI);
  assert.equal(cli.length, 1, `one report from the CLI process (${reportDir})`);
  return cli[0]?.loaded ?? [];
}

test('the compiled CLI requires no onnxruntime-node; the engine worker does', () => {
  const cli = requireGraph([join(REPO_ROOT, 'dist', 'electron', 'cli', 'main.js')]);
  assert.ok(cli.packages.has('commander'), 'the graph is followed');
  assert.equal(cli.packages.has('onnxruntime-node'), false);
  const worker = requireGraph([join(REPO_ROOT, 'dist', 'electron', 'host', 'engine-worker.js')]);
  assert.equal(worker.packages.has('onnxruntime-node'), true);
});

test('the hook sees onnxruntime-node where a process loads it', () => {
  const reportDir = join(dir, 'control');
  mkdirSync(reportDir);
  const r = spawnSync(process.execPath, ['--require', HOOK, '-e', "require('onnxruntime-node')"], { cwd: REPO_ROOT, env: { ...process.env, INFERMETER_TEST_ORT_REPORT: reportDir } });
  assert.equal(r.status, 0, String(r.stderr));
  const [report] = reports(reportDir);
  assert.ok(report && report.loaded.some((f) => f.endsWith('.node')), `the binding is listed: ${JSON.stringify(report)}`);
});

test('hw, inspect and recommend load no onnxruntime-node in the CLI process (their models and kernels run in the worker)', async () => {
  assert.deepEqual(await cliLoads('hw', ['hw', '--json']), []);
  assert.deepEqual(await cliLoads('inspect', ['inspect', 'builtin:mlp:tiny', '--json']), []);
  // A run from another machine: the recommendation is assembled here, no rates measured.
  const runFile = join(dir, 'run.json');
  writeFileSync(runFile, JSON.stringify(sampleRun([1, 2, 4])));
  assert.deepEqual(await cliLoads('recommend', ['recommend', runFile, '--slo-ms', '50', '--qps', '100', '--json']), []);
});
