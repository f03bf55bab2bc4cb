// When warm-up is over. A fresh process's first seconds run slower than its steady state (the allocator's arena and
// pages being faulted in, the thread pool and clock settling): on a 2-vCPU VM the 4×1024 MLP at batch 128 read
// 9.5 ms in its first 2 s and 6.9–7.1 ms after, and trials of 1.7 s carried that start in their means. So after the
// minimum warm-up (warmupIterations and warmupMs) it goes on while runs are still getting faster: until the median
// of the last quarter of the warm-up runs is within SETTLED_SHARE of the quarter before, or the cap is reached.
import { median } from '../../../common/stats/percentile';

/** The last quarter no more than this much faster than the quarter before: settled. */
export const SETTLED_SHARE = 0.03;
/** Warm-up never takes more than this share of the point's (or trial's) timing budget. */
export const WARMUP_CAP_SHARE = 0.5;
/** Nor more than this, in ms. */
export const WARMUP_CAP_MS = 2000;

/** Whether runs with these durations (in order) have stopped getting faster. */
export function settled(durationsMs: readonly number[]): boolean {
  const k = Math.max(3, Math.floor(durationsMs.length / 4));
  if (durationsMs.length < 2 * k) return false;
  const last = median(durationsMs.slice(-k));
  const before = median(durationsMs.slice(-2 * k, -k));
  return last >= (1 - SETTLED_SHARE) * before;
}

/** The most warm-up time past its minimum for a point with this timing budget. */
export function warmupCapMs(minWarmupMs: number, maxTimeMs: number): number {
  return Math.max(minWarmupMs, Math.min(WARMUP_CAP_MS, WARMUP_CAP_SHARE * maxTimeMs));
}
