import type { BenchOptions, PlanPoint } from '../../contract/run';
import { DEVICE_PROVIDERS, type ProviderId } from '../../contract/hardware';

export { DEVICE_PROVIDERS };

/**
 * The sweep, enumerated up front so every shell shows "point i of n": provider × device × precision × threads ×
 * batch, batch innermost so that an OOM or a latency cap can stop the batch sweep of its group.
 */
export function buildPlan(options: BenchOptions, providers: ProviderId[], batchable: boolean): PlanPoint[] {
  const batches = batchable ? [...new Set(options.batches)].sort((a, b) => a - b) : [1];
  const points: PlanPoint[] = [];
  for (const provider of providers) {
    const devices = DEVICE_PROVIDERS.has(provider) && options.devices?.length ? options.devices : [undefined];
    for (const device of devices)
      for (const precision of options.precisions)
        for (const threads of options.threads)
          for (const batch of batches) points.push({ index: points.length, provider, precision, batch, threads, ...(device === undefined ? {} : { device }) });
  }
  return points;
}

/** Points that share a session configuration (and a generation's prompt and length) and differ only in batch size. */
export function sameGroup(a: PlanPoint, b: PlanPoint): boolean {
  return groupKey(a) === groupKey(b);
}

export function describePoint(point: PlanPoint): string {
  const threads = point.threads === null ? '' : ` threads ${point.threads}`;
  const device = point.device === undefined ? '' : ` device ${point.device}`;
  const generation = point.generation ? ` prompt ${point.generation.promptTokens} gen ${point.generation.genTokens}` : '';
  return `${point.provider}${device} ${point.precision}${generation} batch ${point.batch}${threads}`;
}

/** A key equal for points of one group (see sameGroup). */
export function groupKey(point: PlanPoint): string {
  const generation = point.generation ? `|${point.generation.promptTokens}|${point.generation.genTokens}` : '';
  return `${point.provider}|${point.device ?? ''}|${point.precision}|${point.threads ?? ''}${generation}`;
}
