// Converts every built-in model to FP16 and INT8 (dynamic), checks each against FP32, and measures throughput on the
// CPU provider at batch 1 and 8. Run: npm run bench:precision [-- --size tiny] [-- --models mlp,bert-base]
// [-- --batches 1,8] [-- --max-time-ms 3000]. Goals (issue 4): FP16 cosine >= 0.999 on every model; INT8 of mlp and
// bert-base >= 2x FP32 throughput at batch >= 8 with cosine >= 0.99.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { ConversionReport, ConversionTarget } from '../electron/contract/convert';
import type { StoppingRule } from '../electron/contract/run';
import { DEFAULT_SESSION_SETTINGS, sessionOptionsFor } from '../electron/engine/bench/session-settings';
import { measurePoint } from '../electron/engine/bench/measure-point';
import { convertModel } from '../electron/engine/convert/convert-model';
import { inspectModel } from '../electron/engine/model/inspect-model';
import { resolveInputShapes, synthesizeInputs } from '../electron/engine/model/input-synthesis';
import { buildBuiltin, listBuiltins, type ModelSize } from '../models/catalog';

const STOPPING: StoppingRule = { warmupIterations: 2, warmupMs: 200, minIterations: 5, minTimeMs: 500, maxTimeMs: 3000, targetRelativeCi: 0.03, maxIterations: 100_000 };

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

async function throughput(modelPath: string, batch: number, stopping: StoppingRule): Promise<number | null> {
  const info = await inspectModel(modelPath);
  const shapes = resolveInputShapes(info, batch, { dims: {}, shapes: {} });
  const session = await ort.InferenceSession.create(modelPath, { ...sessionOptionsFor('cpu', null, DEFAULT_SESSION_SETTINGS), logSeverityLevel: 3 });
  try {
    const m = await measurePoint({ session, feeds: synthesizeInputs(info, shapes, {}, 1), batch, stopping });
    return m.stats.throughput;
  } catch (error) {
    process.stderr.write(`  ${modelPath} batch ${batch}: ${error instanceof Error ? error.message : String(error)}\n`);
    return null;
  } finally {
    await session.release();
  }
}

type Row = { model: string; precision: string; report: ConversionReport | null; bytes: number; thr: (number | null)[] };

const fmt = (v: number | null | undefined, digits: number): string => (v === null || v === undefined ? '-' : v.toFixed(digits));

function printTable(rows: Row[], batches: number[]): void {
  const head = ['model', 'precision', 'size MB', 'converted', 'cosine', 'rel L2', 'top1', ...batches.map((b) => `thr b${b}/s`), ...batches.map((b) => `x fp32 b${b}`)];
  const lines = rows.map((r) => {
    const base = rows.find((x) => x.model === r.model && x.precision === 'fp32');
    const acc = r.report?.accuracy ?? null;
    return [
      r.model,
      r.precision,
      (r.bytes / 1e6).toFixed(1),
      r.report ? `${r.report.nodesConverted}/${r.report.nodesTotal}` : '-',
      acc ? acc.cosine.toFixed(6) : '-',
      acc ? acc.relativeL2.toExponential(2) : '-',
      acc?.top1Agreement != null ? `${(100 * acc.top1Agreement).toFixed(0)}%` : '-',
      ...r.thr.map((t) => fmt(t, 1)),
      ...r.thr.map((t, i) => (t !== null && base?.thr[i] ? (t / (base.thr[i] as number)).toFixed(2) : '-')),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length)));
  for (const l of [head, ...lines]) process.stdout.write(`${l.map((c, i) => (i < 2 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ')}\n`);
}

async function main(): Promise<void> {
  const size = arg('size', 'base') as ModelSize;
  const batches = arg('batches', '1,8').split(',').map(Number);
  const stopping = { ...STOPPING, maxTimeMs: Number(arg('max-time-ms', String(STOPPING.maxTimeMs))) };
  const names = arg('models', listBuiltins().map((m) => m.name).join(',')).split(',');
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-bench-precision-'));
  const rows: Row[] = [];
  const notes: string[] = [];
  try {
    for (const name of names) {
      const source = await buildBuiltin(name, { size });
      process.stderr.write(`${name} (${size}): measuring fp32\n`);
      const fp32: (number | null)[] = [];
      for (const b of batches) fp32.push(await throughput(source.path, b, stopping));
      rows.push({ model: name, precision: 'fp32', report: null, bytes: source.bytes, thr: fp32 });
      for (const target of ['fp16', 'int8'] as ConversionTarget[]) {
        process.stderr.write(`${name}: converting to ${target}\n`);
        let report: ConversionReport;
        try {
          report = await convertModel(source.path, { to: target, outPath: join(dir, `${name}-${target}.onnx`), accuracySamples: 4 });
        } catch (error) {
          notes.push(`${name} ${target}: conversion failed: ${error instanceof Error ? error.message : String(error)}`);
          continue;
        }
        for (const w of report.warnings) notes.push(`${name} ${target}: ${w}`);
        const thr: (number | null)[] = [];
        for (const b of batches) thr.push(await throughput(report.outputPath, b, stopping));
        rows.push({ model: name, precision: target, report, bytes: report.outputBytes, thr });
      }
    }
    printTable(rows, batches);
    if (notes.length > 0) process.stdout.write(`\n${notes.join('\n')}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
