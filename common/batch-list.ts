/** The largest batch size (and in-flight count) a run may ask for. */
export const MAX_BATCH = 65536;

/** Why a batch list was refused; each caller words it for its own surface (a CLI flag, a form field). */
export type BatchListProblem =
  | { kind: 'empty-item' }
  | { kind: 'not-a-size'; item: string }
  | { kind: 'range-reversed' };

export type BatchListResult = { ok: true; batches: number[] } | { ok: false; problem: BatchListProblem };

function size(item: string): number | null {
  const n = /^\d+$/.test(item) ? Number(item) : NaN;
  return Number.isSafeInteger(n) && n >= 1 && n <= MAX_BATCH ? n : null;
}

/**
 * "1,2,4" (sorted, duplicates dropped) or a power-of-two range "1-256" (from the first, doubling, up to the
 * last). Sizes are whole numbers from 1 to MAX_BATCH.
 */
export function parseBatchList(text: string): BatchListResult {
  const range = /^(\d+)-(\d+)$/.exec(text.trim());
  if (range) {
    const lo = size(range[1] as string);
    if (lo === null) return { ok: false, problem: { kind: 'not-a-size', item: range[1] as string } };
    const hi = size(range[2] as string);
    if (hi === null) return { ok: false, problem: { kind: 'not-a-size', item: range[2] as string } };
    if (lo > hi) return { ok: false, problem: { kind: 'range-reversed' } };
    const batches: number[] = [];
    for (let b = lo; b <= hi; b *= 2) batches.push(b);
    return { ok: true, batches };
  }
  const items = text.split(',').map((s) => s.trim());
  if (items.some((s) => s === '')) return { ok: false, problem: { kind: 'empty-item' } };
  const sizes: number[] = [];
  for (const item of items) {
    const n = size(item);
    if (n === null) return { ok: false, problem: { kind: 'not-a-size', item } };
    sizes.push(n);
  }
  return { ok: true, batches: [...new Set(sizes)].sort((a, b) => a - b) };
}
