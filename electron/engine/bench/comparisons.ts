// Speed-ups measured as comparisons: a precision variant against FP32 (or the first precision measured) at the same
// provider, device, threads and batch, from trials run round by round next to each other.
import type { Comparison, PlanPoint, Precision } from '../../contract/run';
import { pairedRatioInterval } from '../stats/trial-interval';

export interface ComparedTrials {
  point: PlanPoint;
  /** Each trial's round and mean latency (ms). */
  trials: readonly { round: number; meanMs: number }[];
}

const sameSetting = (a: PlanPoint, b: PlanPoint) => a.provider === b.provider && a.device === b.device && a.threads === b.threads && a.batch === b.batch;

/** The baseline of a setting: FP32 where it was measured, else the first precision in `order`. */
function baselineOf(candidates: readonly ComparedTrials[], order: readonly Precision[]): ComparedTrials | undefined {
  return candidates.find((c) => c.point.precision === 'fp32') ?? [...candidates].sort((a, b) => order.indexOf(a.point.precision) - order.indexOf(b.point.precision))[0];
}

/**
 * For every measured point with a baseline in the same setting: its throughput over the baseline's, with the 95%
 * interval of the paired trials (the rounds both ran in). Keyed by the variant's plan index.
 */
export function compareVariants(measured: readonly ComparedTrials[], order: readonly Precision[]): Map<number, Comparison> {
  const out = new Map<number, Comparison>();
  for (const variant of measured) {
    const baseline = baselineOf(
      measured.filter((m) => sameSetting(m.point, variant.point)),
      order,
    );
    if (!baseline || baseline === variant) continue;
    const rounds = [...new Set(variant.trials.map((t) => t.round))].filter((r) => baseline.trials.some((t) => t.round === r)).sort((a, b) => a - b);
    if (rounds.length === 0) continue;
    const meanAt = (c: ComparedTrials, r: number) => c.trials.filter((t) => t.round === r).reduce((s, t, _i, all) => s + t.meanMs / all.length, 0);
    // Throughput ratio at one batch = baseline latency / variant latency.
    const r = pairedRatioInterval(
      rounds.map((x) => meanAt(baseline, x)),
      rounds.map((x) => meanAt(variant, x)),
    );
    out.set(variant.point.index, { baselineIndex: baseline.point.index, baselinePrecision: baseline.point.precision, speedup: r.ratio, low: r.low, high: r.high, pairs: r.pairs });
  }
  return out;
}
