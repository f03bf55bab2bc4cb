// Speed-ups measured as comparisons, from trials run round by round next to each other at one batch. Each point is
// compared along the first axis it differs from its baseline on: its precision against FP32 (or the first precision
// measured) at the same provider, device and threads; else its thread count against the run's first one at the same
// provider, device and precision; else its provider (and device) against the run's first one at the same precision
// and threads. So every point but the run's first has one comparison, and none is a ratio of points measured apart.
import type { Comparison, ComparisonAxis, PlanPoint, Precision } from '../../contract/run';
import { pairedRatioInterval } from '../stats/trial-interval';

export interface ComparedTrials {
  point: PlanPoint;
  /** Each trial's round and mean latency (ms). */
  trials: readonly { round: number; meanMs: number }[];
}

type Same = (a: PlanPoint, b: PlanPoint) => boolean;
const sameProvider: Same = (a, b) => a.provider === b.provider && a.device === b.device;
const AXES: readonly { axis: ComparisonAxis; same: Same }[] = [
  { axis: 'precision', same: (a, b) => sameProvider(a, b) && a.threads === b.threads && a.batch === b.batch },
  { axis: 'threads', same: (a, b) => sameProvider(a, b) && a.precision === b.precision && a.batch === b.batch },
  { axis: 'provider', same: (a, b) => a.precision === b.precision && a.threads === b.threads && a.batch === b.batch },
];

/** The baseline among candidates on one axis: FP32 (else the first precision in `order`) for precision, else the first in plan order. */
function baselineOf(axis: ComparisonAxis, candidates: readonly ComparedTrials[], order: readonly Precision[]): ComparedTrials | undefined {
  if (axis === 'precision') return candidates.find((c) => c.point.precision === 'fp32') ?? [...candidates].sort((a, b) => order.indexOf(a.point.precision) - order.indexOf(b.point.precision))[0];
  return [...candidates].sort((a, b) => a.point.index - b.point.index)[0];
}

function compare(baseline: ComparedTrials, variant: ComparedTrials, axis: ComparisonAxis): Comparison | null {
  const rounds = [...new Set(variant.trials.map((t) => t.round))].filter((r) => baseline.trials.some((t) => t.round === r)).sort((a, b) => a - b);
  if (rounds.length === 0) return null;
  const meanAt = (c: ComparedTrials, r: number) => c.trials.filter((t) => t.round === r).reduce((s, t, _i, all) => s + t.meanMs / all.length, 0);
  // Throughput ratio at one batch = baseline latency / variant latency.
  const r = pairedRatioInterval(
    rounds.map((x) => meanAt(baseline, x)),
    rounds.map((x) => meanAt(variant, x)),
  );
  return { baselineIndex: baseline.point.index, baselinePrecision: baseline.point.precision, axis, speedup: r.ratio, low: r.low, high: r.high, pairs: r.pairs };
}

/**
 * For every measured point with a baseline (see above): its throughput over the baseline's, with the 95% interval
 * of the paired trials (the rounds both ran in). Keyed by the variant's plan index.
 */
export function compareVariants(measured: readonly ComparedTrials[], order: readonly Precision[]): Map<number, Comparison> {
  const out = new Map<number, Comparison>();
  for (const variant of measured) {
    for (const { axis, same } of AXES) {
      const baseline = baselineOf(axis, measured.filter((m) => same(m.point, variant.point)), order);
      if (!baseline || baseline === variant) continue;
      const c = compare(baseline, variant, axis);
      if (c) out.set(variant.point.index, c);
      break;
    }
  }
  return out;
}
