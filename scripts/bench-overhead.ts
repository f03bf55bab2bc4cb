// What the measuring harness costs and how long adaptive stopping takes.
//  1. On one session of a tiny model at batch 1: measurePoint's reported mean against a bare
//     `await session.run()` loop of the same number of iterations, in alternating order over many short rounds
//     (short, so that both halves of a round see the same load on a shared machine). Prints the median ratio
//     (goal: ≤ 1.03).
//  2. Adaptive stopping on the 4×1024 MLP at batch 1, 16 and 128 with the CLI's default stopping rule:
//     iterations, seconds and the CI reached per point.
//   node dist/scripts/bench-overhead.js [--rounds 201] [--iterations 500] [--batches 1,16,128] [--skip-convergence]
import { availableParallelism, loadavg } from 'node:os';
import * as ort from 'onnxruntime-node';
import { quantileOfSorted } from '../common/stats/percentile';
import type { StoppingRule } from '../electron/contract/run';
import { measurePoint } from '../electron/engine/bench/measure-point';
import { DEFAULT_SESSION_SETTINGS, sessionOptionsFor } from '../electron/engine/bench/session-settings';
import { mlpModel } from '../test/fixtures/tiny-models';
import { flag, hasFlag, median, mlp4x1024, mlpInput, pad } from './lib/bench-util';

/** The CLI's defaults (electron/cli/commands/bench.ts). */
const DEFAULT_RULE: StoppingRule = {
  warmupIterations: 5,
  warmupMs: 200,
  minIterations: 10,
  minTimeMs: 500,
  maxTimeMs: 10_000,
  targetRelativeCi: 0.01,
  maxIterations: 100_000,
};

const TINY_WIDTH = 16;

async function bareMeanMs(session: ort.InferenceSession, feeds: Record<string, ort.Tensor>, iterations: number, warmup: number): Promise<number> {
  for (let i = 0; i < warmup; i++) await session.run(feeds);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < iterations; i++) await session.run(feeds);
  return Number(process.hrtime.bigint() - t0) / 1e6 / iterations;
}

async function overhead(rounds: number, iterations: number): Promise<void> {
  const session = await ort.InferenceSession.create(mlpModel({ width: TINY_WIDTH, layers: 1 }), sessionOptionsFor('cpu', null, DEFAULT_SESSION_SETTINGS));
  const feeds = mlpInput(1, TINY_WIDTH);
  // An impossible target and an iteration cap: measurePoint times exactly `iterations` runs.
  const fixed: StoppingRule = { ...DEFAULT_RULE, warmupIterations: 20, warmupMs: 0, minTimeMs: 0, maxTimeMs: 600_000, targetRelativeCi: 1e-12, maxIterations: iterations };
  const ratios: number[] = [];
  const wallRatios: number[] = [];
  const bare: number[] = [];
  const reported: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const measureFirst = r % 2 === 0;
    let bareMs = 0;
    if (!measureFirst) bareMs = await bareMeanMs(session, feeds, iterations, 21);
    const t0 = process.hrtime.bigint();
    const m = await measurePoint({ session, feeds, batch: 1, stopping: fixed });
    const wallMs = Number(process.hrtime.bigint() - t0) / 1e6;
    if (measureFirst) bareMs = await bareMeanMs(session, feeds, iterations, 21);
    ratios.push(m.stats.meanMs / bareMs);
    // The harness's whole cost per iteration (first run, warm-up and bookkeeping included) against the bare loop.
    wallRatios.push(wallMs / (iterations + 21) / bareMs);
    bare.push(bareMs);
    reported.push(m.stats.meanMs);
  }
  await session.release();
  console.log(`1. harness overhead: tiny MLP (1×${TINY_WIDTH}), batch 1, ${iterations} iterations × ${rounds} rounds, alternating order`);
  console.log(`   bare loop mean        ${(median(bare) * 1000).toFixed(2)} µs/run (median of rounds)`);
  console.log(`   measurePoint mean     ${(median(reported) * 1000).toFixed(2)} µs/run`);
  console.log(`   ratio reported/bare   ${median(ratios).toFixed(3)} (quartiles of the rounds ${quartiles(ratios)})  goal ≤ 1.03`);
  console.log(`   wall per run / bare   ${median(wallRatios).toFixed(3)} (what the whole harness costs per run, bookkeeping included)\n`);
}

function quartiles(values: number[]): string {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q: number): string => quantileOfSorted(sorted, q).toFixed(3);
  return `${at(0.25)}–${at(0.75)}`;
}

async function convergence(batches: number[]): Promise<void> {
  console.log('2. adaptive stopping on the 4×1024 MLP, CLI default rule (target 1%, min 10 iterations and 0.5 s, max 10 s)');
  console.log(`   ${pad('batch', 6)} ${pad('verdict', 9)} ${pad('iterations', 10, true)} ${pad('seconds', 8, true)} ${pad('CI', 7, true)} ${pad('mean ms', 9, true)}  criterion`);
  const session = await ort.InferenceSession.create(mlp4x1024(), sessionOptionsFor('cpu', null, DEFAULT_SESSION_SETTINGS));
  for (const batch of batches) {
    const m = await measurePoint({ session, feeds: mlpInput(batch, 1024), batch, stopping: DEFAULT_RULE });
    const s = m.stats;
    console.log(
      `   ${pad(String(batch), 6)} ${pad(m.verdict, 9)} ${pad(String(s.iterations), 10, true)} ${pad((s.totalTimeMs / 1000).toFixed(2), 8, true)} ${pad(`${(s.ciRelative * 100).toFixed(2)}%`, 7, true)} ${pad(s.meanMs.toFixed(3), 9, true)}  ${m.criterion}`,
    );
    for (const w of m.warnings) console.log(`          warning: ${w}`);
  }
  await session.release();
}

async function main(): Promise<void> {
  const rounds = Number(flag('rounds', '201'));
  const iterations = Number(flag('iterations', '500'));
  const batches = flag('batches', '1,16,128').split(',').map(Number);
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores\n`);
  await overhead(rounds, iterations);
  if (!hasFlag('skip-convergence')) await convergence(batches);
  console.log(`\nload average at end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
