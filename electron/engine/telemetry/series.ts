import type { Range } from '../../contract/telemetry';

/** One reading of a telemetry source: when it arrived (performance.now() ms) and its numbers by name. */
export interface Sample {
  tMs: number;
  values: Readonly<Record<string, number | null>>;
}

/** Samples taken inside [fromMs, toMs]. */
export function inWindow<T extends { tMs: number }>(samples: readonly T[], fromMs: number, toMs: number): T[] {
  return samples.filter((s) => s.tMs >= fromMs && s.tMs <= toMs);
}

/** Min, mean and max of one metric over the samples that have it; null when none does. */
export function rangeOf(samples: readonly Sample[], key: string): Range | null {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  let n = 0;
  for (const s of samples) {
    const v = s.values[key];
    if (v === null || v === undefined || !Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
    sum += v;
    n++;
  }
  return n === 0 ? null : { min, mean: sum / n, max };
}

/** The last sample at or before `tMs`, else the first after it; null for no samples. */
export function sampleAt<T extends { tMs: number }>(samples: readonly T[], tMs: number): T | null {
  let best: T | null = null;
  for (const s of samples) {
    if (s.tMs <= tMs) best = s;
    else return best ?? s;
  }
  return best;
}
