/** Where `npm start` finds Electron's binary, and the one line it prints when there is none. */
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

export const MISSING_BINARY_LINE =
  "infermeter: Electron's binary is not installed (`npx electron --version` downloads it on a machine with internet, " +
  'or set ELECTRON_OVERRIDE_DIST_PATH to a folder holding one); opening the browser mode instead';

/** The environment for Electron: never as plain Node, whatever the parent shell set. */
export function electronEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const { ELECTRON_RUN_AS_NODE: _runAsNode, ...rest } = env;
  return rest;
}
