import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { TestClient } from './ws-client';

// Compiled, the test runs the real bin entry; under tsx (while developing), the CLI's source.
const fromSource = __filename.endsWith('.ts');
const repo = join(__dirname, ...(fromSource ? ['..', '..', '..'] : ['..', '..', '..', '..']));
const entry = fromSource ? ['--import', 'tsx', join(repo, 'electron', 'cli', 'main.ts')] : [join(repo, 'bin', 'infermeter.js')];

function serve(args: string[], env: Record<string, string>) {
  const child = spawn(process.execPath, [...entry, 'serve', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on('data', () => {
      const line = stdout.split('\n')[0];
      if (stdout.includes('\n') && line) resolve(line);
    });
    void exited.then(() => reject(new Error(`serve exited: ${stderr}`)));
  });
  url.catch(() => undefined); // a run that is expected to fail never prints a URL
  return { child, url, exited };
}

test('infermeter serve prints a token URL, serves the contract, and stops cleanly on Ctrl-C', async () => {
  const root = mkdtempSync(join(tmpdir(), 'infermeter-'));
  try {
    const run = serve(['--no-open', '--port', '0'], { INFERMETER_DATA_DIR: join(root, 'data'), INFERMETER_CACHE_DIR: join(root, 'cache') });
    const url = await run.url;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{32}$/);
    assert.equal((await fetch(url)).status, 200);
    assert.equal((await fetch(url.replace(/token=.*/, 'token=nope'))).status, 403);
    const client = await TestClient.connect(url.replace('http://', 'ws://').replace('/?', '/ws?'));
    const builtins = (await client.call('listBuiltins', {})) as { name: string }[];
    assert.ok(builtins.some((b) => b.name === 'mlp'));
    assert.deepEqual(await client.call('listRuns', {}), []);
    client.close();
    run.child.kill('SIGINT');
    const end = await run.exited;
    assert.equal(end.code, 0, end.stderr);
    assert.match(end.stderr, /stopping/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

test('serve refuses a bad port and warns when bound beyond loopback', async () => {
  const bad = await serve(['--no-open', '--port', 'eighty'], {}).exited;
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /^infermeter: --port eighty: give a port number 0 to 65535/m);
  const wide = serve(['--no-open', '--port', '0', '--host', '0.0.0.0'], { INFERMETER_DATA_DIR: tmpdir() });
  await wide.url;
  wide.child.kill('SIGINT');
  const end = await wide.exited;
  assert.equal(end.code, 0);
  assert.match(end.stderr, /warning: --host 0\.0\.0\.0 is not loopback/);
});

test('serve --allow-dir: a missing folder is refused before listening; the allowed folders are printed and enforced', async () => {
  const root = mkdtempSync(join(tmpdir(), 'infermeter-'));
  try {
    const missing = await serve(['--no-open', '--allow-dir', join(root, 'nope')], {}).exited;
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^infermeter: --allow-dir .*nope: no such folder \(ENOENT\)$/m);
    const run = serve(['--no-open', '--allow-dir', root, '--allow-dir', tmpdir()], { INFERMETER_DATA_DIR: join(root, 'data'), INFERMETER_CACHE_DIR: join(root, 'cache') });
    const url = await run.url;
    const client = await TestClient.connect(url.replace('http://', 'ws://').replace('/?', '/ws?'));
    const outside = await client.raw('inspectModel', { model: '/etc/hostname' });
    assert.match(!outside.ok ? outside.error.message : '', /^inspectModel: model \/etc\/hostname: outside the folders this server may use/);
    client.close();
    run.child.kill('SIGINT');
    const end = await run.exited;
    assert.equal(end.code, 0);
    assert.match(end.stderr, /model files and conversion outputs are limited to: .*infermeter-/);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
