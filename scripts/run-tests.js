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
const result = spawnSync(process.execPath, ['--test', '--test-concurrency=1', ...dirs], { stdio: 'inherit' });
process.exit(result.status ?? 1);
