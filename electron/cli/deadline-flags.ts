import type { Command } from 'commander';
import type { StoppingRule } from '../contract/run';
import { DEFAULT_SESSION_DEADLINE_MS, resolveDeadlines, type Deadlines } from '../host/point-watchdog';
import * as flags from './parse-flags';

export type DeadlineFlags = { sessionTimeoutMs?: string; pointTimeoutMs?: string };

/** The two hard deadlines every command that loads or runs a model takes: the same flags, the same defaults. */
export function addDeadlineOptions(command: Command, budgetOf: string): Command {
  return command
    .option('--session-timeout-ms <ms>', `stop the engine worker when creating one onnxruntime session takes longer (default ${DEFAULT_SESSION_DEADLINE_MS}, or INFERMETER_SESSION_TIMEOUT_MS)`)
    .option('--point-timeout-ms <ms>', `hard time budget of ${budgetOf}; past it the engine worker is stopped (default: session timeout + 5 × (warm-up + max time), 5 min at least; or INFERMETER_POINT_TIMEOUT_MS)`);
}

/** The deadlines the flags give, with the defaults for what they leave out (STOPPING: a bench run's stopping rule). */
export function deadlinesFromFlags(f: DeadlineFlags, stopping: StoppingRule | null): Deadlines {
  return resolveDeadlines(stopping, {
    sessionMs: f.sessionTimeoutMs === undefined ? undefined : flags.parsePositive('--session-timeout-ms', f.sessionTimeoutMs),
    pointMs: f.pointTimeoutMs === undefined ? undefined : flags.parsePositive('--point-timeout-ms', f.pointTimeoutMs),
  });
}
