import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { listPackage } from '@electron/asar';

// The real electron-builder run on this project's electron-builder.yml (`--dir`, the unpacked app), twice:
//  1. with a stand-in Electron distribution (a file holding Electron's fuse wire, since the real binary cannot be
//     downloaded here): what goes into app.asar, what stays unpacked, and the fuses written into the binary;
//  2. with the real Electron distribution where one is installed: the packaged app runs `--smoke-test`.

const repo = join(__dirname, '..', '..', '..', '..');
const root = mkdtempSync(join(tmpdir(), 'infermeter-dist-'));
after(() => rmSync(root, { recursive: true, force: true }));
const BUILD_TIMEOUT_MS = 300_000;

/** Electron's fuse wire (@electron/fuses, wire version 1): a sentinel, version 1, the count, then one byte each. */
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSES = ['RunAsNode', 'EnableCookieEncryption', 'EnableNodeOptionsEnvironmentVariable', 'EnableNodeCliInspectArguments', 'EnableEmbeddedAsarIntegrityValidation', 'OnlyLoadAppFromAsar', 'LoadBrowserProcessSpecificV8Snapshot', 'GrantFileProtocolExtraPrivileges'];

function readFuses(binary: string): Record<string, boolean> {
  const bytes = readFileSync(binary);
  const at = bytes.indexOf(FUSE_SENTINEL) + FUSE_SENTINEL.length;
  assert.ok(at >= FUSE_SENTINEL.length, `no fuse wire in ${binary}`);
  const count = bytes[at + 1] ?? 0;
  return Object.fromEntries(FUSES.slice(0, count).map((name, i) => [name, bytes[at + 2 + i] === 0x31]));
}

function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

/** `electron-builder --dir` for one platform into `out`, from an Electron distribution folder. */
function buildDir(platform: '--linux' | '--win' | '--mac', electronDist: string, out: string): void {
  const icons = spawnSync(process.execPath, [join(repo, 'scripts', 'render-icons.js')], { cwd: repo, encoding: 'utf8' });
  assert.equal(icons.status, 0, icons.stderr);
  const cli = join(repo, 'node_modules', 'electron-builder', 'cli.js');
  const args = [cli, platform, 'dir', '--config', 'electron-builder.yml', '--publish', 'never', `-c.electronDist=${electronDist}`, `-c.directories.output=${out}`];
  const run = spawnSync(process.execPath, args, { cwd: repo, env: cleanEnv(), encoding: 'utf8', timeout: BUILD_TIMEOUT_MS });
  assert.equal(run.status, 0, `electron-builder failed (${run.error?.message ?? ''}):\n${run.stdout}\n${run.stderr}`);
}

function standInElectron(dir: string, version: string): void {
  mkdirSync(dir, { recursive: true });
  // Every fuse starts as Electron ships it ('1' on, '0' off); electron-builder must flip them per the config.
  // Electron's defaults: RunAsNode, NODE_OPTIONS, inspect and file:// privileges on; the rest off.
  const wire = Buffer.concat([Buffer.from('#!/bin/sh\nexit 0\n# '), Buffer.from(FUSE_SENTINEL), Buffer.from([1, 8]), Buffer.from('10110001'), Buffer.from('\n')]);
  writeFileSync(join(dir, 'electron'), wire);
  chmodSync(join(dir, 'electron'), 0o755);
  writeFileSync(join(dir, 'version'), version);
}

const electronVersion = (JSON.parse(readFileSync(join(repo, 'node_modules', 'electron', 'package.json'), 'utf8')) as { version: string }).version;

