import { RANK_BY, rankBySchema, type RankBy } from '../contract/energy-rank';
import { badInput } from '../engine/errors';

/** `--rank-by`: undefined keeps the contract's default (cost). */
export function rankByFlag(value: string | undefined): RankBy | undefined {
  if (value === undefined) return undefined;
  const parsed = rankBySchema.safeParse(value);
  if (!parsed.success) throw badInput(`--rank-by ${value}: expected ${RANK_BY.join(' or ')}`);
  return parsed.data;
}
