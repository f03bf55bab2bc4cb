#!/usr/bin/env node
// `npm start`: the desktop app when it exists and Electron's binary is installed; until then the CLI.
'use strict';
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const cli = path.join(__dirname, '..', 'bin', 'infermeter.js');
process.stderr.write(
  'infermeter: the desktop window is not built yet; showing this machine from the command line instead.\n' +
    "infermeter: try 'npx infermeter bench' to measure the default built-in model, or 'npx infermeter --help'.\n",
);
const result = spawnSync(process.execPath, [cli, 'hw', ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(result.status ?? 1);
