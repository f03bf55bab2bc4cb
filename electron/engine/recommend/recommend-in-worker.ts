import type { ParamsOf, ResultOf } from '../../contract/api';
import { EngineError } from '../errors';
import { enterPhase } from '../phase';
import { loadCatalog } from './catalog';
import { rankByEnergy } from './energy-rank';
import type { MeasureRates } from './local-rates';
import { machineRates } from './machine-rates';
import { assembleRecommendation } from './recommend-run';

/**
 * The engine's `recommend`, for the app and the CLI alike: the catalog with the user's prices, this machine's rates
 * measured here in the worker. The measurement is announced as a 'rates' phase naming it, so the host can give it
 * a deadline of its own; when an earlier worker passed that deadline, `ratesUnmeasured` says why and the rates are
 * missing with that reason instead.
 */
export async function recommendRun(p: ParamsOf<'recommend'>): Promise<ResultOf<'recommend'>> {
  const catalog = loadCatalog({ prices: p.prices });
  const unmeasured = p.ratesUnmeasured;
  const measure: MeasureRates = unmeasured === null
    ? (o) => {
      enterPhase('rates', `the ${o.precision} rate measurement on ${o.provider}`);
      return machineRates(o);
    }
    : () => Promise.reject(new EngineError('engine-crashed', unmeasured));
  const args = {
    run: p.run, otherRuns: p.otherRuns, sloMs: p.sloMs, qps: p.qps, headroom: p.headroom, precision: p.precision ?? undefined, provider: p.provider ?? undefined,
    catalog, refreshRates: p.refreshRates, runFiles: p.runFiles, qpsFrom: p.qpsFrom, pricesFile: p.prices?.fileName,
    ...(p.tokensPerS === undefined ? {} : { tokensPerS: p.tokensPerS }), ...(p.shape === undefined ? {} : { shape: p.shape }),
  };
  const assembled = await assembleRecommendation(args, measure);
  const file = assembled && p.rankBy === 'energy' ? { ...assembled.file, energy: rankByEnergy(assembled.file, p.run, catalog) } : assembled?.file ?? null;
  return { recommendation: file, ratesCached: assembled?.ratesCached ?? null };
}
