import type { ParamsOf } from '../../contract/api';
import type { RecommendationFile, RecommendationInputs } from '../../contract/recommend';
import { badInput } from '../errors';
import { recommendationInputs } from '../results/recommendation-files';
import { recommendBatchSize } from './batch-size';
import { loadCatalog } from './catalog';
import { localRates, type MeasureRates } from './local-rates';
import { machineRates } from './machine-rates';
import { buildRecommendation, type RecommendInput } from './recommend';

/** What the batch size and the ranking read (recommend.ts), less the rates this function measures, plus the inputs' facts. */
export type AssembleArgs = Omit<RecommendInput, 'rates' | 'ratesMissing' | 'now'> & {
  /** Measure this machine's rates again instead of reading the cache. */
  refreshRates: boolean;
  runFiles: string[];
  qpsFrom: RecommendationInputs['qpsFrom'];
  pricesFile?: string;
};

/**
 * The one assembly of a recommendation (the app's `recommend`, `infermeter recommend`, `bench --slo-ms`): the batch
 * size under the SLO, this machine's rates for the precision and provider it picks (MEASURE: in the engine
 * worker, under the caller's deadlines), the instance ranking, and its inputs. Null when no point of the batch
 * sweep was measured (each caller says so in its own words).
 */
export async function assembleRecommendation(a: AssembleArgs, measure: MeasureRates): Promise<{ file: RecommendationFile; ratesCached: boolean | undefined } | null> {
  const filter = { precision: a.precision, provider: a.provider };
  const batch = recommendBatchSize(a.run, a.sloMs, filter);
  if (batch.groups.length === 0) return null;
  const ref = batch.best ?? batch.closest;
  const local = ref ? await localRates(a.run, ref.provider, ref.precision, a.refreshRates, measure) : { rates: null, cached: undefined, missing: undefined };
  const rec = buildRecommendation({ run: a.run, otherRuns: a.otherRuns, sloMs: a.sloMs, qps: a.qps, headroom: a.headroom, ...filter, catalog: a.catalog, rates: local.rates, ratesMissing: local.missing });
  const inputs = recommendationInputs({ catalog: a.catalog, runFiles: a.runFiles, qpsFrom: a.qpsFrom, pricesFile: a.pricesFile, ...filter });
  return { file: { ...rec, inputs }, ratesCached: local.cached };
}

/** The engine's `recommend` (the app's): the catalog with the user's prices, rates measured here in the worker. */
export async function recommendRun(p: ParamsOf<'recommend'>): Promise<RecommendationFile> {
  const catalog = loadCatalog({ prices: p.prices });
  const args = { run: p.run, otherRuns: p.otherRuns, sloMs: p.sloMs, qps: p.qps, headroom: p.headroom, catalog, refreshRates: false, runFiles: p.runFiles, qpsFrom: 'flag' as const, pricesFile: p.prices?.fileName };
  const assembled = await assembleRecommendation(args, machineRates);
  if (!assembled) throw badInput(`run ${p.run.id}: no measured point of the batch sweep to recommend from (server and concurrency scenarios answer their own question)`);
  return assembled.file;
}
