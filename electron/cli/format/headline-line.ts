import type { RunRecord } from '../../contract/run';
import { runHeadline } from '../../../renderer/src/view-models/headline';

/**
 * The run's answer after the table, the same sentence the app's Results view and the HTML report open with
 * (one implementation, renderer/src/view-models/headline.ts, which imports nothing of the DOM).
 */
export function headlineLine(record: RunRecord, sloMs: number | null): string {
  return `Answer: ${runHeadline({ points: record.points, variants: record.variants, sloMs, running: false }).text}`;
}