test('electron-builder --dir packs the compiled app into app.asar, unpacks onnxruntime and burns the fuses', { timeout: BUILD_TIMEOUT_MS + 60_000, skip: process.platform !== 'linux' && 'the stand-in Electron distribution is a Linux layout' }, (t) => {
  const dist = join(root, 'stand-in-electron');
  const out = join(root, 'out-stand-in');
  standInElectron(dist, electronVersion);
  const started = Date.now();
  buildDir('--linux', dist, out);
  t.diagnostic(`electron-builder --linux dir took ${((Date.now() - started) / 1000).toFixed(1)} s`);

  const resources = join(out, 'linux-unpacked', 'resources');
  const inAsar = listPackage(join(resources, 'app.asar'), { isPack: false }).map((p) => p.split('\\').join('/').replace(/^\//, ''));
  const own = inAsar.filter((p) => !p.startsWith('node_modules/'));
  for (const needed of ['package.json', 'dist/electron/main/main.js', 'dist/electron/host/engine-worker.js', 'dist/electron/preload/preload.bundle.js', 'dist/renderer/index.html', 'dist/models/catalog.js', 'data/instances.json']) {
    assert.ok(own.includes(needed), `${needed} in app.asar`);
  }
  const stray = own.filter((p) => /\.(ts|map)$/.test(p) || /^(electron|models|renderer|test|scripts|build|bin|\.ci|dist\/test|dist\/scripts|dist\/electron\/cli|dist\/electron\/server|dist\/renderer\/src)(\/|$)/.test(p));
  assert.deepEqual(stray, [], 'sources, tests, scripts and CLI-only code stay out of the app');
  for (const dep of ['onnxruntime-node', 'zod', 'systeminformation', 'onnx-proto']) assert.ok(inAsar.includes(`node_modules/${dep}/package.json`), `${dep} packed`);
  for (const dev of ['electron', 'vite', 'chart.js', 'typescript', 'electron-builder', 'playwright-core']) assert.ok(!inAsar.includes(`node_modules/${dev}/package.json`), `${dev} not packed`);

  // onnxruntime: this platform's natives on disk beside the archive; no other platform's binaries at all.
  const ortBin = join(resources, 'app.asar.unpacked', 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6');
  for (const arch of ['x64', 'arm64']) {
    for (const file of ['onnxruntime_binding.node', 'libonnxruntime.so.1']) assert.ok(existsSync(join(ortBin, 'linux', arch, file)), `linux/${arch}/${file} unpacked`);
  }
  assert.deepEqual(readdirSync(ortBin), ['linux']);
  assert.ok(!inAsar.some((p) => /onnxruntime-node\/bin\/napi-v6\/(darwin|win32)\//.test(p)), 'no macOS or Windows binaries');

  assert.deepEqual(readFuses(join(out, 'linux-unpacked', 'infermeter')), {
    RunAsNode: false,
    EnableCookieEncryption: true,
    EnableNodeOptionsEnvironmentVariable: false,
    EnableNodeCliInspectArguments: false,
    EnableEmbeddedAsarIntegrityValidation: true,
    OnlyLoadAppFromAsar: true,
    LoadBrowserProcessSpecificV8Snapshot: false,
    GrantFileProtocolExtraPrivileges: false,
  });
});

/** The installed Electron distribution (node_modules/electron/dist with its binary), or why there is none. */
function electronDistribution(): { dir: string; binary: string } | { missing: string } {
  const dir = join(repo, 'node_modules', 'electron', 'dist');
  const pathFile = join(repo, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile) || !existsSync(dir)) return { missing: "Electron's binary is not installed (node_modules/electron/dist is absent: `npm run install:electron` fetches it where GitHub is reachable)" };
  return { dir, binary: join(dir, readFileSync(pathFile, 'utf8').trim()) };
}

const electron = electronDistribution();

test('the packaged app (dist:dir) runs --smoke-test: a real benchmark in its utilityProcess, exit 0', { timeout: BUILD_TIMEOUT_MS + 240_000, skip: 'missing' in electron && electron.missing }, (t) => {
  assert.ok(!('missing' in electron));
  const out = join(root, 'out-real');
  const platform = process.platform === 'win32' ? '--win' : process.platform === 'darwin' ? '--mac' : '--linux';
  buildDir(platform, electron.dir, out);
  const arch = process.arch === 'arm64' ? '-arm64' : '';
  const executable =
    process.platform === 'win32' ? join(out, `win${arch}-unpacked`, 'infermeter.exe')
    : process.platform === 'darwin' ? join(out, `mac${arch}`, 'infermeter.app', 'Contents', 'MacOS', 'infermeter')
    : join(out, `linux${arch}-unpacked`, 'infermeter');
  assert.ok(existsSync(executable), `${executable} built`);
  // Chromium refuses to run as root without --no-sandbox, and needs a display unless told to go headless.
  const switches = process.platform === 'linux' ? [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), ...(process.env['DISPLAY'] ? [] : ['--ozone-platform=headless'])] : [];
  // ELECTRON_RUN_AS_NODE is set on purpose: with the RunAsNode fuse off the binary must ignore it and run the app.
  const env = { ...cleanEnv(), INFERMETER_DATA_DIR: join(root, 'data'), INFERMETER_CACHE_DIR: join(root, 'cache'), ELECTRON_RUN_AS_NODE: '1' };
  const run = spawnSync(executable, [...switches, '--smoke-test'], { env, encoding: 'utf8', timeout: 180_000 });
  t.diagnostic(`packaged app: ${run.stdout.trim()}`);
  assert.equal(run.status, 0, `exit ${String(run.status)}:\n${run.stdout}\n${run.stderr}`);
  assert.match(run.stdout, /^infermeter smoke test: ok: builtin:mlp:tiny batch 1 on cpu, \d+ samples\/s/m);
  assert.ok(readdirSync(join(root, 'data', 'runs')).some((f) => f.endsWith('.json')), 'the run is in the history');
});
