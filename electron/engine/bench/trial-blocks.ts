// Which points' trials are interleaved. A block holds the points of one provider, device and thread count, a few
// batch sizes at a time with every precision of each batch, so that FP32 and INT8 at one batch (the ratio a user
// reads) are always measured round by round next to each other, and each point's trials are spread over the
// block's time rather than taken back to back. A block's points are reported when its last round ends.
import type { PlanPoint } from '../../contract/run';

/** Points per block at most (more when one batch has more precisions): results stream block by block. */
export const BLOCK_POINTS = 4;

function configKey(p: PlanPoint): string {
  return `${p.provider}|${p.device ?? ''}|${p.threads ?? ''}`;
}

/** The plan cut into blocks, each in ascending batch (so an OOM or latency cap still stops a group's growth). */
export function trialBlocks(plan: readonly PlanPoint[]): PlanPoint[][] {
  const configs = new Map<string, PlanPoint[]>();
  for (const p of plan) configs.set(configKey(p), [...(configs.get(configKey(p)) ?? []), p]);
  const blocks: PlanPoint[][] = [];
  for (const points of configs.values()) {
    const batches = [...new Set(points.map((p) => p.batch))].sort((a, b) => a - b);
    let block: PlanPoint[] = [];
    for (const batch of batches) {
      const atBatch = points.filter((p) => p.batch === batch);
      if (block.length > 0 && block.length + atBatch.length > BLOCK_POINTS) {
        blocks.push(block);
        block = [];
      }
      block.push(...atBatch);
    }
    if (block.length > 0) blocks.push(block);
  }
  return blocks;
}
