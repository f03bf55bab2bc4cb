import type { Deadlines } from '../host/point-watchdog';
import { formatSeconds } from '../host/point-watchdog';

/** After this long without a first inference, the progress says what the run is waiting on. */
export const WAIT_NOTICE_AFTER_MS = 5000;
/** Without a terminal (logs, CI) the notice is a line, repeated this often while the wait lasts. */
export const WAIT_NOTICE_EVERY_MS = 30_000;

export type Wait = {
  /** "point 1 of 2 (cpu fp32 batch 1)" or "preparing the run". */
  what: string;
  /** What it is doing: "session creation", "the first inference", "reading the model and probing providers". */
  doing: string;
  elapsedMs: number;
  /** True while the session deadline applies (a point's session creation). */
  inSession: boolean;
};

/** How long until the worker is stopped, and by which deadline. */
export function timeLeft(wait: Wait, deadlines: Deadlines): { ms: number; flag: string } {
  const point = { ms: deadlines.pointMs - wait.elapsedMs, flag: '--point-timeout-ms' };
  const session = { ms: deadlines.sessionMs - wait.elapsedMs, flag: '--session-timeout-ms' };
  const first = wait.inSession && session.ms < point.ms ? session : point;
  return { ms: Math.max(0, first.ms), flag: first.flag };
}

/** One line: what the run waits on, for how long, and when its time budget ends (and that Ctrl-C cancels). */
export function waitNotice(wait: Wait, deadlines: Deadlines): string {
  const left = timeLeft(wait, deadlines);
  return `${wait.what}: waiting on ${wait.doing} for ${formatSeconds(wait.elapsedMs)}, no inference yet; ` +
    `the engine worker is stopped in ${formatSeconds(left.ms)} if it is still waiting (${left.flag}); Ctrl-C cancels`;
}

/** The short form for a progress bar. */
export function waitShort(wait: Wait, deadlines: Deadlines): string {
  return `waiting on ${wait.doing} ${formatSeconds(wait.elapsedMs)}, stopped in ${formatSeconds(timeLeft(wait, deadlines).ms)}`;
}
