/** A value over time, e.g. power in watts at times in ms. */
export interface TimedValue {
  tMs: number;
  value: number;
}

/**
 * The integral of a sampled signal over [fromMs, toMs] by the trapezoid rule, in value × seconds (W → J). Between
 * samples the signal is linear; before the first and after the last sample it is held at that sample's value (no
 * extrapolation of a trend). Needs two samples at least; null otherwise.
 */
export function integrateTrapezoid(points: readonly TimedValue[], fromMs: number, toMs: number): number | null {
  if (points.length < 2 || !(toMs > fromMs)) return null;
  const sorted = [...points].sort((a, b) => a.tMs - b.tMs);
  const first = sorted[0] as TimedValue;
  const last = sorted[sorted.length - 1] as TimedValue;
  const at = (t: number): number => {
    if (t <= first.tMs) return first.value;
    if (t >= last.tMs) return last.value;
    for (let i = 1; i < sorted.length; i++) {
      const b = sorted[i] as TimedValue;
      if (b.tMs >= t) {
        const a = sorted[i - 1] as TimedValue;
        return b.tMs === a.tMs ? b.value : a.value + ((b.value - a.value) * (t - a.tMs)) / (b.tMs - a.tMs);
      }
    }
    return last.value;
  };
  // The knots: the window's edges and every sample strictly inside it.
  const knots = [fromMs, ...sorted.filter((p) => p.tMs > fromMs && p.tMs < toMs).map((p) => p.tMs), toMs];
  let area = 0;
  for (let i = 1; i < knots.length; i++) {
    const t0 = knots[i - 1] as number;
    const t1 = knots[i] as number;
    area += ((at(t0) + at(t1)) / 2) * (t1 - t0);
  }
  return area / 1000;
}
