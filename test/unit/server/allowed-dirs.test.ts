import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EngineError } from '../../../electron/engine/errors';
import { AllowedDirs, realPathOf } from '../../../electron/server/allowed-dirs';

const root = realpathSync(mkdtempSync(join(tmpdir(), 'infermeter-')));
mkdirSync(join(root, 'in', 'sub'), { recursive: true });
mkdirSync(join(root, 'inside-out'));
writeFileSync(join(root, 'in', 'm.onnx'), 'x');
symlinkSync(join(root, 'inside-out'), join(root, 'in', 'out-link'));
symlinkSync(join(root, 'in', 'sub'), join(root, 'alias'));

test('realPathOf resolves symlinks, also for paths that do not exist yet', () => {
  assert.equal(realPathOf(join(root, 'in', 'out-link', 'new', 'file.onnx')), join(root, 'inside-out', 'new', 'file.onnx'));
  assert.equal(realPathOf(join(root, 'in', 'sub', '..', 'm.onnx')), join(root, 'in', 'm.onnx'));
  assert.equal(realPathOf(join(root, 'alias', 'x.onnx')), join(root, 'in', 'sub', 'x.onnx'));
});

test('only paths really inside an allowed folder pass; look-alike prefixes do not', () => {
  const dirs = new AllowedDirs([join(root, 'in'), join(root, 'in')]);
  assert.deepEqual(dirs.dirs, [join(root, 'in')]);
  assert.equal(dirs.check('model', join(root, 'in', 'm.onnx')), join(root, 'in', 'm.onnx'));
  assert.equal(dirs.check('out', join(root, 'alias', 'new.onnx')), join(root, 'in', 'sub', 'new.onnx'), 'a link from outside into the folder is inside');
  assert.equal(dirs.check('folder', join(root, 'in')), join(root, 'in'));
  for (const file of [join(root, 'inside-out', 'm.onnx'), join(root, 'in', 'out-link', 'm.onnx'), join(root, 'in', '..', 'x'), `${join(root, 'in')}-evil/m.onnx`, root]) {
    assert.throws(() => dirs.check('model', file), (e) => e instanceof EngineError && e.code === 'bad-input' && /^model .*: outside the folders this server may use/.test(e.message), file);
  }
});

test('an --allow-dir that is missing or a file is one clear error', () => {
  assert.throws(() => new AllowedDirs([join(root, 'nope')]), /^Error: --allow-dir .*nope: no such folder \(ENOENT\)$|--allow-dir .*nope: no such folder \(ENOENT\)/);
  assert.throws(() => new AllowedDirs([join(root, 'in', 'm.onnx')]), /--allow-dir .*m\.onnx: not a folder/);
});
