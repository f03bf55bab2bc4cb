import type { RunRecord } from '../../contract/run';
import { runHeadline } from '../../../common/headline';

/**
 * The run's answer after the table, the same sentence the app's Results view and the HTML report open with
 * (one implementation, common/headline.ts).
 */
export function headlineLine(record: RunRecord, sloMs: number | null): string {
  return `Answer: ${runHeadline({ points: record.points, variants: record.variants, sloMs, running: false }).text}`;
}
