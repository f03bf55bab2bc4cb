#!/usr/bin/env node
// `npm run install:electron`: downloads Electron's binary (install scripts do not run, see .npmrc). `npm start` does
// the same on first use; this is the explicit step, e.g. before `npm test` runs the Electron target.
'use strict';
const { downloadElectronBinary, findElectronBinary } = require('../dist/scripts/electron-binary.js');
const fs = require('node:fs');

async function main() {
  const existing = findElectronBinary(() => require('electron'), fs.existsSync);
  if (existing.found) {
    process.stdout.write(`Electron's binary is installed: ${existing.path}\n`);
    return;
  }
  process.stdout.write("Downloading Electron's binary (about 100 MB)...\n");
  const result = await downloadElectronBinary(require.resolve('electron/install.js'));
  if (!result.ok) {
    process.stderr.write(`infermeter: could not download Electron's binary: ${result.reason}\n`);
    process.exit(1);
  }
  delete require.cache[require.resolve('electron')];
  const binary = findElectronBinary(() => require('electron'), fs.existsSync);
  if (!binary.found) {
    process.stderr.write(`infermeter: Electron's install step ended but the binary is missing: ${binary.reason}\n`);
    process.exit(1);
  }
  process.stdout.write(`Electron's binary is installed: ${binary.path}\n`);
}

main();
