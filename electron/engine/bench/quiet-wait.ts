// Waiting for the machine to quiet down before a trial measured under interference is run again.
import * as os from 'node:os';
import { interferenceBetween, OTHER_CPU_SHARE_FLAG, snapshot, STEAL_SHARE_FLAG } from './interference';

/** How long a flagged trial waits at most for the others to stop before it is measured again. */
export const QUIET_WAIT_MS = 10_000;
/** Each look at the machine lasts this long. */
export const QUIET_PROBE_MS = 500;

export interface QuietWait {
  quiet: boolean;
  waitedMs: number;
  /** Other processes' share of the CPUs in the last look (null where it cannot be told). */
  lastOtherShare: number | null;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Looks at the machine in QUIET_PROBE_MS steps until others take no more than the flag's share of the CPUs (and
 * the hypervisor steals no more than its), for `maxWaitMs` at most. Off Linux nothing is flagged, so nothing waits.
 */
export async function waitForQuiet(maxWaitMs: number = QUIET_WAIT_MS, signal?: AbortSignal, probeMs: number = QUIET_PROBE_MS): Promise<QuietWait> {
  const start = performance.now();
  let lastOtherShare: number | null = null;
  while (signal?.aborted !== true) {
    const before = snapshot();
    await sleep(probeMs);
    const i = interferenceBetween(before, snapshot(), os.cpus().length, os.loadavg()[0] ?? 0);
    const waitedMs = performance.now() - start;
    if (!i.available) return { quiet: false, waitedMs, lastOtherShare: null };
    lastOtherShare = i.otherCpuShare;
    if (i.otherCpuShare <= OTHER_CPU_SHARE_FLAG && i.stealShare <= STEAL_SHARE_FLAG) return { quiet: true, waitedMs, lastOtherShare };
    if (waitedMs + probeMs > maxWaitMs) return { quiet: false, waitedMs, lastOtherShare };
  }
  return { quiet: false, waitedMs: performance.now() - start, lastOtherShare };
}
