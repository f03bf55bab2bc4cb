// Generation points of one trial block, measured one after another: a point is one run of whole generations under
// the point's stopping rule (generation-point.ts), not interleaved trials of fresh sessions.
import type { PlanPoint, PointResult, Precision } from '../../contract/run';
import { failedPoint } from '../bench/failed-point';
import { groupKey } from '../bench/plan';
import type { PreparedVariant } from '../bench/prepare-variants';
import { stopGrowingReason } from '../bench/run-block';
import type { PointContext } from '../bench/run-point';
import { runGenerationPoint, type GenerationContext } from './generation-point';

export type GenerationBlockArgs = {
  block: readonly PlanPoint[];
  contexts: ReadonlyMap<Precision, PointContext>;
  generating: ReadonlyMap<Precision, GenerationContext | string>;
  variants: ReadonlyMap<Precision, PreparedVariant>;
  /** Why a group stopped growing, by groupKey: shared across blocks, filled here. */
  stops: Map<string, string>;
  maxLatencyMs: number | null;
  signal: AbortSignal;
};

export async function runGenerationBlock(args: GenerationBlockArgs, emit: (result: PointResult) => void): Promise<void> {
  for (const point of args.block) {
    if (args.signal.aborted) return;
    const ctx = args.contexts.get(point.precision);
    ctx?.emit({ type: 'point-started', runId: ctx.runId, point });
    const now = new Date().toISOString();
    const stop = args.stops.get(groupKey(point));
    if (stop !== undefined) {
      emit(failedPoint(point, now, 'skipped', { code: 'internal', message: stop }));
      continue;
    }
    const generation = args.generating.get(point.precision);
    if (!ctx || generation === undefined) {
      const error = args.variants.get(point.precision)?.info.error ?? { code: 'internal' as const, message: `no ${point.precision} model` };
      emit(failedPoint(point, now, 'error', { ...error, message: `could not make the ${point.precision} model: ${error.message}` }));
      continue;
    }
    if (typeof generation === 'string') {
      emit(failedPoint(point, now, 'error', { code: 'bad-input', message: generation }));
      continue;
    }
    const result = await runGenerationPoint(generation, point);
    emit(result);
    const reason = stopGrowingReason(result, args.maxLatencyMs);
    if (reason) args.stops.set(groupKey(point), reason);
  }
}
