/**
 * latency and throughput (its alias) run the batch sweep; server and concurrency measure their scenario instead
 * of it. SCENARIO is the run options' scenario (absent in records older than scenarios).
 */
export function isBatchSweep(scenario: string | undefined): boolean {
  return scenario === undefined || scenario === 'latency' || scenario === 'throughput';
}
