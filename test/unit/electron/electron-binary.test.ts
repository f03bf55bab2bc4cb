import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { electronEnv, findElectronBinary, MISSING_BINARY_LINE } from '../../../scripts/electron-binary';

test('the package throwing (binary never downloaded) means missing, with its reason', () => {
  const result = findElectronBinary(() => {
    throw new Error('Electron failed to install correctly, please delete node_modules/electron and try installing again');
  }, () => true);
  assert.deepEqual(result, { found: false, reason: 'Electron failed to install correctly, please delete node_modules/electron and try installing again' });
});

test('a path that is not on disk is missing; one that is, is found', () => {
  const path = '/x/node_modules/electron/dist/electron';
  assert.deepEqual(findElectronBinary(() => path, () => false), { found: false, reason: `${path} does not exist` });
  assert.deepEqual(findElectronBinary(() => path, (p) => p === path), { found: true, path });
  assert.equal(findElectronBinary(() => ({}), () => true).found, false);
  assert.equal(findElectronBinary(() => '', () => true).found, false);
});

test('the real package: found exactly when the path it gives exists (missing here, where no binary was downloaded)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- exactly what scripts/start.js does
  const load = (): unknown => require('electron');
  let expected: boolean;
  try {
    const path = load();
    expected = typeof path === 'string' && existsSync(path);
  } catch {
    expected = false;
  }
  assert.equal(findElectronBinary(load, existsSync).found, expected);
});

test('the fallback message is one line and says how to get the binary', () => {
  assert.doesNotMatch(MISSING_BINARY_LINE, /\n/);
  assert.match(MISSING_BINARY_LINE, /npx electron --version/);
  assert.match(MISSING_BINARY_LINE, /ELECTRON_OVERRIDE_DIST_PATH/);
  assert.match(MISSING_BINARY_LINE, /browser mode/);
});

test('Electron is never started as plain Node', () => {
  const env = electronEnv({ ELECTRON_RUN_AS_NODE: '1', PATH: '/bin' });
  assert.deepEqual(env, { PATH: '/bin' });
});
