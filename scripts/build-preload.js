#!/usr/bin/env node
// Bundles the compiled preload with its imports (zod, the contract): a sandboxed preload can require only
// 'electron' and a few Node built-ins, so everything else must be inside the one file.
'use strict';
const path = require('node:path');
const esbuild = require('esbuild');

const dir = path.join(__dirname, '..', 'dist', 'electron', 'preload');
esbuild.buildSync({
  entryPoints: [path.join(dir, 'preload.js')],
  outfile: path.join(dir, 'preload.bundle.js'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  sourcemap: true,
  logLevel: 'warning',
});
