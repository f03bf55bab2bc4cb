#!/usr/bin/env node
// `npm start` (after the build): the desktop app where Electron's binary is installed or can be downloaded now,
// else browser mode.
'use strict';
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { findElectronBinary, missingBinaryLine, electronEnv, downloadWanted, downloadElectronBinary } = require('../dist/scripts/electron-binary.js');

const root = path.join(__dirname, '..');

/** Runs a child in our process group; signals sent to this process alone are passed on, and its exit is ours. */
function run(command, args, env) {
  const child = spawn(command, args, { stdio: 'inherit', env, cwd: root });
  const forward = (signal) => {
    // A Ctrl-C typed in a terminal already reached the child (same process group): a second one would cut its
    // orderly stop short. Forward only what was sent to this process alone.
    if (signal === 'SIGINT' && process.stdin.isTTY) return;
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => forward(signal));
  child.on('error', (error) => {
    process.stderr.write(`infermeter: could not start ${command}: ${error.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? 128 + (os.constants.signals[signal] ?? 0)));
}

const findBinary = () => {
  delete require.cache[require.resolve('electron')];
  return findElectronBinary(() => require('electron'), fs.existsSync);
};

async function main() {
  let binary = findBinary();
  // Install scripts do not run (.npmrc): the binary is fetched here, the first time the app is started.
  if (!binary.found && downloadWanted(process.env)) {
    process.stderr.write("infermeter: Electron's binary is not installed; downloading it once (about 100 MB)...\n");
    const download = await downloadElectronBinary(require.resolve('electron/install.js'));
    binary = download.ok ? findBinary() : { found: false, reason: `download failed: ${download.reason}` };
  } else if (!binary.found) {
    binary = { found: false, reason: 'ELECTRON_SKIP_BINARY_DOWNLOAD is set' };
  }
  if (binary.found) {
    run(binary.path, [root, ...process.argv.slice(2)], electronEnv(process.env));
  } else {
    process.stderr.write(`${missingBinaryLine(binary.reason)}\n`);
    run(process.execPath, [path.join(root, 'bin', 'infermeter.js'), 'serve', ...process.argv.slice(2)], process.env);
  }
}

main();
