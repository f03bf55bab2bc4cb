import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  downloadElectronBinary, downloadFailureReason, downloadWanted, electronEnv, findElectronBinary, INSTALL_ELECTRON_COMMAND, missingBinaryLine,
} from '../../../scripts/electron-binary';

const repo = join(__dirname, '..', '..', '..', '..');
const packageJson = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { scripts: Record<string, string> };

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

test('the fallback message is one line, gives the reason and says how to get the binary', () => {
  const line = missingBinaryLine('download failed: RequestError: getaddrinfo ENOTFOUND github.com');
  assert.doesNotMatch(line, /\n/);
  assert.match(line, /getaddrinfo ENOTFOUND github\.com/);
  assert.ok(line.includes(INSTALL_ELECTRON_COMMAND));
  assert.match(line, /ELECTRON_OVERRIDE_DIST_PATH/);
  assert.match(line, /browser mode/);
  const script = INSTALL_ELECTRON_COMMAND.replace('npm run ', '');
  assert.ok(script in packageJson.scripts, `package.json has no script ${script}`);
});

test('the download is skipped only where the user set ELECTRON_SKIP_BINARY_DOWNLOAD', () => {
  assert.equal(downloadWanted({}), true);
  assert.equal(downloadWanted({ ELECTRON_SKIP_BINARY_DOWNLOAD: '1' }), false);
  assert.equal(downloadWanted({ ELECTRON_SKIP_BINARY_DOWNLOAD: '' }), true);
});

test("the failure reason is the install step's error line, not its stack", () => {
  const stderr = 'RequestError: getaddrinfo ENOTFOUND github.com\n    at ClientRequest.<anonymous> (/x/got/index.js:970:111)\n';
  assert.equal(downloadFailureReason(stderr, 1), 'RequestError: getaddrinfo ENOTFOUND github.com');
  assert.equal(downloadFailureReason('', 7), 'the download step exited with code 7');
});

const dir = mkdtempSync(join(tmpdir(), 'infermeter-electron-'));
function installScript(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, body);
  return path;
}

test('a real install step that fails offline: the download reports its first error line', async () => {
  const script = installScript('offline.js', "console.error('RequestError: getaddrinfo ENOTFOUND github.com\\n    at x (y.js:1:1)'); process.exit(1);");
  assert.deepEqual(await downloadElectronBinary(script, 10_000), { ok: false, reason: 'RequestError: getaddrinfo ENOTFOUND github.com' });
});

test('a download that never answers is stopped at the timeout', async () => {
  const script = installScript('hang.js', 'setInterval(() => {}, 1000);');
  const started = Date.now();
  const result = await downloadElectronBinary(script, 300);
  assert.deepEqual(result, { ok: false, reason: 'no download within 0 s' });
  assert.ok(Date.now() - started < 5_000);
});

test('the install step runs without ELECTRON_SKIP_BINARY_DOWNLOAD, and its success is reported', async () => {
  const script = installScript('ok.js', 'process.exit(process.env.ELECTRON_SKIP_BINARY_DOWNLOAD ? 5 : 0);');
  process.env.ELECTRON_SKIP_BINARY_DOWNLOAD = '1';
  try {
    assert.deepEqual(await downloadElectronBinary(script, 10_000), { ok: true });
  } finally {
    delete process.env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  }
});

test('Electron is never started as plain Node', () => {
  const env = electronEnv({ ELECTRON_RUN_AS_NODE: '1', PATH: '/bin' });
  assert.deepEqual(env, { PATH: '/bin' });
});
