// Helpers shared by the browser-mode specs: the server, screenshots, downloads and the run form.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';

export function projectRoot(from: string = __dirname): string {
  for (let dir = from; dir !== path.dirname(dir); dir = path.dirname(dir)) if (existsSync(path.join(dir, 'package.json'))) return dir;
  throw new Error('no package.json above the test');
}

export const ROOT = projectRoot();
export const CHROMIUM = process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(ROOT, 'test-results', 'e2e');
/** Why the browser specs cannot run here, or null: they skip only where Chromium or the built renderer is absent. */
export const missing = !existsSync(CHROMIUM) ? `no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)` : !existsSync(path.join(ROOT, 'dist', 'renderer', 'index.html')) ? 'the renderer is not built (npm run build)' : null;

export function startServer(dataDir: string, env: NodeJS.ProcessEnv = {}): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'infermeter.js'), 'serve', '--no-open'], { env: { ...process.env, INFERMETER_DATA_DIR: dataDir, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) resolve({ url: line.trim(), child });
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${err}`)));
  });
}

export async function shot(page: Page, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export async function downloadText(page: Page, click: () => Promise<void>): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const file = await download.path();
  return readFileSync(file, 'utf8');
}

export async function startSweep(page: Page, batches: string, preset: 'quick' | 'standard'): Promise<void> {
  await page.click('button[data-view=run]');
  await page.waitForSelector('label.check:has-text("cpu") input:checked');
  await page.fill('input[aria-label="Batch sizes"]', batches);
  await page.check(`label.check:has-text("${preset}") input`);
  await page.click('[data-testid=start]');
}
