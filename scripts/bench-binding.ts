// The binding gap: which onnxruntime session settings bring onnxruntime-node closest to a native loop over the
// same libonnxruntime, on the 4×1024 MLP (CPU provider) at batch 1, 16 and 128. Prints, per settings set, the
// median time per run over alternating repeats, its throughput, the gap to the native loop (when a C compiler is
// there to build it), and from onnxruntime's profiler its own time per run beside the end-to-end time of the
// same runs from JS: what the binding and the event loop cost. Then (part `gap`) where the time goes between the
// native loop and the engine's mean, layer by layer (scripts/lib/binding-gap.ts), at default threads and at 1.
//   node dist/scripts/bench-binding.js [--repeats 11] [--block-ms 150] [--batches 1,16,128] [--only label,label]
//                                      [--part settings,gap] [--depth 4]
// --depth 0 runs an Identity model instead (x copied to y, no layers): what is left is each layer's fixed cost per run.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { SessionSettings } from '../electron/contract/run';
import { preallocatedFetches } from '../electron/engine/bench/measure-fetches';
import { ortProfilePass } from '../electron/engine/bench/session-profile';
import { DEFAULT_SESSION_SETTINGS, resolveDefaultIntraOpThreads, sessionOptionsFor } from '../electron/engine/bench/session-settings';
import { mlpModel } from '../test/fixtures/tiny-models';
import { bareLoopMs, flag, median, mlpInput, pad } from './lib/bench-util';
import { bindingGap } from './lib/binding-gap';
import { buildNativeLoop, loadNativeLoopAddon, runNativeLoop } from './lib/native-loop';

interface Candidate {
  label: string;
  threads: number | null;
  settings: SessionSettings;
}

/** onnxruntime's own defaults, whatever the engine's default currently is. */
const ORT_DEFAULTS: SessionSettings = {
  graphOptimizationLevel: 'all',
  executionMode: 'sequential',
  interOpNumThreads: null,
  enableCpuMemArena: true,
  enableMemPattern: true,
  allowSpinning: true,
  preallocatedOutputs: false,
};

const CORES = resolveDefaultIntraOpThreads();

const with_ = (patch: Partial<SessionSettings>): SessionSettings => ({ ...ORT_DEFAULTS, ...patch });

const CANDIDATES: Candidate[] = [
  { label: 'ort-defaults', threads: null, settings: ORT_DEFAULTS },
  { label: 'engine-default', threads: null, settings: DEFAULT_SESSION_SETTINGS },
  { label: 'threads=1', threads: 1, settings: ORT_DEFAULTS },
  // The default count set explicitly: onnxruntime then skips the thread affinity it sets when left to its default.
  { label: `threads=${CORES}`, threads: CORES, settings: ORT_DEFAULTS },
  { label: 'no-spin', threads: null, settings: with_({ allowSpinning: false }) },
  { label: 'threads=1+no-spin', threads: 1, settings: with_({ allowSpinning: false }) },
  { label: 'parallel', threads: null, settings: with_({ executionMode: 'parallel' }) },
  { label: 'parallel+inter=1', threads: null, settings: with_({ executionMode: 'parallel', interOpNumThreads: 1 }) },
  { label: 'no-arena', threads: null, settings: with_({ enableCpuMemArena: false }) },
  { label: 'no-mem-pattern', threads: null, settings: with_({ enableMemPattern: false }) },
  { label: 'prealloc-out', threads: null, settings: with_({ preallocatedOutputs: true }) },
  { label: 'prealloc-out+no-spin', threads: null, settings: with_({ preallocatedOutputs: true, allowSpinning: false }) },
];

/** Native loops (C API, no binding) with onnxruntime's default threads, the same count set explicitly, and one. */
const NATIVE = [
  { label: 'native C loop', threads: 0 },
  { label: `native C loop+threads=${CORES}`, threads: CORES },
  { label: 'native C loop+threads=1', threads: 1 },
];

const WIDTH = 1024;

interface Cell {
  msPerRun: number[];
  ortMs: number | null;
  e2eProfiledMs: number | null;
}

const key = (label: string, batch: number): string => `${label}@${batch}`;

