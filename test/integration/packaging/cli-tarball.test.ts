import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { after, test } from 'node:test';
import { requireGraph } from '../../fixtures/require-graph';

// The CLI as a user gets it: `npm pack` of this (built) checkout, `npm install -g` of the tarball into a fresh
// prefix, then the installed `infermeter` runs hw, inspect, bench and serve. Dependencies come from the registry
// (or npm's cache): --prefer-offline, bounded in time. Nothing is read from this checkout's node_modules.

const repo = join(__dirname, '..', '..', '..', '..');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string; dependencies: Record<string, string>; devDependencies: Record<string, string> };
const root = mkdtempSync(join(tmpdir(), 'infermeter-pack-'));
const prefix = join(root, 'prefix');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const INSTALL_TIMEOUT_MS = 300_000;
after(() => rmSync(root, { recursive: true, force: true }));

/** The environment of a fresh shell: none of the npm_* variables `npm test` sets for its scripts. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  // onnxruntime-node's install step would fetch the CUDA provider from NuGet on linux/x64 (the tarball cannot carry
  // our .npmrc): the README tells users the same. INFERMETER_DEBUG would echo the worker's stderr.
  return { ...env, ONNXRUNTIME_NODE_INSTALL: 'skip', INFERMETER_DEBUG: '', INFERMETER_CACHE_DIR: join(root, 'cache'), INFERMETER_DATA_DIR: join(root, 'data'), ...extra };
}

const binDir = process.platform === 'win32' ? prefix : join(prefix, 'bin');
const installedDir = process.platform === 'win32' ? join(prefix, 'node_modules', 'infermeter') : join(prefix, 'lib', 'node_modules', 'infermeter');
const infermeter = join(binDir, process.platform === 'win32' ? 'infermeter.cmd' : 'infermeter');

function run(args: string[], timeout = 120_000) {
  const result = spawnSync(infermeter, args, { env: cleanEnv(), encoding: 'utf8', timeout, cwd: root, shell: process.platform === 'win32' });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

let packed = false;

test('npm pack makes a small tarball of the compiled CLI, the renderer and the catalog only', { timeout: 120_000 }, (t) => {
  const out = spawnSync(npm, ['pack', '--json', '--pack-destination', root], { cwd: repo, env: cleanEnv(), encoding: 'utf8', timeout: 120_000, shell: process.platform === 'win32' });
  assert.equal(out.status, 0, out.stderr);
  const [info] = JSON.parse(out.stdout) as Array<{ filename: string; size: number; unpackedSize: number; files: Array<{ path: string }> }>;
  assert.ok(info);
  assert.equal(info.filename, `infermeter-${pkg.version}.tgz`);
  const files = info.files.map((f) => f.path);
  t.diagnostic(`tarball ${info.filename}: ${(info.size / 1024).toFixed(0)} KiB packed, ${(info.unpackedSize / 1024).toFixed(0)} KiB unpacked, ${files.length} files`);
  for (const needed of ['bin/infermeter.js', 'dist/electron/cli/main.js', 'dist/electron/host/engine-worker.js', 'dist/models/catalog.js', 'dist/renderer/index.html', 'data/instances.json', 'README.md']) {
    assert.ok(files.includes(needed), `${needed} is in the tarball`);
  }
  const stray = files.filter((f) => /^(electron|models|renderer\/src|test|scripts|dist\/test|dist\/scripts|dist\/electron\/preload|node_modules|build)\//.test(f) || f.endsWith('.ts') || f.endsWith('.map'));
  assert.deepEqual(stray, [], 'no sources, tests, scripts, maps or Electron-only code');
  assert.ok(info.size < 2 * 1024 * 1024, `${info.size} bytes: the CLI tarball stays small`);
  // Every file the CLI and its engine worker can load (lazy requires included) is in the tarball, and every
  // package they name is a production dependency: nothing at run time needs a devDependency or Electron.
  const graph = requireGraph([join(repo, 'bin', 'infermeter.js'), join(repo, 'dist', 'electron', 'host', 'engine-worker.js')]);
  const missing = [...graph.files].map((f) => relative(repo, f).split('\\').join('/')).filter((f) => !files.includes(f));
  assert.deepEqual(missing, [], 'files the CLI loads but the tarball lacks');
  assert.deepEqual([...graph.packages].filter((p) => !(p in pkg.dependencies)), [], 'packages the CLI loads that are not dependencies');
  packed = true;
});

test('npm install -g of the tarball gives a working infermeter without Electron or dev dependencies', { timeout: INSTALL_TIMEOUT_MS + 240_000 }, async (t) => {
  assert.ok(packed, 'the pack test ran first');
  mkdirSync(prefix, { recursive: true });
  const tarball = join(root, `infermeter-${pkg.version}.tgz`);
  const started = Date.now();
  const install = spawnSync(npm, ['install', '-g', '--prefix', prefix, '--prefer-offline', '--no-audit', '--no-fund', '--loglevel', 'error', tarball], {
    cwd: root, env: cleanEnv(), encoding: 'utf8', timeout: INSTALL_TIMEOUT_MS, shell: process.platform === 'win32',
  });
  assert.equal(install.status, 0, `npm install -g failed (${install.error?.message ?? ''}): ${install.stderr}`);
  t.diagnostic(`npm install -g --prefer-offline took ${((Date.now() - started) / 1000).toFixed(1)} s`);

  // Only production dependencies: no Electron (nor its binary download), no build or test tooling.
  // (@types/* packages are left out of the check: some production dependencies declare them as their own.)
  const devInstalled = Object.keys(pkg.devDependencies).filter((dev) => !dev.startsWith('@types/') && existsSync(join(installedDir, 'node_modules', dev)));
  assert.deepEqual(devInstalled, [], 'no devDependency installed');
  assert.ok(!existsSync(join(installedDir, 'node_modules', 'electron')), 'no Electron package, so no binary download');
  for (const dep of Object.keys(pkg.dependencies)) assert.ok(existsSync(join(installedDir, 'node_modules', dep, 'package.json')), `${dep} installed`);
  assert.ok(existsSync(infermeter), `${infermeter} is on the prefix's bin`);

  const hw = run(['hw', '--json']);
  assert.equal(hw.code, 0, hw.stderr);
  const report = JSON.parse(hw.stdout) as { software: { onnxruntime: string; app: string }; providers: Array<{ id: string; status: string }> };
  assert.equal(report.software.app, pkg.version);
  assert.match(report.software.onnxruntime, /^\d+\.\d+\.\d+/);
  assert.equal(report.providers.find((p) => p.id === 'cpu')?.status, 'available', 'a real CPU session ran from the installed package');

  const inspect = run(['inspect', 'builtin:mlp:tiny', '--json']);
  assert.equal(inspect.code, 0, inspect.stderr);
  assert.ok((JSON.parse(inspect.stdout) as { inputs: unknown[] }).inputs.length > 0);
  assert.ok(existsSync(join(root, 'cache')), 'the built-in model was built into the cache directory');

  const quick = ['--warmup', '2', '--warmup-ms', '0', '--min-iterations', '10', '--min-time-ms', '50', '--max-time-ms', '300', '--quiet'];
  const bench = run(['bench', 'builtin:mlp:tiny', '--batch', '1', '--ep', 'cpu', '--json', '--out', join(root, 'results'), ...quick]);
  assert.equal(bench.code === 0 || bench.code === 3, true, `bench exit ${String(bench.code)}: ${bench.stderr}`);
  const record = JSON.parse(bench.stdout) as { points: Array<{ verdict: string; stats?: { throughput: number } }> };
  assert.equal(record.points.length, 1);
  assert.ok((record.points[0]?.stats?.throughput ?? 0) > 0, 'a measured throughput');
  assert.ok(readdirSync(join(root, 'results')).some((f) => f.endsWith('.csv')));

  await checkServe(t);
});

async function checkServe(t: { diagnostic(message: string): void }): Promise<void> {
  const child = spawn(infermeter, ['serve', '--no-open', '--port', '0'], { env: cleanEnv(), stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  try {
    const url = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve printed no URL in 30 s: ${stderr}`)), 30_000);
      child.stdout.on('data', (c: Buffer) => {
        stdout += c.toString();
        const line = stdout.split('\n')[0];
        if (stdout.includes('\n') && line) {
          clearTimeout(timer);
          resolve(line);
        }
      });
      void exited.then(() => reject(new Error(`serve exited: ${stderr}`)));
    });
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=/);
    const page = await fetch(url);
    assert.equal(page.status, 200);
    const html = await page.text();
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
    assert.ok(script, 'the page loads the bundled renderer');
    const asset = new URL(script, url);
    asset.search = new URL(url).search;
    assert.equal((await fetch(asset)).status, 200, 'the renderer bundle is served from the installed package');
    t.diagnostic(`serve answered at ${url.replace(/token=.*/, 'token=…')}`);
  } finally {
    child.kill('SIGINT');
    await exited;
  }
}
