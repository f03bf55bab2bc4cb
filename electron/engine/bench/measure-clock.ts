/** Back-to-back clock reads taken to find the clock's resolution (stops early once enough ticks were seen). */
const RESOLUTION_READS = 20_000;
const RESOLUTION_TICKS = 500;

let cachedResolutionMs: number | undefined;

/**
 * The smallest nonzero step of `process.hrtime.bigint()` between back-to-back reads, in ms: an upper bound on the
 * clock's resolution (it includes the cost of one read). Measured once per process.
 */
export function clockResolutionMs(): number {
  if (cachedResolutionMs !== undefined) return cachedResolutionMs;
  let smallest = Number.POSITIVE_INFINITY;
  let ticks = 0;
  let previous = process.hrtime.bigint();
  for (let i = 0; i < RESOLUTION_READS && ticks < RESOLUTION_TICKS; i++) {
    const now = process.hrtime.bigint();
    if (now !== previous) {
      ticks++;
      const step = Number(now - previous);
      if (step < smallest) smallest = step;
      previous = now;
    }
  }
  // A clock that never ticked in 20,000 reads is coarser than it took to read it that often; say 1 ms.
  cachedResolutionMs = Number.isFinite(smallest) ? smallest / 1e6 : 1;
  return cachedResolutionMs;
}
