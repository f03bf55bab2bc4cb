import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { inflateSync } from 'node:zlib';

// `npm run icons` renders build/icon.svg to the PNG sizes electron-builder reads; checked from the PNG bytes.

const repo = join(__dirname, '..', '..', '..', '..');
const SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];

type Png = { width: number; height: number; colorType: number; pixels: Buffer };

/** Width, height, colour type and the unfiltered scanlines' bytes of a non-interlaced 8-bit PNG. */
function readPng(file: string): Png {
  const bytes = readFileSync(file);
  assert.equal(bytes.subarray(0, 8).toString('hex'), '89504e470d0a1a0a', `${file} is a PNG`);
  let offset = 8;
  const data: Buffer[] = [];
  let header: { width: number; height: number; colorType: number } | null = null;
  while (offset < bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.subarray(offset + 4, offset + 8).toString('latin1');
    const body = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') header = { width: body.readUInt32BE(0), height: body.readUInt32BE(4), colorType: body[9] ?? -1 };
    if (type === 'IDAT') data.push(body);
    offset += 12 + length;
  }
  assert.ok(header, `${file} has an IHDR`);
  return { ...header, pixels: inflateSync(Buffer.concat(data)) };
}

test('npm run icons renders every size from the SVG, square, with transparency, and not blank', () => {
  const out = mkdtempSync(join(tmpdir(), 'infermeter-icons-'));
  try {
    const run = spawnSync(process.execPath, [join(repo, 'scripts', 'render-icons.js'), out], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    for (const size of SIZES) {
      const png = readPng(join(out, 'icons', `${size}x${size}.png`));
      assert.deepEqual([png.width, png.height], [size, size]);
      assert.equal(png.colorType, 6, 'RGBA: the rounded corners stay transparent');
      // Filtered scanlines: a blank or single-colour render compresses to almost nothing and has one byte value.
      assert.ok(new Set(png.pixels).size > 16, `${size}px has content`);
    }
    assert.deepEqual(readFileSync(join(out, 'icon.png')), readFileSync(join(out, 'icons', '1024x1024.png')));
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
