import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';

// `infermeter --smoke-test` through the real main.ts, AppService, EngineHost and engine worker with a real
// onnxruntime session. Only Electron is a stand-in (its binary is not installed here): its utilityProcess.fork is
// bridged to child_process.fork of the same worker file, which speaks the same protocol (worker-port.ts).

const root = mkdtempSync(join(tmpdir(), 'infermeter-smoke-'));
process.env['INFERMETER_DATA_DIR'] = join(root, 'data');
process.env['INFERMETER_CACHE_DIR'] = join(root, 'cache');
after(() => rmSync(root, { recursive: true, force: true }));

const rec = { forked: [] as string[], windows: 0, lockAsked: false, exitCode: null as number | null };
let exited: (code: number) => void = () => undefined;
const exit = new Promise<number>((resolve) => (exited = resolve));

function fakeUtilityFork(modulePath: string, args: string[]) {
  rec.forked.push(modulePath);
  const child = fork(modulePath, args, { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
  const proxy = Object.assign(new EventEmitter(), {
    pid: child.pid,
    stderr: child.stderr,
    postMessage: (message: unknown) => void child.send(message as object),
    kill: () => child.kill('SIGKILL'),
  });
  child.on('message', (message) => proxy.emit('message', message));
  child.on('exit', (code) => proxy.emit('exit', code ?? 1));
  return proxy;
}

const fakeElectron = {
  app: {
    isPackaged: true,
    requestSingleInstanceLock: () => ((rec.lockAsked = true), true),
    enableSandbox: () => undefined,
    on: () => undefined,
    whenReady: () => Promise.resolve(),
    getPath: () => join(root, 'userData'),
    getAppPath: () => root,
    quit: () => undefined,
    exit: (code: number) => exited(code),
  },
  BrowserWindow: class {
    constructor() {
      rec.windows++;
    }
  },
  protocol: { registerSchemesAsPrivileged: () => undefined, handle: () => undefined },
  session: { defaultSession: { webRequest: { onHeadersReceived: () => undefined }, setPermissionRequestHandler: () => undefined, setPermissionCheckHandler: () => undefined } },
  ipcMain: { handle: () => assert.fail('the smoke test registers no IPC'), removeHandler: () => undefined },
  Menu: { buildFromTemplate: () => [], setApplicationMenu: () => undefined },
  dialog: {},
  utilityProcess: { fork: fakeUtilityFork },
};

const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
const originalLoad = loader._load;
loader._load = (request, parent, isMain) => (request === 'electron' ? fakeElectron : originalLoad(request, parent, isMain));

test('--smoke-test measures builtin:mlp:tiny in the engine worker, prints one line and exits 0, without a window', { timeout: 180_000 }, async (t) => {
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    if (String(chunk).startsWith('infermeter smoke test')) {
      lines.push(String(chunk));
      return true;
    }
    return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
  process.argv.push('--smoke-test');
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require('../../../electron/main/main');
    const code = await exit;
    assert.equal(code, 0, lines.join(''));
  } finally {
    process.stdout.write = write;
    process.argv.pop();
  }
  assert.equal(lines.length, 1);
  const line = lines[0] ?? '';
  t.diagnostic(line.trim());
  assert.match(line, /^infermeter smoke test: ok: builtin:mlp:tiny batch 1 on cpu, \d+ samples\/s, p50 \d+\.\d{3} ms over \d+ iterations \((valid|unstable); onnxruntime \d+\.\d+\.\d+\); history in .+\n$/);
  assert.equal(rec.windows, 0, 'no window');
  assert.equal(rec.lockAsked, false, 'a smoke test does not hand over to a running instance');
  assert.deepEqual(rec.forked.map((p) => p.split(/[\\/]/).slice(-2).join('/')), ['host/engine-worker.js']);
  // The model was built into the cache directory and the run recorded in the data directory's history.
  assert.ok(existsSync(join(root, 'cache')), 'built-in model cached');
  const runs = readdirSync(join(root, 'data', 'runs'));
  assert.ok(runs.some((f) => f.endsWith('.json')), `a run in the history: ${runs.join(', ')}`);
  assert.ok(line.includes(join(root, 'data', 'runs')));
});
