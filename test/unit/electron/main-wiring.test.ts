import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import Module from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sampleRun } from '../../fixtures/sample-run';

// The main process wired against a recording stand-in for Electron (its binary is not installed here): the real
// main.ts, window, protocol, IPC and AppService code runs; only Electron's own objects are fakes that record
// what they were given. The engine is not started (listBuiltins, getRun and importRun do not need it).

type Listener = (...args: unknown[]) => unknown;
const root = mkdtempSync(join(tmpdir(), 'infermeter-'));
const appPath = join(root, 'app');
const userData = join(root, 'userData');
mkdirSync(join(appPath, 'dist', 'renderer'), { recursive: true });
writeFileSync(join(appPath, 'dist', 'renderer', 'index.html'), '<!doctype html><title>t</title>');
process.env['INFERMETER_DATA_DIR'] = join(root, 'data');

const rec = {
  schemes: [] as unknown[],
  sandboxEnabled: false,
  appHandlers: new Map<string, Listener[]>(),
  windows: [] as FakeWindow[],
  protocolHandler: null as null | ((request: Request) => Promise<Response>),
  headersHandler: null as null | Listener,
  ipc: new Map<string, Listener>(),
  menu: null as unknown,
};
let ready: () => void = () => undefined;
const whenReady = new Promise<void>((resolve) => (ready = resolve));

class FakeContents extends EventEmitter {
  sent: Array<[string, unknown]> = [];
  openHandler: null | ((details: { url: string }) => unknown) = null;
  getURL = () => 'app://infermeter/index.html';
  send = (channel: string, payload: unknown) => void this.sent.push([channel, payload]);
  getZoomFactor = () => 1.5;
  setWindowOpenHandler = (handler: (details: { url: string }) => unknown) => void (this.openHandler = handler);
}

class FakeWindow extends EventEmitter {
  static getAllWindows = () => rec.windows;
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
  getNormalBounds = () => ({ x: 10, y: 20, width: 900, height: 700 });
  setBackgroundColor = () => undefined;
}

const fakeElectron = {
  app: {
    isPackaged: true,
    requestSingleInstanceLock: () => true,
    enableSandbox: () => void (rec.sandboxEnabled = true),
    on: (name: string, listener: Listener) => void rec.appHandlers.set(name, [...(rec.appHandlers.get(name) ?? []), listener]),
    whenReady: () => whenReady,
    getPath: () => userData,
    getAppPath: () => appPath,
    quit: () => undefined,
  },
  BrowserWindow: FakeWindow,
  protocol: {
    registerSchemesAsPrivileged: (schemes: unknown[]) => void rec.schemes.push(...schemes),
    handle: (_scheme: string, handler: (request: Request) => Promise<Response>) => void (rec.protocolHandler = handler),
  },
  session: {
    defaultSession: {
      webRequest: { onHeadersReceived: (handler: Listener) => void (rec.headersHandler = handler) },
      setPermissionRequestHandler: () => undefined,
      setPermissionCheckHandler: () => undefined,
    },
  },
  ipcMain: { handle: (channel: string, handler: Listener) => void rec.ipc.set(channel, handler), removeHandler: (channel: string) => void rec.ipc.delete(channel) },
  Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: (menu: unknown) => void (rec.menu = menu) },
  nativeTheme: { shouldUseDarkColors: true, on: () => undefined, off: () => undefined },
  screen: { getAllDisplays: () => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }] },
  shell: { openExternal: async () => undefined },
  dialog: {},
  utilityProcess: { fork: () => assert.fail('the engine should not start for these calls') },
};

const loader = Module as unknown as { _load: (request: string, parent: unknown, isMain: boolean) => unknown };
const originalLoad = loader._load;
loader._load = (request, parent, isMain) => (request === 'electron' ? fakeElectron : originalLoad(request, parent, isMain));

function fromApp(url = 'app://infermeter/index.html') {
  return { senderFrame: { url } };
}

