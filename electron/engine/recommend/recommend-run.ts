import type { RecommendationFile, RecommendationInputs } from '../../contract/recommend';
import { recommendationInputs } from '../results/recommendation-files';
import { recommendBatchSize } from './batch-size';
import { localRates, type MeasureRates } from './local-rates';
import { buildGenerationRecommendation, isGenerationRecord, type GenerationRecommendInput } from './generation-recommend';
import { buildRecommendation, type RecommendInput } from './recommend';

/** What the batch size and the ranking read (recommend.ts), less the rates this function measures, plus the inputs' facts. */
export type AssembleArgs = Omit<RecommendInput, 'rates' | 'ratesMissing' | 'now'> & Pick<GenerationRecommendInput, 'tokensPerS' | 'shape'> & {
  /** Measure this machine's rates again instead of reading the cache. */
  refreshRates: boolean;
  runFiles: string[];
  qpsFrom: RecommendationInputs['qpsFrom'];
  pricesFile?: string;
};

/**
 * The one assembly of a recommendation, called by the engine worker's `recommend` (recommend-in-worker.ts) for the
 * app's `recommend`, `infermeter recommend` and `bench --slo-ms`: the batch size under the SLO, this machine's rates
 * for the precision and provider it picks (MEASURE), the instance ranking, and its inputs. Null when no point of
 * the batch sweep was measured (each caller says so in its own words).
 */
export async function assembleRecommendation(a: AssembleArgs, measure: MeasureRates): Promise<{ file: RecommendationFile; ratesCached: boolean | undefined } | null> {
  const filter = { precision: a.precision, provider: a.provider };
  if (isGenerationRecord(a.run)) return assembleGeneration(a, measure);
  const batch = recommendBatchSize(a.run, a.sloMs, filter);
  if (batch.groups.length === 0) return null;
  const ref = batch.best ?? batch.closest;
  const local = ref ? await localRates(a.run, ref.provider, ref.precision, a.refreshRates, measure) : { rates: null, cached: undefined, missing: undefined };
  const rec = buildRecommendation({ run: a.run, otherRuns: a.otherRuns, sloMs: a.sloMs, qps: a.qps, headroom: a.headroom, ...filter, catalog: a.catalog, rates: local.rates, ratesMissing: local.missing });
  const inputs = recommendationInputs({ catalog: a.catalog, runFiles: a.runFiles, qpsFrom: a.qpsFrom, pricesFile: a.pricesFile, ...filter });
  return { file: { ...rec, inputs }, ratesCached: local.cached };
}

/** A generation run's recommendation: the same assembly, ranked by tokens/s under the ITL p99 SLO (generation-recommend.ts). */
async function assembleGeneration(a: AssembleArgs, measure: MeasureRates): Promise<{ file: RecommendationFile; ratesCached: boolean | undefined } | null> {
  const filter = { precision: a.precision, provider: a.provider };
  const draft = buildGenerationRecommendation({ ...a, ...filter, rates: null });
  if (draft.batch.groups.length === 0) return null;
  const ref = draft.batch.best ?? draft.batch.closest;
  const local = ref ? await localRates(a.run, ref.provider, ref.precision, a.refreshRates, measure) : { rates: null, cached: undefined, missing: undefined };
  const rec = buildGenerationRecommendation({ ...a, ...filter, rates: local.rates, ratesMissing: local.missing });
  const inputs = recommendationInputs({ catalog: a.catalog, runFiles: a.runFiles, qpsFrom: a.qpsFrom, pricesFile: a.pricesFile, ...filter });
  return { file: { ...rec, inputs }, ratesCached: local.cached };
}
