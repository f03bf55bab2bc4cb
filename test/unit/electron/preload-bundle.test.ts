import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { buildSync } from 'esbuild';

// The preload runs sandboxed, where `require` knows only 'electron' (and a few built-ins we do not use). Bundle it
// the way scripts/build-preload.js does, then run it with exactly that: a require that refuses everything else.

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) dir = dirname(dir);
  return dir;
}

type Handler = (event: unknown, payload: unknown) => void;
type Api = {
  call(method: string, params: unknown): Promise<unknown>;
  subscribe(listener: (event: unknown) => void): () => void;
};
type Shell = {
  onMenuCommand(listener: (command: unknown) => void): () => void;
  pathForFile(file: { name: string }): string | null;
};

let bundled: string | null = null;

function bundle(): string {
  if (bundled !== null) return bundled;
  const result = buildSync({
    entryPoints: [join(repoRoot(), 'electron', 'preload', 'preload.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    external: ['electron'],
    write: false,
    logLevel: 'silent',
  });
  bundled = result.outputFiles[0]?.text ?? '';
  return bundled;
}

function loadPreload(reply: (channel: string, payload: unknown) => unknown) {
  const code = bundle();
  const invoked: Array<[string, unknown]> = [];
  const handlers = new Map<string, Set<Handler>>();
  const exposed: Record<string, unknown> = {};
  const electron = {
    contextBridge: { exposeInMainWorld: (key: string, api: unknown) => void (exposed[key] = api) },
    ipcRenderer: {
      invoke: async (channel: string, payload?: unknown) => {
        invoked.push([channel, payload]);
        return reply(channel, payload);
      },
      on: (channel: string, handler: Handler) => void (handlers.get(channel) ?? handlers.set(channel, new Set()).get(channel))?.add(handler),
      removeListener: (channel: string, handler: Handler) => void handlers.get(channel)?.delete(handler),
    },
    webUtils: { getPathForFile: (file: { name: string }) => (file.name ? `/dropped/${file.name}` : '') },
  };
  const required: string[] = [];
  const sandboxRequire = (name: string): unknown => {
    required.push(name);
    if (name === 'electron') return electron;
    throw new Error(`module not found: ${name} (a sandboxed preload cannot require it)`);
  };
  const module = { exports: {} };
  new Function('require', 'module', 'exports', code)(sandboxRequire, module, module.exports);
  const emit = (channel: string, payload: unknown) => handlers.get(channel)?.forEach((h) => h({}, payload));
  return { api: exposed['infermeter'] as Api, shell: exposed['infermeterShell'] as Shell, exposed, invoked, handlers, required, emit };
}

test('the bundle needs only electron, and exposes the contract API and the shell extras, nothing else', () => {
  const { exposed, required, api, shell } = loadPreload(() => null);
  assert.deepEqual([...new Set(required)], ['electron']);
  assert.deepEqual(Object.keys(exposed), ['infermeter', 'infermeterShell']);
  assert.deepEqual(Object.keys(api).sort(), ['call', 'subscribe']);
  assert.deepEqual(Object.keys(shell).sort(), ['onMenuCommand', 'pathForFile', 'pickModelFile', 'pickRunFile', 'saveFile']);
  assert.equal(shell.pathForFile({ name: 'm.onnx' }), '/dropped/m.onnx');
  assert.equal(shell.pathForFile({ name: '' }), null);
});

test('unknown methods are refused before anything is sent', async () => {
  const { api, invoked } = loadPreload(() => ({ ok: true, result: null }));
  await assert.rejects(api.call('deleteEverything', {}), { code: 'bad-input', message: 'unknown method "deleteEverything"' });
  await assert.rejects(api.call('constructor', {}), { code: 'bad-input', message: 'unknown method "constructor"' });
  assert.equal(invoked.length, 0);
});

test('a call goes out as { method, params }; the answer is checked against the contract', async () => {
  let answer: unknown = { ok: true, result: { cancelled: true } };
  const { api, invoked } = loadPreload(() => answer);
  assert.deepEqual(await api.call('cancelRun', { runId: 'r1' }), { cancelled: true });
  assert.deepEqual(invoked, [['infermeter:call', { method: 'cancelRun', params: { runId: 'r1' } }]]);
  answer = { ok: false, error: { code: 'bad-input', message: 'r9: no such run; list runs with listRuns' } };
  // Rejected with the error as data, code included (contextBridge would keep only an Error's message).
  await assert.rejects(api.call('getRun', { runId: 'r9' }), { code: 'bad-input', message: 'r9: no such run; list runs with listRuns' });
  answer = { ok: true, result: { cancelled: 'maybe' } };
  await assert.rejects(api.call('cancelRun', { runId: 'r1' }), (e: { code: string; message: string }) => e.code === 'internal' && /cancelRun: the answer is off the contract/.test(e.message));
  answer = 'garbage';
  await assert.rejects(api.call('cancelRun', { runId: 'r1' }), { code: 'internal', message: 'cancelRun: the main process answered off the contract' });
});

test('events are validated on arrival: off-contract ones are dropped; unsubscribe stops delivery', () => {
  const { api, emit, handlers } = loadPreload(() => null);
  const got: unknown[] = [];
  const unsubscribe = api.subscribe((event) => got.push(event));
  emit('infermeter:event', { type: 'history-changed' });
  emit('infermeter:event', { type: 'progress', runId: 'r1', index: 'zero' });
  emit('infermeter:event', { type: 'run-finished', runId: 'r1', finishedAt: '2026-01-01T00:00:00Z' });
  emit('infermeter:event', null);
  assert.deepEqual(got, [{ type: 'history-changed' }, { type: 'run-finished', runId: 'r1', finishedAt: '2026-01-01T00:00:00Z' }]);
  unsubscribe();
  emit('infermeter:event', { type: 'history-changed' });
  assert.equal(got.length, 2);
  assert.equal(handlers.get('infermeter:event')?.size, 0);
});

test('menu commands are validated too', () => {
  const { shell, emit } = loadPreload(() => null);
  const got: unknown[] = [];
  shell.onMenuCommand((command) => got.push(command));
  emit('infermeter:menu', { kind: 'open-model', path: '/m.onnx' });
  emit('infermeter:menu', { kind: 'format-disk' });
  assert.deepEqual(got, [{ kind: 'open-model', path: '/m.onnx' }]);
});
