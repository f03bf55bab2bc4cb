import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { EngineError } from '../../../electron/engine/errors';
import { checkOutputDir, pseudoFilesystem } from '../../../electron/engine/results/output-dir';

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof EngineError && error.code === 'bad-input', String(error));
    return error.message;
  }
  assert.fail('expected a refusal');
}

const LINUX = process.platform !== 'linux' && 'procfs and sysfs are Linux';

test('a missing folder is created level by level, checked with a probe file, and left empty', () => {
  const root = mkdtempSync(join(tmpdir(), 'infermeter-out-'));
  const dir = join(root, 'a', 'b', 'c');
  assert.equal(checkOutputDir(dir), dir);
  assert.ok(statSync(dir).isDirectory());
  assert.deepEqual(readdirSync(dir), [], 'the probe file is removed');
  assert.equal(checkOutputDir(dir), dir, 'an existing folder passes too');
});

test('a file where a folder should be is refused, naming the flag and the file', () => {
  const root = mkdtempSync(join(tmpdir(), 'infermeter-out-'));
  const file = join(root, 'results');
  writeFileSync(file, 'not a folder');
  assert.equal(refusal(() => checkOutputDir(file, '--out')), `--out ${file}: ${file} is a file, not a folder`);
  assert.equal(refusal(() => checkOutputDir(join(file, 'sub'), '--out')), `--out ${join(file, 'sub')}: ${file} is a file, not a folder`);
});

test('pseudo-filesystems are refused at once, even a folder that would have to be made inside one', { skip: LINUX }, () => {
  assert.equal(pseudoFilesystem('/proc'), 'proc');
  assert.equal(pseudoFilesystem('/sys'), 'sysfs');
  assert.equal(pseudoFilesystem(tmpdir()), null);
  const started = Date.now();
  assert.equal(refusal(() => checkOutputDir('/proc', '--out')), '--out /proc: /proc is on the proc pseudo-filesystem, which keeps no files; give a folder on a disk');
  // Node's recursive mkdir never returns here: the check must not try it.
  assert.equal(refusal(() => checkOutputDir('/proc/newdir/deeper', '--out')), '--out /proc/newdir/deeper: /proc is on the proc pseudo-filesystem, which keeps no files; give a folder on a disk');
  assert.match(refusal(() => checkOutputDir('/sys/kernel/x', '-o')), /^-o \/sys\/kernel\/x: \/sys\/kernel is on the sysfs pseudo-filesystem/);
  assert.ok(Date.now() - started < 2000);
});
