#!/usr/bin/env node
// `npm run icons`: renders build/icon.svg (drawn once, the only source of the app's icon) to the PNGs
// electron-builder reads — build/icons/NxN.png for Linux and build/icon.png (1024) from which it makes the macOS
// .icns and the Windows .ico. The PNGs are build outputs (git-ignored), remade by `npm run dist`.
// Usage: node scripts/render-icons.js [OUT_DIR]   (default: build/)
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { Resvg } = require('@resvg/resvg-js');

const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const source = path.join(__dirname, '..', 'build', 'icon.svg');
const outDir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'build'));

function render(svg, size) {
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)' }).render().asPng();
}

let svg;
try {
  svg = fs.readFileSync(source, 'utf8');
} catch (error) {
  process.stderr.write(`render-icons: cannot read ${source}: ${error.message}\n`);
  process.exit(1);
}
fs.mkdirSync(path.join(outDir, 'icons'), { recursive: true });
for (const size of SIZES) fs.writeFileSync(path.join(outDir, 'icons', `${size}x${size}.png`), render(svg, size));
fs.copyFileSync(path.join(outDir, 'icons', '1024x1024.png'), path.join(outDir, 'icon.png'));
process.stdout.write(`render-icons: ${SIZES.length} sizes (${SIZES.join(', ')} px) in ${path.join(outDir, 'icons')}, and ${path.join(outDir, 'icon.png')}\n`);
