import type { ParamsOf, ResultOf } from '../contract/api';
import { recommendRequestSchema } from '../contract/recommend';
import { EngineError } from '../engine/errors';
import type { EngineHost } from './engine-host';
import { resolveDeadlines, type Deadlines } from './point-watchdog';
import { TaskDeadline } from './task-deadline';

/** Lends `use` an engine worker: the app's own (replaced once stopped), or the CLI's one per call. */
export type EngineLender = <T>(use: (host: EngineHost) => Promise<T>) => Promise<T>;

/** `rankBy` may be left out: the contract's default (cost) applies. */
export type RecommendParams = Omit<ParamsOf<'recommend'>, 'ratesUnmeasured' | 'rankBy'> & Partial<Pick<ParamsOf<'recommend'>, 'rankBy'>>;

/**
 * The whole recommendation from the engine worker, the one path of the app's `recommend`, `infermeter recommend`
 * and `bench --slo-ms`. The rate measurement inside it (the worker names it in a 'rates' phase) gets RATES, the
 * caller's deadlines; the rest (the worker's start, the records, the assembly: no model) gets the default
 * deadlines of a task, so a short rate budget cannot cost the recommendation. When the rate measurement passes
 * its deadline (or its worker dies), nothing else was measured: a fresh worker assembles the same recommendation
 * without the rates, the deadline's message saying why in every row they would have fed.
 */
export async function recommendInWorker(lend: EngineLender, given: RecommendParams, rates: Deadlines, label: string): Promise<ResultOf<'recommend'>> {
  const params = { ...given, rankBy: recommendRequestSchema.shape.rankBy.parse(given.rankBy) };
  const rest = resolveDeadlines(null, { sessionMs: rates.sessionMs }, {});
  let ratesBegun = false;
  const begun = () => {
    ratesBegun = true;
  };
  try {
    return await lend((host) => recommendCall(host, { ...params, ratesUnmeasured: null }, { rest, rates }, label, begun));
  } catch (error) {
    if (!ratesBegun || !(error instanceof EngineError) || error.code !== 'engine-crashed') throw error;
    return lend((host) => recommendCall(host, { ...params, ratesUnmeasured: error.message }, { rest, rates }, label, begun));
  }
}

/** One `recommend` call: LABEL's deadline until the worker announces the rate measurement, then that one's. */
async function recommendCall(host: EngineHost, params: ParamsOf<'recommend'>, d: { rest: Deadlines; rates: Deadlines }, label: string, ratesBegun: () => void): Promise<ResultOf<'recommend'>> {
  const stop = (message: string) => host.stop(message);
  let task = new TaskDeadline(d.rest, label, stop);
  const off = host.onPhase((phase) => {
    if (phase.kind !== 'rates') {
      task.observe(phase);
      return;
    }
    task.disarm();
    task = new TaskDeadline(d.rates, phase.what, stop);
    ratesBegun();
  });
  try {
    return await host.call('recommend', params);
  } finally {
    task.disarm();
    off();
  }
}
