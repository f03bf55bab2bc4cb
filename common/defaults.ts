/**
 * Defaults that the CLI, the app's run form, the CSV import and the engine share. Each lives here once; the
 * contract's types check them where they are used (common/ imports nothing from the contract).
 */

/** The stopping rule of a point when none is given: the CLI's flag defaults and the run form's "standard" preset. */
export const DEFAULT_STOPPING_RULE = {
  warmupIterations: 5,
  warmupMs: 200,
  minIterations: 10,
  minTimeMs: 500,
  maxTimeMs: 10000,
  targetRelativeCi: 0.01,
  maxIterations: 100000,
} as const;

/** Independent trials per point (each a fresh session) when the stopping rule names none: the fewest that give an interval over fresh sessions (t with 2 degrees of freedom). */
export const DEFAULT_TRIALS = 3;

/** The server scenario's p99 latency bound (ms) when no SLO is set. */
export const DEFAULT_SERVER_SLO_MS = 10;

/** The batch sizes a run sweeps when none are given. */
export const DEFAULT_BATCHES_TEXT = '1,2,4,8,16,32,64';

/**
 * The server and concurrency scenarios' settings when none are given: the CLI's flag defaults, the run form's
 * fields and the engine's fallback. Each level runs `levelMs`; the server's QPS search takes `searchSteps` steps.
 */
export const DEFAULT_SCENARIO_SETTINGS = { maxBatch: 8, maxQueueDelayMs: 1, levelMs: 1000, searchSteps: 5 } as const;

/** The largest batch the server scenario's dynamic batcher may be asked to form. */
export const MAX_SERVER_BATCH = 4096;

/** The in-flight request counts of the concurrency scenario, measured on one session and on N sessions each. */
export const DEFAULT_CONCURRENCY_LEVELS: readonly number[] = [1, 2, 4, 8];
export const CONCURRENCY_MODES = ['one-session', 'n-sessions'] as const;
