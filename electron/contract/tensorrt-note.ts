import type { InstanceEstimate } from './recommend';

/**
 * How a projected CUDA row's note gives the TensorRT provider's projected range at the same batch (beside the CUDA
 * figure, not ranked). The engine writes the note with it; the CLI's note column and the app's TensorRT column read
 * it here.
 */
export const TENSORRT_NOTE_PREFIX = "with onnxruntime's TensorRT provider instead: PROJECTED ";

/** How the note starts where the TensorRT projection could not be made ("TensorRT provider: not projected"). */
export const TENSORRT_SKIPPED_PREFIX = 'TensorRT provider:';

/** The TensorRT range of a row's notes (inferences/s for the instance, at the row's batch); null when it has none. */
export function tensorRtRange(notes: readonly string[]): { low: number; high: number; batch: number } | null {
  const note = notes.find((n) => n.startsWith(TENSORRT_NOTE_PREFIX));
  const parsed = note?.slice(TENSORRT_NOTE_PREFIX.length).match(/^([\d,.]+)–([\d,.]+) inferences\/s at batch (\d+)/);
  if (!parsed) return null;
  const [low, high, batch] = parsed.slice(1).map((x) => Number(x.replace(/,/g, '')));
  return low !== undefined && high !== undefined && batch !== undefined ? { low, high, batch } : null;
}

/** Whether a note is the TensorRT one, so a table that gives it a column can leave it out of the row's notes. */
export function isTensorRtNote(note: string): boolean {
  return note.startsWith(TENSORRT_NOTE_PREFIX) || note.startsWith(TENSORRT_SKIPPED_PREFIX);
}

/** The "TensorRT (projected)" cell of an instance row: the range at the row's own batch, or "—" with why there is none. */
export function tensorRtCell(x: Pick<InstanceEstimate, 'kind' | 'basis' | 'notes' | 'needsRuntime' | 'missing'>, range: (low: number, high: number) => string): string {
  const trt = tensorRtRange(x.notes);
  if (trt) return range(trt.low, trt.high);
  const skipped = x.notes.find((n) => n.startsWith(TENSORRT_SKIPPED_PREFIX));
  if (skipped) return `— (${skipped.slice(TENSORRT_SKIPPED_PREFIX.length).trim()})`;
  if (x.kind === 'cpu') return '— (CPU instance)';
  if (x.needsRuntime !== null) return '— (no onnxruntime path)';
  if (x.basis === 'measured') return '— (measured row)';
  if (x.missing !== null) return '— (cannot project)';
  return '—';
}
