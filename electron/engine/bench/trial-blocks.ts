// Which points' trials are interleaved: every point of one batch size, i.e. every precision, thread count and
// execution provider (and device) of it, so that the variants whose ratio a user reads (FP32 and INT8, 1 and 2
// threads, CPU and CUDA at one batch) are measured round by round next to each other and a drift of the machine
// falls on all of them. A block's points are reported when its last round ends; a run of one variant reports point
// by point as its trials finish, so a crash or a cancel loses one point at most and the batch sweep can stop
// growing after an out-of-memory failure, as before.
import type { PlanPoint } from '../../contract/run';

/** The plan cut into blocks, in the order of each block's first point (so ascending batch within a group). */
export function trialBlocks(plan: readonly PlanPoint[]): PlanPoint[][] {
  const blocks = new Map<number, PlanPoint[]>();
  for (const p of plan) blocks.set(p.batch, [...(blocks.get(p.batch) ?? []), p]);
  return [...blocks.values()];
}
