import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { _electron, chromium, type Browser, type ElectronApplication, type Page } from 'playwright-core';
import { electronEnv, findElectronBinary, INSTALL_ELECTRON_COMMAND } from '../../scripts/electron-binary';
import { CHROMIUM, projectRoot, startServer } from './browser-helpers';

/**
 * Where the end-to-end specs run: browser mode (`infermeter serve` + Debian's Chromium) or the Electron app
 * (Playwright's Electron support). A target launches the UI over a fresh data folder and hands the spec a Page plus
 * the two things that differ between the shells: how a saved file is read back and how a run file is imported.
 */
export interface Session {
  page: Page;
  /** The text a click saves: a download in the browser, the file the native save dialog was told to write in the app. */
  savedText(click: () => Promise<void>): Promise<string>;
  /** Imports a run file through the UI: the file input in the browser, the native open dialog in the app. */
  importRunFile(filePath: string): Promise<void>;
  close(): Promise<void>;
}

export interface Target {
  name: 'browser' | 'electron';
  /** Why the target cannot run on this machine; null when it can. */
  missing: string | null;
  launch(dataDir: string): Promise<Session>;
}

const ROOT = projectRoot();
const VIEWPORT = { width: 1400, height: 1000 };
/** In plain Node the electron package exports its binary's path (and throws when it was never downloaded). */
const resolveElectron = (): unknown => createRequire(__filename)('electron');
const notBuilt = (): string | null => (existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html')) ? null : 'the renderer is not built (npm run build)');

async function downloadedText(page: Page, click: () => Promise<void>): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  return readFileSync(await download.path(), 'utf8');
}

export const browserTarget: Target = {
  name: 'browser',
  missing: !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)` : notBuilt(),
  async launch(dataDir) {
    const { url, child } = await startServer(dataDir);
    let browser: Browser | null = null;
    try {
      browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
      const page = await browser.newPage({ viewport: VIEWPORT, acceptDownloads: true });
      await page.goto(url);
      const opened = browser;
      return {
        page,
        savedText: (click) => downloadedText(page, click),
        importRunFile: (filePath) => page.setInputFiles('input[type=file]', filePath),
        close: async () => {
          await opened.close();
          child.kill('SIGTERM');
        },
      };
    } catch (error) {
      await browser?.close();
      child.kill('SIGTERM');
      throw error;
    }
  },
};

function electronMissing(): string | null {
  const binary = findElectronBinary(resolveElectron, existsSync);
  if (!binary.found) return `Electron's binary is not installed (${binary.reason}); \`${INSTALL_ELECTRON_COMMAND}\` fetches it where GitHub is reachable`;
  if (process.platform === 'linux' && !process.env['DISPLAY'] && !process.env['WAYLAND_DISPLAY']) return 'no display for Electron (run the tests under xvfb-run)';
  return notBuilt();
}

/** Makes the main process's native dialogs answer with `filePath` instead of opening (dialogs.ts calls these). */
async function answerDialogs(app: ElectronApplication, kind: 'save' | 'open', filePath: string): Promise<void> {
  await app.evaluate(
    ({ dialog }, a) => {
      if (a.kind === 'save') dialog.showSaveDialog = async () => ({ canceled: false, filePath: a.filePath });
      else dialog.showOpenDialog = async () => ({ canceled: false, filePaths: [a.filePath] });
    },
    { kind, filePath },
  );
}

export const electronTarget: Target = {
  name: 'electron',
  missing: electronMissing(),
  async launch(dataDir) {
    const binary = findElectronBinary(resolveElectron, existsSync);
    if (!binary.found) throw new Error(binary.reason);
    // Settings (window bounds, dialog folders) and localStorage go to userData = $XDG_CONFIG_HOME/infermeter.
    const configHome = path.join(dataDir, 'config');
    mkdirSync(configHome, { recursive: true });
    const env = electronEnv({ ...process.env, INFERMETER_DATA_DIR: dataDir, XDG_CONFIG_HOME: configHome });
    const root = process.getuid?.() === 0 ? ['--no-sandbox'] : [];
    const app = await _electron.launch({ executablePath: binary.path, args: [ROOT, ...root], env: env as Record<string, string>, cwd: ROOT });
    try {
      const page = await app.firstWindow();
      await app.evaluate(({ BrowserWindow }, size) => BrowserWindow.getAllWindows()[0]?.setContentSize(size.width, size.height), VIEWPORT);
      let saves = 0;
      return {
        page,
        savedText: async (click) => {
          const file = path.join(dataDir, `saved-${++saves}`);
          await answerDialogs(app, 'save', file);
          await click();
          // Main writes the file after the (answered) dialog: wait until it exists and its size holds still.
          let size = -1;
          for (let i = 0; i < 300; i++) {
            await page.waitForTimeout(100);
            const now = existsSync(file) ? statSync(file).size : -1;
            if (now > 0 && now === size) break;
            size = now;
          }
          return readFileSync(file, 'utf8');
        },
        importRunFile: async (filePath) => {
          await answerDialogs(app, 'open', filePath);
          await page.click('button:has-text("Import CSV/JSON")');
        },
        close: () => app.close(),
      };
    } catch (error) {
      await app.close();
      throw error;
    }
  },
};

export const TARGETS: Target[] = [browserTarget, electronTarget];
