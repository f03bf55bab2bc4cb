/** Where `npm start` finds Electron's binary, how it fetches a missing one, and the one line it prints without. */
import { spawn } from 'node:child_process';
import { dirname } from 'node:path';

export type ElectronBinary = { found: true; path: string } | { found: false; reason: string };

/**
 * `resolve` is `() => require('electron')`: in plain Node the package exports the binary's path, and throws when
 * its install step never downloaded it; a path that does not exist on disk counts as missing too.
 */
export function findElectronBinary(resolve: () => unknown, exists: (path: string) => boolean): ElectronBinary {
  let resolved: unknown;
  try {
    resolved = resolve();
  } catch (error) {
    return { found: false, reason: error instanceof Error ? error.message : String(error) };
  }
  if (typeof resolved !== 'string' || resolved === '') return { found: false, reason: "the 'electron' package did not give a binary path" };
  if (!exists(resolved)) return { found: false, reason: `${resolved} does not exist` };
  return { found: true, path: resolved };
}

/** The explicit step the README names; `npm start` runs the same download on first use. */
export const INSTALL_ELECTRON_COMMAND = 'npm run install:electron';

/**
 * A proxy that swallows packets would hold the download open for good: past this, `npm start` gives up and opens
 * the browser mode. A download of Electron (about 100 MB) on a working line takes well under it.
 */
export const DOWNLOAD_TIMEOUT_MS = 180_000;

export function missingBinaryLine(reason: string): string {
  return (
    `infermeter: Electron's binary is not installed (${reason}); \`${INSTALL_ELECTRON_COMMAND}\` fetches it on a machine that reaches ` +
    'GitHub, or set ELECTRON_OVERRIDE_DIST_PATH to a folder holding one; opening the browser mode instead'
  );
}

/** The download is skipped when the user said so, as the electron package itself honours. */
export function downloadWanted(env: NodeJS.ProcessEnv): boolean {
  return !env.ELECTRON_SKIP_BINARY_DOWNLOAD;
}

/** The first line of the install step's error output that says what went wrong (its stack follows it). */
export function downloadFailureReason(stderr: string, code: number | null): string {
  const line = stderr.split('\n').map((l) => l.trim()).find((l) => /error/i.test(l) && !l.startsWith('at '));
  return line ?? (code === null ? 'the download was stopped' : `the download step exited with code ${code}`);
}

export type DownloadResult = { ok: true } | { ok: false; reason: string };

/**
 * Runs the electron package's own install step (`install.js`: downloads the binary for this platform from GitHub's
 * releases, checks it against the package's checksums and unpacks it), bounded by `timeoutMs`.
 */
export function downloadElectronBinary(installScript: string, timeoutMs = DOWNLOAD_TIMEOUT_MS): Promise<DownloadResult> {
  const { ELECTRON_SKIP_BINARY_DOWNLOAD: _skip, ...env } = process.env;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [installScript], { cwd: dirname(installScript), env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    let timedOut = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 64 * 1024) stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: error.message });
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      if (timedOut) resolve({ ok: false, reason: `no download within ${Math.round(timeoutMs / 1000)} s` });
      else if (code === 0) resolve({ ok: true });
      else resolve({ ok: false, reason: downloadFailureReason(stderr, code) });
    });
  });
}

/** The environment for Electron: never as plain Node, whatever the parent shell set. */
export function electronEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { ELECTRON_RUN_AS_NODE: _runAsNode, ...rest } = env;
  return rest;
}
