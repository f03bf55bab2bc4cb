import type { ErrorInfo } from '../../contract/errors';
import type { FailedPoint, FailureKind, PlanPoint } from '../../contract/run';

/** A plan point that has no measurement, with why (no onnxruntime here: hosts build these too). */
export function failedPoint(point: PlanPoint, startedAt: string, failure: FailureKind, error: ErrorInfo, inputShapes: Record<string, number[]> = {}): FailedPoint {
  const criterion = failure === 'skipped' ? `skipped: ${error.message}` : `failed (${failure}): ${error.message}`;
  return { ...point, verdict: 'failed', failure, error, criterion, warnings: [], inputShapes, startedAt };
}
