import { formatDuration } from '../../../common/readable';

/**
 * The progress bar's ETA from what finished so far: the mean time per finished point times the points left.
 * cli-progress's own estimate averages the rate over its last updates, and the bar is updated many times per point
 * with the same count (each progress event), so its rate read 0 and the bar showed "ETA NFs" (Infinity) all run.
 */
export function etaText(elapsedMs: number, done: number, total: number): string {
  if (total <= 0 || done >= total) return 'done';
  if (done <= 0 || !Number.isFinite(elapsedMs) || elapsedMs <= 0) return 'after the first point';
  return formatDuration((elapsedMs / done) * (total - done));
}
