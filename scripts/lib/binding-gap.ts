// Where the binding's time goes at each batch: the same 4×1024 MLP run by a native C loop in its own process (what
// onnxruntime_perf_test measures), by the same C loop inside this Node process, by onnxruntime-node's native
// run() called directly (no event loop), by that call behind a setImmediate (what onnxruntime-node's session
// handler does), by `await session.run()` (onnxruntime-common's checks and result wrapping on top) and by the
// engine's measurePoint. Each step's difference to the one before is what that layer costs per run. The two
// direct layers write into a pre-allocated output, so no output buffer piles up in the synchronous loop (Node
// frees them between event-loop turns). Even so, at batch 16 and 128 the direct loop read 0.3-0.5 and 2.4-2.9 ms
// slower than the C loop in every run on the 2-vCPU VM while the layers above it came back down: not understood;
// read batch 1 (per-run costs) from this table, and the larger batches from the settings table.
import * as ort from 'onnxruntime-node';
import { binding, initOrt } from 'onnxruntime-node/dist/binding';
import { preallocatedFetches } from '../../electron/engine/bench/measure-fetches';
import { measurePoint } from '../../electron/engine/bench/measure-point';
import { DEFAULT_SESSION_SETTINGS, sessionOptionsFor } from '../../electron/engine/bench/session-settings';
import { median, mlpInput, pad } from './bench-util';
import { runNativeLoop, type NativeLoopAddon } from './native-loop';

type Feeds = Record<string, ort.Tensor>;

interface Sessions {
  session: ort.InferenceSession;
  direct: ReturnType<typeof directSession>;
  native: unknown;
}

interface Layer {
  label: string;
  what: string;
  time(s: Sessions, feeds: Feeds, batch: number): Promise<number>;
}

export interface GapArgs {
  binary: string | null;
  addon: NativeLoopAddon | null;
  modelPath: string;
  width: number;
  blockMs: number;
  repeats: number;
  batches: number[];
  /** Intra-op thread counts to compare (0: onnxruntime's default). */
  threads: number[];
}

const ns = (): bigint => process.hrtime.bigint();

/** A session of onnxruntime-node's native binding itself: run() is synchronous there. */
function directSession(modelPath: string, options: ort.InferenceSession.SessionOptions) {
  initOrt();
  const session = new binding.InferenceSession();
  session.loadModel(modelPath, options);
  return session;
}

/** ms per run of `step` back to back for at least blockMs (and 5 runs), after a fifth of that warming up. */
async function loopMs(step: () => unknown, blockMs: number): Promise<number> {
  for (let warm = 0, t0 = ns(); warm < 5 || ns() - t0 < BigInt(blockMs * 2e5); warm++) await step();
  const t0 = ns();
  const min = BigInt(Math.round(blockMs * 1e6));
  let runs = 0;
  let elapsed = 0n;
  while (runs < 5 || elapsed < min) {
    await step();
    runs++;
    elapsed = ns() - t0;
  }
  return Number(elapsed) / 1e6 / runs;
}

async function engineMs(s: Sessions, feeds: Feeds, batch: number, blockMs: number, preallocateOutputs: boolean): Promise<number> {
  const rule = { warmupIterations: 5, warmupMs: blockMs / 5, minIterations: 5, minTimeMs: blockMs, maxTimeMs: blockMs, targetRelativeCi: 0, maxIterations: 1e7 };
  return (await measurePoint({ session: s.session, feeds, batch, stopping: rule, preallocateOutputs })).stats.meanMs;
}

function layers(args: GapArgs, threads: number): Layer[] {
  const out: Layer[] = [];
  const { binary, addon, modelPath, width, blockMs } = args;
  if (binary !== null) {
    out.push({ label: 'native process', what: 'C loop, own process', time: async (_s, _f, b) => runNativeLoop(binary, modelPath, width, blockMs, threads, [b]).get(b) ?? Number.NaN });
  }
  if (addon !== null) out.push({ label: 'native in Node', what: 'same C loop in this process', time: async (s, _f, b) => addon.time(s.native, b, width, blockMs) });
  const output = (s: Sessions, f: Feeds) => preallocatedFetches(s.direct.run(f, { y: null }, {}) as ort.InferenceSession.ReturnType) ?? { y: null };
  out.push(
    {
      label: 'binding run()',
      what: 'native run() called directly',
      time: (s, f) => {
        const fetches = output(s, f);
        return loopMs(() => s.direct.run(f, fetches, {}), blockMs);
      },
    },
    {
      label: '+ setImmediate',
      what: "the handler's event-loop hop",
      time: (s, f) => {
        const fetches = output(s, f);
        return loopMs(() => new Promise((resolve) => setImmediate(() => resolve(s.direct.run(f, fetches, {})))), blockMs);
      },
    },
    { label: 'await session.run()', what: 'public API, outputs allocated', time: (s, f) => loopMs(() => s.session.run(f), blockMs) },
    { label: 'engine measurePoint', what: "the engine's timed mean", time: (s, f, b) => engineMs(s, f, b, blockMs, false) },
    // The one per-run cost the engine could still choose to skip: output buffers allocated and copied each run.
    { label: '… outputs pre-allocated', what: 'the same, writing into one output', time: (s, f, b) => engineMs(s, f, b, blockMs, true) },
  );
  return out;
}

