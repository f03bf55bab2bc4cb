import type { BenchOptions, PlanPoint } from '../../contract/run';
import type { ProviderId } from '../../contract/hardware';

/** Providers onnxruntime lets us place on a chosen GPU (their deviceId option); WebGPU picks its adapter itself. */
export const DEVICE_PROVIDERS: ReadonlySet<ProviderId> = new Set(['cuda', 'tensorrt', 'dml']);

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

/** Points that share a session configuration and differ only in batch size. */
export function sameGroup(a: PlanPoint, b: PlanPoint): boolean {
  return a.provider === b.provider && a.device === b.device && a.precision === b.precision && a.threads === b.threads;
}

export function describePoint(point: PlanPoint): string {
  const threads = point.threads === null ? '' : ` threads ${point.threads}`;
  const device = point.device === undefined ? '' : ` device ${point.device}`;
  return `${point.provider}${device} ${point.precision} batch ${point.batch}${threads}`;
}

/** A key equal for points of one group (see sameGroup). */
export function groupKey(point: PlanPoint): string {
  return `${point.provider}|${point.device ?? ''}|${point.precision}|${point.threads ?? ''}`;
}