test('main: scheme, sandbox, window, protocol, CSP, navigation, IPC and settings are wired as designed', async () => {
  // Loaded with require so its own require('electron') goes through the hook above (main.ts runs on load).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require('../../../electron/main/main');
  assert.deepEqual(rec.schemes, [{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }]);
  assert.equal(rec.sandboxEnabled, true);
  ready();
  await new Promise((resolve) => setImmediate(resolve));

  // One window, locked down, loading the app over app:// with the dark background.
  assert.equal(rec.windows.length, 1);
  const win = rec.windows[0] as FakeWindow;
  const prefs = win.options['webPreferences'] as Record<string, unknown>;
  assert.equal(prefs['contextIsolation'], true);
  assert.equal(prefs['sandbox'], true);
  assert.equal(prefs['nodeIntegration'], false);
  assert.equal(prefs['webSecurity'], true);
  assert.match(String(prefs['preload']), /preload[\\/]preload\.bundle\.js$/);
  assert.equal(win.options['backgroundColor'], '#16181d');
  assert.equal(win.loaded, 'app://infermeter/index.html');

  // Files come from dist/renderer only, with the CSP on them.
  const handler = rec.protocolHandler;
  assert.ok(handler);
  const page = await handler(new Request('app://infermeter/index.html'));
  assert.equal(page.status, 200);
  assert.match(page.headers.get('content-security-policy') ?? '', /^default-src 'self'; script-src 'self'/);
  assert.equal(await page.text(), '<!doctype html><title>t</title>');
  assert.equal((await handler(new Request('app://infermeter/missing.js'))).status, 404);
  assert.equal((await handler(new Request('app://other/index.html'))).status, 404);
  assert.equal((await handler(new Request('app://infermeter/index.html', { method: 'POST', body: 'x' }))).status, 405);
  let headers: unknown = null;
  rec.headersHandler?.({ responseHeaders: { 'content-security-policy': ['default-src *'] } }, (r: { responseHeaders: unknown }) => (headers = r.responseHeaders));
  assert.match(JSON.stringify(headers), /"Content-Security-Policy":\["default-src 'self'/);
  assert.doesNotMatch(JSON.stringify(headers), /default-src \*/);

  // Navigation away and new windows are refused for every web contents.
  const contents = new FakeContents();
  for (const listener of rec.appHandlers.get('web-contents-created') ?? []) listener({}, contents);
  const navigate = (url: string) => {
    let prevented = false;
    contents.emit('will-navigate', { preventDefault: () => (prevented = true) }, url);
    return prevented;
  };
  assert.equal(navigate('https://example.com/'), true);
  assert.equal(navigate('file:///etc/passwd'), true);
  assert.equal(navigate('app://infermeter/index.html'), false);
  assert.deepEqual(contents.openHandler?.({ url: 'https://example.com/' }), { action: 'deny' });

  // IPC: foreign senders and off-contract calls refused; calls on the contract reach the service.
  const call = rec.ipc.get('infermeter:call');
  assert.ok(call);
  assert.deepEqual(Object.keys(await call(fromApp('https://evil.example/'), { method: 'listRuns', params: {} }) as object), ['ok', 'error']);
  const unknownMethod = (await call(fromApp(), { method: 'rm', params: {} })) as { ok: boolean; error: { message: string } };
  assert.equal(unknownMethod.ok, false);
  assert.match(unknownMethod.error.message, /unknown method "rm"/);
  const builtins = (await call(fromApp(), { method: 'listBuiltins', params: {} })) as { ok: boolean; result: unknown[] };
  assert.equal(builtins.ok, true);
  assert.ok(Array.isArray(builtins.result) && builtins.result.length > 0);
  const missing = (await call(fromApp(), { method: 'getRun', params: { runId: 'nope' } })) as { ok: boolean; error: { code: string } };
  assert.deepEqual([missing.ok, missing.error.code], [false, 'bad-input']);
  await assert.rejects(Promise.resolve(rec.ipc.get('infermeter:pick-model-file')?.(fromApp('file:///x.html'))), /IPC refused/);

  // An event from the service reaches the window on the event channel.
  const imported = (await call(fromApp(), { method: 'importRun', params: { fileName: 'other.json', content: JSON.stringify(sampleRun()) } })) as { ok: boolean };
  assert.equal(imported.ok, true);
  assert.deepEqual(win.webContents.sent, [['infermeter:event', { type: 'history-changed' }]]);

  assert.ok(Array.isArray(rec.menu) && JSON.stringify(rec.menu).includes('Open Model…'));

  // Closing the window and quitting saves the window state.
  win.emit('close');
  for (const listener of rec.appHandlers.get('will-quit') ?? []) listener();
  const saved = JSON.parse(readFileSync(join(userData, 'settings.json'), 'utf8'));
  assert.deepEqual(saved.window, { x: 10, y: 20, width: 900, height: 700, maximized: false });
  assert.equal(saved.zoomFactor, 1.5);
  assert.equal(rec.ipc.size, 0, 'quitting removed the IPC handlers');
  assert.ok(existsSync(join(root, 'data', 'runs')));
});
