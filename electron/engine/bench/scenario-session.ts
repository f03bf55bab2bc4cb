import * as ort from 'onnxruntime-node';
import type { ProviderId } from '../../contract/hardware';
import type { Precision } from '../../contract/run';
import { resolveInputShapes, synthesizeInputs } from '../model/input-synthesis';
import type { PointContext } from './run-point';
import { sessionOptionsFor } from './session-settings';

export type ScenarioTarget = { provider: ProviderId; precision: Precision };

/** A session for a scenario: onnxruntime's default intra-op threads (scenarios do not sweep threads). */
export async function createScenarioSession(ctx: PointContext, provider: ProviderId): Promise<ort.InferenceSession> {
  const options = sessionOptionsFor(provider, null, ctx.settings);
  return typeof ctx.sessionSource === 'string'
    ? ort.InferenceSession.create(ctx.sessionSource, options)
    : ort.InferenceSession.create(ctx.sessionSource, options);
}

/** Inputs for one batch size, synthesised before any timing. */
export function feedsFor(ctx: PointContext, batch: number): Record<string, ort.Tensor> {
  const shapes = resolveInputShapes(ctx.info, batch, { dims: ctx.options.dims, shapes: ctx.options.shapes });
  return synthesizeInputs(ctx.info, shapes, ctx.options.intRanges, ctx.options.seed);
}

/** Mean service time of `run` over at least `minMs` and `minRuns` runs, after `warmup` untimed runs. */
export async function meanServiceMs(run: () => Promise<unknown>, minMs: number, minRuns = 5, warmup = 3): Promise<number> {
  for (let i = 0; i < warmup; i++) await run();
  const t0 = process.hrtime.bigint();
  let runs = 0;
  let elapsed = 0;
  while (runs < minRuns || elapsed < minMs) {
    await run();
    runs++;
    elapsed = Number(process.hrtime.bigint() - t0) / 1e6;
  }
  return elapsed / runs;
}
