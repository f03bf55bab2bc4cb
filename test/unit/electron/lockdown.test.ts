import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

// Each security setting of the Electron shell, checked on the real window, protocol, session and IPC modules
// against a recording stand-in for Electron (its binary is not installed here). main-wiring.test.ts checks that
// main.ts wires these together; this file tries each way around them.

type Listener = (...args: unknown[]) => unknown;
const rec = {
  windows: [] as FakeWindow[],
  protocolHandler: null as null | ((request: Request) => Promise<Response>),
  permissionRequest: null as null | Listener,
  permissionCheck: null as null | Listener,
  headers: null as null | Listener,
  ipc: new Map<string, Listener>(),
  opened: [] as string[],
  dialogs: 0,
};

class FakeContents extends EventEmitter {
  url = 'app://infermeter/index.html';
  sent: Array<[string, unknown]> = [];
  openHandler: null | ((details: { url: string }) => unknown) = null;
  getURL = () => this.url;
  send = (channel: string, payload: unknown) => void this.sent.push([channel, payload]);
  getZoomFactor = () => 1;
  setWindowOpenHandler = (handler: (details: { url: string }) => unknown) => void (this.openHandler = handler);
}

class FakeWindow extends EventEmitter {
  webContents = new FakeContents();
  loaded: string | null = null;
  constructor(readonly options: Record<string, unknown>) {
    super();
    rec.windows.push(this);
  }
  loadURL = async (url: string) => void (this.loaded = url);
  maximize = () => undefined;
  show = () => undefined;
  isDestroyed = () => false;
  isMaximized = () => false;
  getNormalBounds = () => ({ x: 0, y: 0, width: 800, height: 600 });
  setBackgroundColor = () => undefined;
}

const fakeElectron = {
  BrowserWindow: FakeWindow,
  protocol: { handle: (_scheme: string, handler: (request: Request) => Promise<Response>) => void (rec.protocolHandler = handler), registerSchemesAsPrivileged: () => undefined },
  session: {
    defaultSession: {
      webRequest: { onHeadersReceived: (handler: Listener) => void (rec.headers = handler) },
      setPermissionRequestHandler: (handler: Listener) => void (rec.permissionRequest = handler),
      setPermissionCheckHandler: (handler: Listener) => void (rec.permissionCheck = handler),
    },
  },
  ipcMain: { handle: (channel: string, handler: Listener) => void rec.ipc.set(channel, handler), removeHandler: (channel: string) => void rec.ipc.delete(channel) },
  nativeTheme: { shouldUseDarkColors: false, on: () => undefined, off: () => undefined },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  shell: { openExternal: async (url: string) => void rec.opened.push(url) },
  dialog: {
    showOpenDialog: async () => {
      rec.dialogs += 1;
      return { canceled: true, filePaths: [] };
    },
    showSaveDialog: async () => {
      rec.dialogs += 1;
      return { canceled: true };
    },
  },
};

const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
const originalLoad = loader._load;
loader._load = (request, parent, isMain) => (request === 'electron' ? fakeElectron : originalLoad(request, parent, isMain));

/* eslint-disable @typescript-eslint/no-require-imports -- loaded after the hook above, so they get the fake */
const { createMainWindow, blockNavigation } = require('../../../electron/main/window') as typeof import('../../../electron/main/window');
const { serveRenderer, lockDownSession } = require('../../../electron/main/protocol') as typeof import('../../../electron/main/protocol');
const { registerIpc } = require('../../../electron/main/ipc') as typeof import('../../../electron/main/ipc');
const { contentSecurityPolicy } = require('../../../electron/main/csp') as typeof import('../../../electron/main/csp');
/* eslint-enable @typescript-eslint/no-require-imports */

const settings = { window: { width: 1000, height: 700, maximized: false }, zoomFactor: 1 } as Parameters<typeof createMainWindow>[0]['settings'];

test('the window: context isolation, sandbox, no Node in page or workers, web security, no webview, app:// only', () => {
  const win = createMainWindow({ settings, preloadPath: '/app/preload.bundle.js', onClose: () => undefined }) as unknown as FakeWindow;
  const prefs = win.options['webPreferences'] as Record<string, unknown>;
  assert.deepEqual(
    { contextIsolation: prefs['contextIsolation'], sandbox: prefs['sandbox'], nodeIntegration: prefs['nodeIntegration'], nodeIntegrationInWorker: prefs['nodeIntegrationInWorker'], webSecurity: prefs['webSecurity'], allowRunningInsecureContent: prefs['allowRunningInsecureContent'], webviewTag: prefs['webviewTag'] },
    { contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false },
  );
  for (const risky of ['nodeIntegrationInSubFrames', 'enableBlinkFeatures', 'experimentalFeatures', 'enableRemoteModule']) assert.equal(prefs[risky], undefined, risky);
  assert.equal(win.loaded, 'app://infermeter/index.html');
});

test('navigation, redirects, webviews and new windows are refused; nothing is handed to the OS browser', () => {
  const contents = new FakeContents();
  blockNavigation(contents as unknown as Electron.WebContents);
  const prevented = (event: string, url: string) => {
    let stopped = false;
    contents.emit(event, { preventDefault: () => (stopped = true) }, url);
    return stopped;
  };
  for (const url of ['https://evil.example/', 'http://127.0.0.1:8080/', 'file:///etc/passwd', 'app://other/index.html', 'javascript:alert(1)', 'data:text/html,<script>1</script>']) {
    assert.equal(prevented('will-navigate', url), true, url);
    assert.equal(prevented('will-redirect', url), true, url);
  }
  assert.equal(prevented('will-navigate', 'app://infermeter/index.html'), false);
  assert.equal(prevented('will-attach-webview', 'app://infermeter/index.html'), true);
  for (const url of ['https://example.com/', 'http://example.com/', 'app://infermeter/index.html', 'file:///etc/passwd', 'smb://host/share']) {
    assert.deepEqual(contents.openHandler?.({ url }), { action: 'deny' }, url);
  }
  assert.deepEqual(rec.opened, []);
});

