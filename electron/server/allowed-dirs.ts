import { lstatSync, realpathSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { badInput, EngineError } from '../engine/errors';

/**
 * The real path of `target`: every symlink resolved. For a path that does not exist yet (an output file), the
 * real path of its nearest existing ancestor with the rest appended. A symlink that leads nowhere is refused: a
 * file written through it would land wherever it points.
 */
export function realPathOf(target: string, label: string = target): string {
  let current = path.resolve(target);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(realpathSync.native(current), ...rest);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw badInput(`${label}: cannot resolve the path (${code ?? String(error)})`);
      let dangling = false;
      try {
        dangling = lstatSync(current).isSymbolicLink();
      } catch {
        // not there at all: look at its parent
      }
      if (dangling) throw badInput(`${label}: ${current === path.resolve(target) ? 'a' : `${current} is a`} symbolic link to a path that does not exist`);
      const parent = path.dirname(current);
      if (parent === current) return path.join(current, ...rest);
      rest.unshift(path.basename(current));
      current = parent;
    }
  }
}

function isInside(dir: string, file: string): boolean {
  const rel = path.relative(dir, file);
  return rel === '' || (!rel.startsWith(`..${path.sep}`) && rel !== '..' && !path.isAbsolute(rel));
}

/**
 * The folders whose files a browser-mode client may name (models to read, conversions to write), compared by
 * real path, so neither `..` nor a symlink leads out of them.
 */
export class AllowedDirs {
  readonly dirs: readonly string[];

  /** `dirs` must exist and be folders; `flag` names where they came from in errors. */
  constructor(dirs: readonly string[], flag = '--allow-dir') {
    const real: string[] = [];
    for (const dir of dirs) {
      let resolved: string;
      try {
        resolved = realpathSync.native(path.resolve(dir));
        if (!statSync(resolved).isDirectory()) throw badInput(`${flag} ${dir}: not a folder`);
      } catch (error) {
        if (error instanceof EngineError) throw error;
        throw badInput(`${flag} ${dir}: no such folder (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
      }
      if (!real.includes(resolved)) real.push(resolved);
    }
    this.dirs = real;
  }

  /** The real path of `file` when it lies in an allowed folder; otherwise bad input naming it and the folders. */
  check(what: string, file: string): string {
    const real = realPathOf(file, `${what} ${file}`);
    if (this.dirs.some((dir) => isInside(dir, real))) return real;
    const shown = real === path.resolve(file) ? file : `${file} (really ${real})`;
    throw badInput(`${what} ${shown}: outside the folders this server may use (${this.dirs.join(', ')}); restart infermeter serve with --allow-dir FOLDER to allow another`);
  }
}
