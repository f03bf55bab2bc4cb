import type { BenchOptions, PlanPoint } from '../../contract/run';
import type { ProviderId } from '../../contract/hardware';

/**
 * The sweep, enumerated up front so every shell shows "point i of n": provider × precision × threads × batch,
 * batch innermost so that an OOM or a latency cap can stop the batch sweep of its group.
 */
export function buildPlan(options: BenchOptions, providers: ProviderId[], batchable: boolean): PlanPoint[] {
  const batches = batchable ? [...new Set(options.batches)].sort((a, b) => a - b) : [1];
  const points: PlanPoint[] = [];
  for (const provider of providers)
    for (const precision of options.precisions)
      for (const threads of options.threads)
        for (const batch of batches) points.push({ index: points.length, provider, precision, batch, threads });
  return points;
}

/** Points that share a session configuration and differ only in batch size. */
export function sameGroup(a: PlanPoint, b: PlanPoint): boolean {
  return a.provider === b.provider && a.precision === b.precision && a.threads === b.threads;
}

export function describePoint(point: PlanPoint): string {
  const threads = point.threads === null ? '' : ` threads ${point.threads}`;
  return `${point.provider} ${point.precision} batch ${point.batch}${threads}`;
}
