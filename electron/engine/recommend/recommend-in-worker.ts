import type { ParamsOf } from '../../contract/api';
import type { RecommendationFile } from '../../contract/recommend';
import { badInput } from '../errors';
import { loadCatalog } from './catalog';
import { machineRates } from './machine-rates';
import { assembleRecommendation } from './recommend-run';

/** The engine's `recommend` (the app's): the catalog with the user's prices, rates measured here in the worker. */
export async function recommendRun(p: ParamsOf<'recommend'>): Promise<RecommendationFile> {
  const catalog = loadCatalog({ prices: p.prices });
  const args = { run: p.run, otherRuns: p.otherRuns, sloMs: p.sloMs, qps: p.qps, headroom: p.headroom, catalog, refreshRates: false, runFiles: p.runFiles, qpsFrom: 'flag' as const, pricesFile: p.prices?.fileName };
  const assembled = await assembleRecommendation(args, machineRates);
  if (!assembled) throw badInput(`run ${p.run.id}: no measured point of the batch sweep to recommend from (server and concurrency scenarios answer their own question)`);
  return assembled.file;
}
