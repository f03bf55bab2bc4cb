import type { ParamsOf } from '../../contract/api';
import type { RecommendationFile } from '../../contract/recommend';
import { badInput } from '../errors';
import { recommendationInputs } from '../results/recommendation-files';
import { recommendBatchSize } from './batch-size';
import { loadCatalog } from './catalog';
import { localRates } from './local-rates';
import { machineRates } from './machine-rates';
import { buildRecommendation } from './recommend';

/**
 * The engine's `recommend`: the catalog (with the user's prices), this machine's rates for the precision and
 * provider the batch recommendation picks (measured once, then cached), and the recommendation with its inputs —
 * what `infermeter recommend --out` writes, for the app.
 */
export async function recommendRun(p: ParamsOf<'recommend'>): Promise<RecommendationFile> {
  const catalog = loadCatalog({ prices: p.prices });
  const batch = recommendBatchSize(p.run, p.sloMs);
  if (batch.groups.length === 0) throw badInput(`run ${p.run.id}: no measured point of the batch sweep to recommend from (server and concurrency scenarios answer their own question)`);
  const ref = batch.best ?? batch.closest;
  const local = ref ? await localRates(p.run, ref.provider, ref.precision, false, machineRates) : { rates: null };
  const rec = buildRecommendation({
    run: p.run, otherRuns: p.otherRuns, sloMs: p.sloMs, qps: p.qps, headroom: p.headroom, catalog, rates: local.rates, ratesMissing: local.missing,
  });
  const inputs = recommendationInputs({ catalog, runFiles: p.runFiles, qpsFrom: 'flag', pricesFile: p.prices?.fileName });
  return { ...rec, inputs };
}
