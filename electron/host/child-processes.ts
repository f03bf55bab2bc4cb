// The processes a process started (its trial processes: engine/bench/trial-process.ts), so that a worker stopped at
// a deadline takes them with it even while one is stuck in native code and cannot see its channel close. Linux
// lists them in /proc; elsewhere none are found and a trial process exits when its channel closes.
import { readdirSync, readFileSync } from 'node:fs';

/** Ids of the direct children of `pid` (empty where /proc does not list them). */
export function childPids(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) =>
      readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8')
        .split(' ')
        .filter((s) => s.trim() !== '')
        .map(Number),
    );
  } catch {
    return [];
  }
}

/** SIGKILLs the children of `pid` (not `pid` itself); a child already gone is skipped. */
export function killChildren(pid: number | undefined): void {
  if (pid === undefined) return;
  for (const child of childPids(pid)) {
    try {
      process.kill(child, 'SIGKILL');
    } catch {
      // Already exited.
    }
  }
}
