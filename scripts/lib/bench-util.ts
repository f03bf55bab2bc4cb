import * as ort from 'onnxruntime-node';
import { mlpModel } from '../../test/fixtures/tiny-models';

/** The model of the binding-gap issue: 4 × (MatMul + Add + Relu), 1024 wide, float32, symbolic batch. */
export function mlp4x1024(): Uint8Array {
  return mlpModel({ layers: 4, width: 1024 });
}

export { median } from '../../common/stats/percentile';

/** `--name value` / `--name=value` from argv, or the fallback. */
export function flag(name: string, fallback: string): string {
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === `--${name}`) return argv[i + 1] ?? fallback;
    if (a.startsWith(`--${name}=`)) return a.slice(name.length + 3);
  }
  return fallback;
}

export function hasFlag(name: string): boolean {
  return process.argv.slice(2).includes(`--${name}`);
}

/** A [batch, width] float32 input with values in [-1, 1]. */
export function mlpInput(batch: number, width: number): Record<string, ort.Tensor> {
  const data = new Float32Array(batch * width);
  for (let i = 0; i < data.length; i++) data[i] = Math.sin(i * 0.37);
  return { x: new ort.Tensor('float32', data, [batch, width]) };
}

/**
 * A bare loop: `await session.run()` back to back for at least `minMs` and `minRuns`, after `warmup` runs.
 * Returns the mean ms per run over the whole loop (what a caller actually gets, loop and binding included).
 */
export async function bareLoopMs(
  session: ort.InferenceSession,
  feeds: Record<string, ort.Tensor>,
  fetches: Record<string, ort.Tensor> | undefined,
  opts: { minMs: number; minRuns: number; warmup: number },
): Promise<{ msPerRun: number; runs: number }> {
  for (let i = 0; i < opts.warmup; i++) await (fetches === undefined ? session.run(feeds) : session.run(feeds, fetches));
  const t0 = process.hrtime.bigint();
  const minNs = BigInt(Math.round(opts.minMs * 1e6));
  let runs = 0;
  let elapsed = 0n;
  while (runs < opts.minRuns || elapsed < minNs) {
    await (fetches === undefined ? session.run(feeds) : session.run(feeds, fetches));
    runs++;
    elapsed = process.hrtime.bigint() - t0;
  }
  return { msPerRun: Number(elapsed) / 1e6 / runs, runs };
}

export function pad(text: string, width: number, right = false): string {
  return right ? text.padStart(width) : text.padEnd(width);
}
