// The Electron main process: one window over the app service, whose engine runs in a utilityProcess.
import { join } from 'node:path';
import { app, BrowserWindow, dialog, Menu } from 'electron';
import type { AppMethod } from '../contract/app-api';
import { AppService } from '../host/app-service';
import { EngineHost } from '../host/engine-host';
import type { DialogMemory } from './dialogs';
import { pickModelFile, pickRunFile } from './dialogs';
import { registerIpc, sendMenuCommand } from './ipc';
import { menuTemplate } from './menu';
import { lockDownSession, registerAppScheme, serveRenderer } from './protocol';
import { loadSettings, saveSettings, type Settings } from './settings';
import { runSmokeTest, wantsSmokeTest } from './smoke-test';
import { forkUtilityWorker } from './utility-channel';
import { blockNavigation, createMainWindow } from './window';

const PRELOAD_PATH = join(__dirname, '..', 'preload', 'preload.bundle.js');
const dev = !app.isPackaged || process.env['INFERMETER_DEV'] === '1';

let win: BrowserWindow | null = null;
let settings: Settings;
let memory: DialogMemory = {};

function persist(): void {
  try {
    saveSettings(app.getPath('userData'), { ...settings, lastModelDir: memory.lastModelDir, lastRunDir: memory.lastRunDir });
  } catch (error) {
    process.stderr.write(`infermeter: could not save settings (${String(error)})\n`);
  }
}

function openWindow(): void {
  win = createMainWindow({
    settings,
    preloadPath: PRELOAD_PATH,
    onClose: (state) => {
      settings = { ...settings, ...state };
      persist();
    },
  });
  win.on('closed', () => {
    win = null;
  });
}

function reportDialogError(error: unknown): void {
  dialog.showErrorBox('infermeter', error instanceof Error ? error.message : String(error));
}

function installMenu(): void {
  const actions = {
    openModel: () => {
      pickModelFile(win, memory).then((path) => path && sendMenuCommand(win, { kind: 'open-model', path }), reportDialogError);
    },
    importRun: () => {
      pickRunFile(win, memory).then((file) => file && sendMenuCommand(win, { kind: 'import-run', file }), reportDialogError);
    },
    exportRun: () => sendMenuCommand(win, { kind: 'export-run' }),
  };
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ isMac: process.platform === 'darwin', dev, actions })));
}

/** The tiny benchmark through the packaged engine host, no window: one line on stdout, exit 0 when it measured. */
function smokeTest(): void {
  void app.whenReady().then(async () => {
    const service = new AppService({ startHost: () => new EngineHost(forkUtilityWorker()) });
    const outcome = await runSmokeTest(service);
    service.close();
    const where = outcome.exitCode === 0 ? `; history in ${service.history.dir}` : '';
    process.stdout.write(`${outcome.line}${where}\n`);
    app.exit(outcome.exitCode);
  });
}

function main(): void {
  // Before the single-instance lock: a check of a build must not hand over to a running app and report success.
  if (wantsSmokeTest(process.argv)) {
    smokeTest();
    return;
  }
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  registerAppScheme();
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => blockNavigation(contents));
  app.on('second-instance', () => {
    if (!win) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });

  void app.whenReady().then(() => {
    const loaded = loadSettings(app.getPath('userData'));
    if (loaded.problem) process.stderr.write(`infermeter: ${loaded.problem}\n`);
    settings = loaded.settings;
    memory = { lastModelDir: settings.lastModelDir, lastRunDir: settings.lastRunDir };

    lockDownSession();
    serveRenderer(join(app.getAppPath(), 'dist', 'renderer'));
    const service = new AppService({ startHost: () => new EngineHost(forkUtilityWorker()) });
    const backend = { handle: (method: AppMethod, params: unknown) => service.reply(method, params), subscribe: service.subscribe.bind(service) };
    const disposeIpc = registerIpc({ backend, window: () => win, memory });
    installMenu();
    openWindow();

    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) openWindow();
    });
    app.on('will-quit', () => {
      disposeIpc();
      service.close();
      persist();
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}

main();
