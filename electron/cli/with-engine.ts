import type { EngineMethod, ParamsOf, ResultOf } from '../contract/api';
import { EngineHost } from '../host/engine-host';
import type { Deadlines } from '../host/point-watchdog';
import { callWithDeadlines } from '../host/task-deadline';

/** Runs `use` with an engine worker and always ends the worker afterwards. */
export async function withEngine<T>(use: (host: EngineHost) => Promise<T>): Promise<T> {
  const host = EngineHost.start();
  try {
    return await use(host);
  } finally {
    host.close();
  }
}

/** One engine call in a worker of its own, under the deadlines (LABEL names the task in the deadline's message). */
export function callEngine<M extends EngineMethod>(method: M, params: ParamsOf<M>, deadlines: Deadlines, label: string): Promise<ResultOf<M>> {
  return withEngine((host) => callWithDeadlines(host, method, params, deadlines, label));
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
