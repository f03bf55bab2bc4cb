// Which points' trials are interleaved: the points of one provider, device, thread count and batch, i.e. every
// precision of a batch, so that FP32 and INT8 at one batch (the ratio a user reads) are measured round by round next
// to each other and a drift of the machine falls on both. A block's points are reported when its last round ends;
// a run of one precision reports point by point as its trials finish, so a crash or a cancel loses one point at
// most and the batch sweep can stop growing after an out-of-memory failure, as before.
import type { PlanPoint } from '../../contract/run';

function settingKey(p: PlanPoint): string {
  return `${p.provider}|${p.device ?? ''}|${p.threads ?? ''}|${p.batch}`;
}

/** The plan cut into blocks, in the order of each block's first point (so ascending batch within a group). */
export function trialBlocks(plan: readonly PlanPoint[]): PlanPoint[][] {
  const blocks = new Map<string, PlanPoint[]>();
  for (const p of plan) blocks.set(settingKey(p), [...(blocks.get(settingKey(p)) ?? []), p]);
  return [...blocks.values()];
}
