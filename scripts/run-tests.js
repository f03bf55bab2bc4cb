#!/usr/bin/env node
// Runs the compiled tests with Node's own test runner: `node scripts/run-tests.js [unit|integration ...]`.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');
const fs = require('node:fs');

const root = path.join(__dirname, '..', 'dist', 'test');
const suites = process.argv.slice(2);
const dirs = (suites.length ? suites : ['unit', 'integration', 'e2e']).map((s) => path.join(root, s)).filter((d) => fs.existsSync(d));
if (dirs.length === 0) {
  console.error(`no compiled tests under ${root}: run 'npm run build' first`);
  process.exit(1);
}
// One file at a time: the integration tests time real onnxruntime sessions and must not share the two cores.
// Tests never write the user's data directory (run history, this machine's repeat log): one of their own unless set.
const dataDir = process.env.INFERMETER_DATA_DIR || fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'infermeter-test-data-'));
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...dirs], { stdio: 'inherit', env: { ...process.env, INFERMETER_DATA_DIR: dataDir } });
process.exit(result.status ?? 1);
