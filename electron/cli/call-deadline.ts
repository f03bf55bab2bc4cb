import type { EngineMethod, ParamsOf, ResultOf } from '../contract/api';
import type { EngineHost } from '../host/engine-host';

/**
 * Calls the engine and stops its worker if the answer takes longer than `ms` (onnxruntime may hang in native code,
 * where nothing in the worker can interrupt it): the call then fails as engine-crashed with `what` and the budget.
 */
export async function callWithin<M extends EngineMethod>(host: EngineHost, method: M, params: ParamsOf<M>, ms: number, what: string): Promise<ResultOf<M>> {
  const budget = ms < 10_000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
  const timer = setTimeout(() => host.stop(`${what} went past its time budget of ${budget}; the engine worker was stopped`), ms);
  try {
    return await host.call(method, params);
  } finally {
    clearTimeout(timer);
  }
}
