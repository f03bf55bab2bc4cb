import type { Settings } from './settings';

export type Rect = { x: number; y: number; width: number; height: number };

/** How much of a saved window must still be on a screen for its position to be reused. */
const MIN_VISIBLE_PX = 64;

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? Math.min(w, h) : 0;
}

/**
 * The saved window size, and its position only if a display still shows enough of it (a monitor unplugged since
 * would otherwise open the window off-screen). The size is capped at the largest work area.
 */
export function initialBounds(saved: Settings['window'], workAreas: Rect[]): Partial<Rect> & { width: number; height: number } {
  const maxW = Math.max(0, ...workAreas.map((a) => a.width));
  const maxH = Math.max(0, ...workAreas.map((a) => a.height));
  const width = maxW > 0 ? Math.min(saved.width, maxW) : saved.width;
  const height = maxH > 0 ? Math.min(saved.height, maxH) : saved.height;
  if (saved.x === undefined || saved.y === undefined) return { width, height };
  const rect = { x: saved.x, y: saved.y, width, height };
  const visible = workAreas.some((area) => overlap(rect, area) >= MIN_VISIBLE_PX);
  return visible ? rect : { width, height };
}
