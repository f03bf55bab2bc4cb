/** Seeded Poisson arrivals for the server scenario. Pure. */

/** mulberry32: a small, fast 32-bit PRNG (Tommy Ettinger, public domain); uniform in [0, 1). */
export function seededUniform(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Arrival times (ms from 0, ascending) of a Poisson process of rate `qps` over [0, durationMs): inter-arrival
 * times are exponential with mean 1/λ, drawn by inversion, −ln(1 − U)/λ (e.g. Ross, "Simulation", 5th ed., §5.1).
 * MLPerf Inference's LoadGen schedules Server-scenario queries the same way.
 */
export function poissonArrivals(qps: number, durationMs: number, seed: number): Float64Array {
  if (!(qps > 0) || !(durationMs > 0)) throw new RangeError(`poissonArrivals: qps and duration must be positive (got ${qps}, ${durationMs})`);
  const next = seededUniform(seed);
  const meanGapMs = 1000 / qps;
  const out: number[] = [];
  let t = -Math.log(1 - next()) * meanGapMs;
  while (t < durationMs) {
    out.push(t);
    t += -Math.log(1 - next()) * meanGapMs;
  }
  return Float64Array.from(out);
}
