// An output folder is checked for real before anything is measured: created (one level at a time), a probe file
// written, synced and removed. A folder on a pseudo-filesystem is refused first: Node's recursive mkdir never
// returns under /proc, and what is "written" to /proc or /sys is not kept.
import { randomBytes } from 'node:crypto';
import { closeSync, fsyncSync, mkdirSync, openSync, statfsSync, statSync, unlinkSync, writeSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { badInput } from '../errors';

/** Linux statfs f_type of filesystems that hold no files (linux/magic.h). */
const PSEUDO_FILESYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x1cd1, 'devpts'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x73636673, 'securityfs'],
  [0x6e736673, 'nsfs'],
  [0xcafe4a11, 'bpf'],
  [0x42494e4d, 'binfmt_misc'],
  [0x62656570, 'configfs'],
  [0x65735543, 'fusectl'],
  [0xde5e81e4, 'efivarfs'],
  [0x6165676c, 'pstore'],
  [0x19800202, 'mqueue'],
  [0xf97cff8c, 'selinuxfs'],
]);

/** The pseudo-filesystem PATH (an existing path) is on, or null when it is storage. */
export function pseudoFilesystem(path: string, platform: NodeJS.Platform = process.platform): string | null {
  if (platform !== 'linux') return null;
  return PSEUDO_FILESYSTEMS.get(statfsSync(path).type) ?? null;
}

function errnoText(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  return e.code ? `${e.code}${e.syscall ? ` on ${e.syscall}` : ''}` : String(error);
}

/** The deepest existing folder on the way to DIR, and the folders below it still to create (outermost first). */
function existingAncestor(dir: string): { base: string; missing: string[] } {
  const missing: string[] = [];
  let at = dir;
  for (;;) {
    try {
      statSync(at);
      return { base: at, missing };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // ENOTDIR: a file on the way; the walk reaches it and it is refused as not a folder.
      if ((code !== 'ENOENT' && code !== 'ENOTDIR') || dirname(at) === at) throw error;
      missing.unshift(at);
      at = dirname(at);
    }
  }
}

/**
 * Makes DIR ready for results or says why it cannot be, as bad input naming FLAG: refuses pseudo-filesystems and
 * anything that is not a folder, creates the missing folders, and writes, fsyncs and removes a probe file.
 * Returns the absolute folder.
 */
export function checkOutputDir(dir: string, flag = '--out'): string {
  const absolute = resolve(dir);
  const refuse = (why: string) => badInput(`${flag} ${dir}: ${why}`);
  let base: string;
  let missing: string[];
  try {
    ({ base, missing } = existingAncestor(absolute));
  } catch (error) {
    throw refuse(`cannot write results there (${errnoText(error)})`);
  }
  const pseudo = pseudoFilesystem(base);
  if (pseudo !== null) throw refuse(`${base} is on the ${pseudo} pseudo-filesystem, which keeps no files; give a folder on a disk`);
  if (!statSync(base).isDirectory()) throw refuse(`${base} is a file, not a folder`);
  const probe = join(absolute, `.infermeter-probe-${process.pid}-${randomBytes(3).toString('hex')}`);
  let stage = 'create the folder';
  try {
    for (const folder of missing) mkdirSync(folder);
    stage = 'write a file';
    const fd = openSync(probe, 'wx');
    try {
      writeSync(fd, 'infermeter output check\n');
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    stage = 'remove a file';
    unlinkSync(probe);
  } catch (error) {
    throw refuse(`cannot ${stage} there (${errnoText(error)}); results could not be kept`);
  }
  return absolute;
}
