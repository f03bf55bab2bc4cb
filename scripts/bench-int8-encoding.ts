// What the INT8 weight encoding costs in speed on this CPU: builtin:mlp and builtin:bert-base at FP32 and INT8 with
// int8 (s8) and uint8 (u8, zero point 128) weights, measured in alternating rounds (FP32, s8, u8, FP32, …) so a drift
// of the machine lands on all three; per round each point's throughput, then the median over rounds and the ratios
// to FP32. Also each variant's accuracy against FP32 and the encoding the converter picks here. On a CPU without
// VNNI (AVX2 only) this is the before (s8, which saturates) and after (u8) of the safe encoding.
// Run: npm run bench:int8-encoding [-- --rounds 5] [-- --batches 1,16,64] [-- --models mlp,bert-base] [-- --size base]
// (bert-base at base size takes seconds per inference at batch 64 on 2 cores: give it --batches 1,8 --rounds 3).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Int8WeightEncoding } from '../electron/contract/hardware';
import type { StoppingRule } from '../electron/contract/run';
import { DEFAULT_SESSION_SETTINGS, sessionOptionsFor } from '../electron/engine/bench/session-settings';
import { measurePoint } from '../electron/engine/bench/measure-point';
import { convertModel, localInt8Path } from '../electron/engine/convert/convert-model';
import { inspectModel } from '../electron/engine/model/inspect-model';
import { resolveInputShapes, synthesizeInputs } from '../electron/engine/model/input-synthesis';
import { median } from '../common/stats/percentile';
import { buildBuiltin, type ModelSize } from '../models/catalog';

const STOPPING: StoppingRule = { warmupIterations: 2, warmupMs: 100, minIterations: 5, minTimeMs: 400, maxTimeMs: 800, targetRelativeCi: 0.5, maxIterations: 100_000 };

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

type Variant = { label: string; path: string; cosine: number | null };

async function throughput(path: string, batch: number): Promise<number> {
  const info = await inspectModel(path);
  const shapes = resolveInputShapes(info, batch, { dims: {}, shapes: {} });
  const session = await ort.InferenceSession.create(path, { ...sessionOptionsFor('cpu', null, DEFAULT_SESSION_SETTINGS), logSeverityLevel: 3 });
  try {
    return (await measurePoint({ session, feeds: synthesizeInputs(info, shapes, {}, 1), batch, stopping: STOPPING })).stats.throughput;
  } finally {
    await session.release();
  }
}

async function main(): Promise<void> {
  const rounds = Number(arg('rounds', '5'));
  const batches = arg('batches', '1,16,64').split(',').map(Number);
  const models = arg('models', 'mlp').split(',');
  const size = arg('size', 'base') as ModelSize;
  const here = await localInt8Path();
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-int8-enc-'));
  process.stdout.write(`INT8 path here: ${here.kernel}; variants made here use ${here.weightEncoding} weights\n${here.summary}\n`);
  process.stdout.write(`Method: ${rounds} rounds; in each, every variant at every batch in turn (FP32, s8, u8), ${STOPPING.minTimeMs}–${STOPPING.maxTimeMs} ms per point; median throughput over rounds; ratios of medians; range = lowest–highest per-round ratio.\n`);
  process.stdout.write(`Load average at start: ${(await import('node:os')).loadavg().map((l) => l.toFixed(2)).join(' ')}\n\n`);
  try {
    for (const name of models) {
      const built = await buildBuiltin(name, { size }, { dir: join(dir, 'models') });
      const variants: Variant[] = [{ label: 'fp32', path: built.path, cosine: null }];
      for (const enc of ['s8', 'u8'] as Int8WeightEncoding[]) {
        const report = await convertModel(built.path, { to: 'int8', outPath: join(dir, `${name}-${enc}.onnx`), int8Weights: enc });
        variants.push({ label: `int8 ${enc}`, path: report.outputPath, cosine: report.accuracy?.cosine ?? null });
      }
      const samples = new Map<string, number[]>();
      for (let r = 0; r < rounds; r++) {
        for (const batch of batches) {
          for (const v of variants) {
            const key = `${v.label}@${batch}`;
            samples.set(key, [...(samples.get(key) ?? []), await throughput(v.path, batch)]);
          }
        }
      }
      process.stdout.write(`builtin:${name} (${size})\n`);
      process.stdout.write(`${'variant'.padEnd(10)} ${'cosine'.padEnd(9)} ${batches.map((b) => `b${b} samples/s`.padStart(16) + `  ×FP32 (range)`.padEnd(20)).join('')}\n`);
      for (const v of variants) {
        const cells = batches.map((b) => {
          const mine = samples.get(`${v.label}@${b}`) ?? [];
          const base = samples.get(`fp32@${b}`) ?? [];
          const ratios = mine.map((t, i) => t / (base[i] as number));
          const ratio = median(mine) / median(base);
          return `${median(mine).toFixed(0).padStart(16)}  ${`${ratio.toFixed(2)} (${Math.min(...ratios).toFixed(2)}–${Math.max(...ratios).toFixed(2)})`.padEnd(20)}`;
        });
        process.stdout.write(`${v.label.padEnd(10)} ${(v.cosine === null ? '-' : v.cosine.toFixed(5)).padEnd(9)} ${cells.join('')}\n`);
      }
      process.stdout.write('\n');
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
