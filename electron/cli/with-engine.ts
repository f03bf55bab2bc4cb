import { EngineHost } from '../host/engine-host';

/** Runs `use` with an engine worker and always ends the worker afterwards. */
export async function withEngine<T>(use: (host: EngineHost) => Promise<T>): Promise<T> {
  const host = EngineHost.start();
  try {
    return await use(host);
  } finally {
    host.close();
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}