async function main(): Promise<void> {
  const repeats = Number(flag('repeats', '11'));
  const blockMs = Number(flag('block-ms', '150'));
  const batches = flag('batches', '1,16,128').split(',').map(Number);
  const only = flag('only', '');
  const candidates = only === '' ? CANDIDATES : CANDIDATES.filter((c) => only.split(',').includes(c.label));
  const depth = Number(flag('depth', '4'));
  const model = mlpModel({ layers: depth, width: WIDTH });
  const feedsFor = new Map(batches.map((b) => [b, mlpInput(b, WIDTH)]));
  const parts = flag('part', 'settings,gap').split(',');
  const native = buildNativeLoop();
  const modelPath = join(mkdtempSync(join(tmpdir(), 'infermeter-binding-')), `mlp-${depth}x1024.onnx`);
  writeFileSync(modelPath, model);
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`);
  console.log(`onnxruntime-node ${ort.env.versions.common}, ${depth === 0 ? 'Identity model (x to y, 1024 wide)' : `${depth}×1024 MLP`}, CPU provider; physical cores here (onnxruntime's documented default intra-op count; it may start fewer): ${resolveDefaultIntraOpThreads()}`);
  console.log(`${repeats} alternating repeats of ≥${blockMs} ms per cell, one session alive at a time; medians.`);
  if ('skipped' in native) console.log(`native baseline skipped: ${native.skipped}`);
  if (parts.includes('settings')) await settingsPart(model, modelPath, native, { repeats, blockMs, batches, candidates, feedsFor });
  if (parts.includes('gap')) {
    const addon = loadNativeLoopAddon();
    if ('skipped' in addon) console.log(`\nnative loop inside Node skipped: ${addon.skipped}`);
    await bindingGap({
      binary: 'binary' in native ? native.binary : null,
      addon: 'addon' in addon ? addon.addon : null,
      modelPath,
      width: WIDTH,
      blockMs,
      repeats,
      batches,
      threads: [0, 1],
    });
  }
  console.log(`load average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

interface SettingsArgs {
  repeats: number;
  blockMs: number;
  batches: number[];
  candidates: Candidate[];
  feedsFor: Map<number, Record<string, ort.Tensor>>;
}

/** Every settings candidate against the native loop, alternating; then a profiled pass of each. */
async function settingsPart(model: Uint8Array, modelPath: string, native: ReturnType<typeof buildNativeLoop>, a: SettingsArgs): Promise<void> {
  const { repeats, blockMs, batches, candidates, feedsFor } = a;
  console.log('');

  const cells = new Map<string, Cell>();
  const labels = [...candidates.map((c) => c.label), ...('binary' in native ? NATIVE.map((n) => n.label) : [])];
  for (const label of labels) for (const b of batches) cells.set(key(label, b), { msPerRun: [], ortMs: null, e2eProfiledMs: null });
  for (let r = 0; r < repeats; r++) {
    // Alternate the order each repeat so drift (thermal, other load) does not favour one candidate. Only one
    // session exists at a time: idle sessions' thread pools would otherwise compete for the cores.
    const order = r % 2 === 0 ? candidates : [...candidates].reverse();
    if ('binary' in native && r % 2 === 1) measureNative(native.binary, modelPath, blockMs, batches, cells);
    for (const c of order) {
      const session = await ort.InferenceSession.create(model, sessionOptionsFor('cpu', c.threads, c.settings));
      for (const b of batches) {
        const feeds = feedsFor.get(b) as Record<string, ort.Tensor>;
        const fetches = c.settings.preallocatedOutputs ? (preallocatedFetches(await session.run(feeds)) ?? undefined) : undefined;
        const { msPerRun } = await bareLoopMs(session, feeds, fetches, { minMs: blockMs, minRuns: 5, warmup: 5 });
        (cells.get(key(c.label, b)) as Cell).msPerRun.push(msPerRun);
      }
      await session.release();
    }
    if ('binary' in native && r % 2 === 0) measureNative(native.binary, modelPath, blockMs, batches, cells);
    process.stderr.write(`repeat ${r + 1}/${repeats} done\n`);
  }
  for (const c of candidates) {
    for (const b of batches) {
      const cell = cells.get(key(c.label, b)) as Cell;
      const feeds = feedsFor.get(b) as Record<string, ort.Tensor>;
      const runs = Math.max(20, Math.min(200, Math.round(200 / median(cell.msPerRun))));
      let fetches: Record<string, ort.Tensor> | undefined;
      if (c.settings.preallocatedOutputs) {
        const probe = await ort.InferenceSession.create(model, sessionOptionsFor('cpu', c.threads, c.settings));
        fetches = preallocatedFetches(await probe.run(feeds)) ?? undefined;
        await probe.release();
      }
      const profile = await ortProfilePass(model, sessionOptionsFor('cpu', c.threads, c.settings), feeds, runs, fetches);
      cell.ortMs = profile.ortMeanMs;
      cell.e2eProfiledMs = profile.endToEndMeanMs;
    }
  }
  printTable(labels, batches, cells);
}

function measureNative(binary: string, modelPath: string, blockMs: number, batches: number[], cells: Map<string, Cell>): void {
  for (const n of NATIVE) {
    const ms = runNativeLoop(binary, modelPath, WIDTH, blockMs, n.threads, batches);
    for (const b of batches) {
      const value = ms.get(b);
      if (value !== undefined) (cells.get(key(n.label, b)) as Cell).msPerRun.push(value);
    }
  }
}

function printTable(labels: string[], batches: number[], cells: Map<string, Cell>): void {
  const width = 66;
  console.log([pad('settings', 24), ...batches.map((b) => pad(`batch ${b}: ms/run (best)  samples/s  vs C | ORT ms  e2e ms  binding`, width, true))].join(' '));
  for (const label of labels) {
    const parts = [pad(label, 24)];
    for (const b of batches) {
      const cell = cells.get(key(label, b)) as Cell;
      const ms = median(cell.msPerRun);
      const best = Math.min(...cell.msPerRun);
      const nativeCell = cells.get(key('native C loop', b));
      const vsC = nativeCell === undefined ? '' : signed(ms / median(nativeCell.msPerRun) - 1, 0);
      const profiled = cell.ortMs === null || cell.e2eProfiledMs === null ? '' : `${cell.ortMs.toFixed(3)}  ${cell.e2eProfiledMs.toFixed(3)}  ${signed(cell.e2eProfiledMs / cell.ortMs - 1, 1)}`;
      parts.push(pad(`${ms.toFixed(3)} (${best.toFixed(3)})  ${pad((b / (ms / 1000)).toFixed(0), 9, true)}  ${pad(vsC, 5, true)} | ${pad(profiled, 22, true)}`, width, true));
    }
    console.log(parts.join(' '));
  }
  console.log('\nms/run: a bare `await session.run()` loop (native rows: the same loop in C over the same libonnxruntime),');
  console.log('median of the repeats (fastest repeat). vs C: ms/run over the native loop with default threads.');
  console.log("ORT ms / e2e ms: onnxruntime's profiler ('model_run') and JS timing of the same runs in a profiled session;");
  console.log('binding = e2e / ORT - 1.');
}

function signed(fraction: number, digits: number): string {
  return `${fraction >= 0 ? '+' : ''}${(fraction * 100).toFixed(digits)}%`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
