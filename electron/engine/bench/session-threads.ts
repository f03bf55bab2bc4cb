// Counts the threads onnxruntime started for one session, so that a point records the intra-op threads it really
// ran on rather than the ones asked for (left to its default on a 2-vCPU VM, onnxruntime 1.30 started none).
// Linux only, from /proc/self/task: macOS and Windows list a process's threads only through native APIs
// (task_threads, Toolhelp32 snapshots) that this build does not ship, so there the requested count is recorded.
import { readdirSync, readFileSync } from 'node:fs';
import type { SessionSettings } from '../../contract/run';

const TASKS = '/proc/self/task';

function taskName(tid: string): string | null {
  try {
    return readFileSync(`${TASKS}/${tid}/comm`, 'utf8').trim();
  } catch {
    return null; // the thread ended between the listing and the read
  }
}

/**
 * This process's threads that carry the JS thread's name (null where /proc is not there). onnxruntime's pool
 * threads inherit the name of the thread that created them, the JS thread; the Node and Chromium threads that
 * have names of their own (libuv-worker, ThreadPoolForeg…) are left out from the start.
 */
function jsNamedThreads(): Set<string> | null {
  let tids: string[];
  try {
    tids = readdirSync(TASKS);
  } catch {
    return null;
  }
  const jsName = taskName(String(process.pid));
  return new Set(tids.filter((tid) => taskName(tid) === jsName));
}

const RELEASE_CHECKS = 5;
const RELEASE_WAIT_MS = 2;

/**
 * Watches one session's life: create it just after this, call `seen()` after creation and after its runs (a pool
 * may start lazily), release the session, then `poolThreads()`: the threads that appeared while it lived and were
 * gone once it was released. What stays (onnxruntime's environment, started with the first session of a process;
 * a libuv pool started meanwhile) was not the session's. Null where threads cannot be listed.
 */
export class SessionThreadWatch {
  private readonly before = jsNamedThreads();
  private readonly appeared = new Set<string>();

  seen(): void {
    if (this.before === null) return;
    for (const tid of jsNamedThreads() ?? []) if (!this.before.has(tid)) this.appeared.add(tid);
  }

  async poolThreads(): Promise<number | null> {
    if (this.before === null) return null;
    let alive = new Set<string>();
    // A released pool's threads are joined before release returns; a few short waits cover a slow exit.
    for (let check = 0; check < RELEASE_CHECKS; check++) {
      alive = jsNamedThreads() ?? new Set();
      if (![...this.appeared].some((tid) => alive.has(tid))) break;
      await new Promise((resolve) => setTimeout(resolve, RELEASE_WAIT_MS));
    }
    return [...this.appeared].filter((tid) => !alive.has(tid)).length;
  }
}

/**
 * The intra-op threads a CPU session ran on, from the pool threads it started: onnxruntime's intra-op pool of n
 * threads starts n − 1 and runs the last share on the calling thread (ours), so n = pool + 1. In parallel execution
 * the inter-op pool (m threads, m − 1 started) is in the count too and is taken out where m was set; left to its
 * default, the two cannot be told apart (null). Other providers start threads of their own (null).
 */
export function intraOpThreadsFrom(poolThreads: number | null, provider: string, settings: SessionSettings): number | null {
  if (poolThreads === null || provider !== 'cpu') return null;
  if (settings.executionMode !== 'parallel') return poolThreads + 1;
  if (settings.interOpNumThreads === null) return null;
  const intra = poolThreads - Math.max(0, settings.interOpNumThreads - 1) + 1;
  return intra >= 1 ? intra : null;
}