test('every app:// response carries the CSP: pages, assets, not found, other hosts, other methods, traversal', async () => {
  const root = mkdtempSync(join(tmpdir(), 'infermeter-'));
  mkdirSync(join(root, 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(root, 'renderer', 'index.html'), '<!doctype html>');
  writeFileSync(join(root, 'renderer', 'assets', 'app.js'), 'void 0');
  writeFileSync(join(root, 'secret.txt'), 'secret');
  serveRenderer(join(root, 'renderer'));
  const handler = rec.protocolHandler;
  assert.ok(handler);
  const cases: Array<[Request, number]> = [
    [new Request('app://infermeter/'), 200],
    [new Request('app://infermeter/index.html'), 200],
    [new Request('app://infermeter/assets/app.js'), 200],
    [new Request('app://infermeter/missing.js'), 404],
    [new Request('app://infermeter/%2e%2e/secret.txt'), 404],
    [new Request('app://infermeter/assets/..%2f..%2fsecret.txt'), 404],
    [new Request('app://infermeter/..%5csecret.txt'), 404],
    [new Request('app://evil/index.html'), 404],
    [new Request('app://infermeter/index.html', { method: 'POST', body: 'x' }), 405],
    [new Request('app://infermeter/index.html', { method: 'PUT', body: 'x' }), 405],
  ];
  for (const [request, status] of cases) {
    const response = await handler(request);
    assert.equal(response.status, status, `${request.method} ${request.url}`);
    assert.equal(response.headers.get('content-security-policy'), contentSecurityPolicy(), `${request.method} ${request.url}`);
    assert.doesNotMatch(await response.text(), /secret/);
  }
});

test('the session grants no permission and puts the CSP on every other response', () => {
  lockDownSession();
  for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen', 'pointerLock', 'hid', 'serial', 'usb']) {
    let granted: unknown = 'not answered';
    rec.permissionRequest?.({}, permission, (answer: boolean) => (granted = answer), { requestingUrl: 'app://infermeter/index.html' });
    assert.equal(granted, false, permission);
    assert.equal(rec.permissionCheck?.({}, permission, 'app://infermeter', {}), false, permission);
  }
  let headers: Record<string, unknown> = {};
  rec.headers?.({ responseHeaders: { 'Content-Type': ['text/html'] } }, (r: { responseHeaders: Record<string, unknown> }) => (headers = r.responseHeaders));
  assert.deepEqual(headers['Content-Security-Policy'], [contentSecurityPolicy()]);
});

test('IPC: callers other than the app page (other frames, other URLs, no frame) and off-contract payloads are refused', async () => {
  const calls: Array<[string, unknown]> = [];
  const backend = {
    handle: async (method: string, params: unknown) => {
      calls.push([method, params]);
      return { ok: true as const, result: [] };
    },
    subscribe: () => () => undefined,
  };
  const win = new FakeWindow({});
  const dispose = registerIpc({ backend, window: () => win as unknown as Electron.BrowserWindow, memory: {} });
  const call = rec.ipc.get('infermeter:call');
  assert.ok(call);
  const from = (url: string | undefined) => ({ senderFrame: url === undefined ? null : { url } });
  const senders = ['https://evil.example/frame.html', 'file:///home/u/page.html', 'app://infermeter.evil.example/', 'app://other/index.html', 'devtools://devtools/', 'about:blank', '', undefined];
  for (const url of senders) {
    const reply = (await call(from(url), { method: 'listRuns', params: {} })) as { ok: boolean; error?: { message: string } };
    assert.equal(reply.ok, false, String(url));
    assert.match(reply.error?.message ?? '', /IPC refused: the sender .* is not a page of the app/, String(url));
    for (const channel of ['infermeter:pick-model-file', 'infermeter:pick-run-file', 'infermeter:save-file']) {
      await assert.rejects(Promise.resolve(rec.ipc.get(channel)?.(from(url), { fileName: 'a.csv', content: 'x' })), /IPC refused/, `${channel} ${String(url)}`);
    }
  }
  const offContract: unknown[] = [null, 'listRuns', { method: 'eval', params: {} }, { method: '__proto__', params: {} }, { method: 'getRun', params: { runId: 1 } }, { method: 'startRun', params: { model: 'x.onnx', options: { batches: 'all' } } }];
  for (const payload of offContract) {
    const reply = (await call(from('app://infermeter/index.html'), payload)) as { ok: boolean; error?: { code: string } };
    assert.deepEqual([reply.ok, reply.error?.code], [false, 'bad-input'], JSON.stringify(payload));
  }
  await assert.rejects(Promise.resolve(rec.ipc.get('infermeter:save-file')?.(from('app://infermeter/index.html'), { fileName: '', content: 1 })));
  assert.deepEqual(calls, [], 'nothing refused reached the service');
  assert.equal(rec.dialogs, 0, 'no dialog opened for a refused caller');

  await call(from('app://infermeter/index.html'), { method: 'listRuns', params: {} });
  assert.deepEqual(calls, [['listRuns', {}]]);
  dispose();
  assert.equal(rec.ipc.size, 0);
});
