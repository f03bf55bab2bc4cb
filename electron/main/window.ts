import { BrowserWindow, nativeTheme, screen } from 'electron';
import { APP_ORIGIN, isAppUrl } from './ipc-guard';
import type { Settings } from './settings';
import { initialBounds } from './window-bounds';

/** Painted before the page loads, so a dark OS theme never flashes white (the page follows prefers-color-scheme). */
export const BACKGROUND = { light: '#ffffff', dark: '#16181d' } as const;

export function themeBackground(): string {
  return nativeTheme.shouldUseDarkColors ? BACKGROUND.dark : BACKGROUND.light;
}

export type WindowOptions = { settings: Settings; preloadPath: string; onClose: (state: Pick<Settings, 'window' | 'zoomFactor'>) => void };

export function createMainWindow({ settings, preloadPath, onClose }: WindowOptions): BrowserWindow {
  const bounds = initialBounds(settings.window, screen.getAllDisplays().map((d) => d.workArea));
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 480,
    minHeight: 360,
    show: false,
    title: 'infermeter',
    backgroundColor: themeBackground(),
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      zoomFactor: settings.zoomFactor,
    },
  });
  if (settings.window.maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  const followTheme = (): void => win.setBackgroundColor(themeBackground());
  nativeTheme.on('updated', followTheme);
  win.on('closed', () => nativeTheme.off('updated', followTheme));

  win.on('close', () => {
    const normal = win.getNormalBounds();
    onClose({
      window: { x: normal.x, y: normal.y, width: normal.width, height: normal.height, maximized: win.isMaximized() },
      zoomFactor: win.webContents.getZoomFactor(),
    });
  });

  void win.loadURL(`${APP_ORIGIN}/index.html`);
  return win;
}

/**
 * For every web contents the app ever creates: no navigation away from the app's pages (a dropped file or a link
 * would otherwise replace the UI), no new windows, no <webview>. The UI links nowhere outside itself, so nothing is
 * handed to the OS's browser either (shell.openExternal with a URL a page chose is a way out of the sandbox).
 */
export function blockNavigation(contents: Electron.WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}