/** Times every layer at every batch and thread count, alternating the order each repeat; prints medians. */
export async function bindingGap(args: GapArgs): Promise<void> {
  const cells = new Map<string, number[]>();
  const key = (label: string, threads: number, batch: number): string => `${label}|${threads}|${batch}`;
  const feeds = new Map(args.batches.map((b) => [b, mlpInput(b, args.width)]));
  for (let r = 0; r < args.repeats; r++) {
    for (const threads of r % 2 === 0 ? args.threads : [...args.threads].reverse()) {
      // Fresh sessions each repeat, one thread count alive at a time (as each native process has its own).
      const options = sessionOptionsFor('cpu', threads === 0 ? null : threads, DEFAULT_SESSION_SETTINGS);
      const sessions: Sessions = {
        session: await ort.InferenceSession.create(args.modelPath, options),
        direct: directSession(args.modelPath, options),
        native: args.addon?.open(args.modelPath, threads) ?? null,
      };
      for (const b of args.batches) {
        const ls = layers(args, threads);
        for (const layer of r % 2 === 0 ? ls : [...ls].reverse()) {
          const ms = await layer.time(sessions, feeds.get(b) as Feeds, b);
          const k = key(layer.label, threads, b);
          cells.set(k, [...(cells.get(k) ?? []), ms]);
        }
      }
      await sessions.session.release();
      sessions.direct.dispose();
      if (args.addon !== null) args.addon.close(sessions.native);
    }
    process.stderr.write(`gap repeat ${r + 1}/${args.repeats} done\n`);
  }
  for (const threads of args.threads) {
    console.log(`\nWhere the time goes, ${threads === 0 ? 'default intra-op threads' : `${threads} intra-op thread${threads === 1 ? '' : 's'}`} (median ms per run; ×: native process ÷ this, the throughput ratio; +µs: over the layer above)`);
    console.log([pad('layer', 22), pad('what', 38), ...args.batches.map((b) => pad(`batch ${b}: ms   ×     +µs`, 30, true))].join(' '));
    const ls = layers(args, threads);
    const reference = ls[0]?.label ?? '';
    ls.forEach((layer, i) => {
      const parts = [pad(layer.label, 22), pad(layer.what, 38)];
      for (const b of args.batches) {
        const ms = median(cells.get(key(layer.label, threads, b)) ?? []);
        const ref = median(cells.get(key(reference, threads, b)) ?? []);
        const above = i === 0 ? null : median(cells.get(key((ls[i - 1] as Layer).label, threads, b)) ?? []);
        const delta = above === null ? '' : `${ms >= above ? '+' : ''}${((ms - above) * 1000).toFixed(0)}`;
        parts.push(pad(`${ms.toFixed(ms < 0.1 ? 4 : 3)}  ${(ref / ms).toFixed(2)}  ${pad(delta, 6, true)}`, 30, true));
      }
      console.log(parts.join(' '));
    });
    for (const b of args.batches) console.log(pairedLine(cells, (label) => key(label, threads, b), b));
  }
}

/** "batch 1: engine ÷ C loop in Node 0.85× (…), with outputs pre-allocated 0.86×": medians of each repeat's ratio. */
function pairedLine(cells: Map<string, number[]>, keyOf: (label: string) => string, batch: number): string {
  const inNode = cells.get(keyOf('native in Node'));
  if (inNode === undefined) return `batch ${batch}: no C loop in Node to pair with`;
  const ratio = (label: string): string => {
    const runs = cells.get(keyOf(label)) ?? [];
    const each = runs.map((ms, i) => (inNode[i] ?? Number.NaN) / ms);
    return `${median(each).toFixed(3)}× (${Math.min(...each).toFixed(2)}–${Math.max(...each).toFixed(2)})`;
  };
  return `batch ${batch}, app/native throughput, median of the repeats' paired ratios (range): engine ÷ C loop in Node ${ratio('engine measurePoint')}; with outputs pre-allocated ${ratio('… outputs pre-allocated')}`;
}
