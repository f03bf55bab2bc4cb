import type { ThreadsSource } from './run';

/**
 * A point's intra-op threads as the tables show them: the count asked for ("default" where none was), and what
 * was counted where that says more: "2", "default (ran 1)", "4 (ran 1)".
 */
export function threadsText(p: { threads: number | null; threadsUsed?: number | null; threadsSource?: ThreadsSource | null }): string {
  const asked = p.threads === null ? 'default' : String(p.threads);
  if (p.threadsSource !== 'counted' || p.threadsUsed === null || p.threadsUsed === undefined || p.threadsUsed === p.threads) return asked;
  return `${asked} (ran ${p.threadsUsed})`;
}
