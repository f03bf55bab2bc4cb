import * as os from 'node:os';
import * as path from 'node:path';

const APP_DIR = 'infermeter';

/**
 * The user's cache directory for infermeter (not created here): INFERMETER_CACHE_DIR when set, else the
 * platform's convention — Linux $XDG_CACHE_HOME/infermeter or ~/.cache/infermeter, macOS
 * ~/Library/Caches/infermeter, Windows %LOCALAPPDATA%\infermeter\Cache.
 */
export function cacheDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home: string = os.homedir()): string {
  const override = env['INFERMETER_CACHE_DIR'];
  if (override) return path.resolve(override);
  if (platform === 'darwin') return path.join(home, 'Library', 'Caches', APP_DIR);
  if (platform === 'win32') {
    const local = env['LOCALAPPDATA'] || path.win32.join(home, 'AppData', 'Local');
    return path.win32.join(local, APP_DIR, 'Cache');
  }
  // XDG says a relative XDG_CACHE_HOME is invalid and must be ignored.
  const xdg = env['XDG_CACHE_HOME'];
  return path.join(xdg && path.isAbsolute(xdg) ? xdg : path.join(home, '.cache'), APP_DIR);
}
