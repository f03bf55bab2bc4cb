// The GPU check's summary: `node summarize.js OUT_DIR` reads OUT_DIR/runs/*.json (run records) and
// OUT_DIR/failures.tsv, writes OUT_DIR/summary.txt and summary.csv, and prints the text.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { runRecordSchema, type PointResult, type RunRecord } from '../../electron/contract/run';
import { textTable } from '../../electron/cli/format/text-table';
import { hardwareReportSchema, type HardwareReport } from '../../electron/contract/hardware';
import { noteBlock } from './note-summary';
import { GPU_INT8_NOTE } from './plan';

type Measured = Extract<PointResult, { verdict: 'valid' | 'unstable' }>;

export interface SummaryRow {
  model: string;
  provider: string;
  precision: string;
  batch: number;
  verdict: string;
  throughput: number | null;
  p50Ms: number | null;
  /** Throughput over FP32's at the same model, provider and batch. */
  vsFp32: number | null;
  gpuMemoryMiB: number | null;
  gpuUtilMean: number | null;
  gpuPowerMeanW: number | null;
  gpuJPerInference: number | null;
  /** 'counter' or 'power-integral': how the GPU energy was had. */
  gpuEnergyBasis: string | null;
  cpuJPerInference: number | null;
  device: string;
}

function modelName(run: RunRecord): string {
  return basename(run.model.path).replace(/\.onnx$/, '');
}

export function readRuns(runsDir: string): RunRecord[] {
  const runs: RunRecord[] = [];
  for (const f of readdirSync(runsDir).filter((f) => f.endsWith('.json')).sort()) {
    const parsed = runRecordSchema.safeParse(JSON.parse(readFileSync(join(runsDir, f), 'utf8')));
    if (parsed.success) runs.push(parsed.data);
  }
  return runs;
}

export function summaryRows(runs: RunRecord[]): SummaryRow[] {
  const rows: SummaryRow[] = [];
  const fp32 = new Map<string, number>();
  const key = (m: string, p: PointResult) => `${m}|${p.provider}|${p.device ?? ''}|${p.batch}`;
  for (const run of runs)
    for (const p of run.points) if (p.verdict !== 'failed' && p.precision === 'fp32') fp32.set(key(modelName(run), p), p.stats.throughput);
  for (const run of runs) {
    const model = modelName(run);
    for (const p of run.points) {
      const m: Measured | null = p.verdict === 'failed' ? null : p;
      const t = m?.telemetry;
      const gpu = t?.gpu.available ? t.gpu : null;
      const base = fp32.get(key(model, p));
      rows.push({
        model,
        provider: p.provider,
        precision: p.precision,
        batch: p.batch,
        verdict: p.verdict === 'failed' ? `failed: ${p.failure}` : p.verdict,
        throughput: m?.stats.throughput ?? null,
        p50Ms: m?.stats.p50Ms ?? null,
        vsFp32: m && base && p.precision !== 'fp32' ? m.stats.throughput / base : null,
        gpuMemoryMiB: gpu?.memoryUsedBytes ? gpu.memoryUsedBytes.max / 2 ** 20 : m?.gpuMemoryBytes ? m.gpuMemoryBytes / 2 ** 20 : null,
        gpuUtilMean: gpu?.utilizationPercent?.mean ?? null,
        gpuPowerMeanW: gpu?.powerW?.mean ?? null,
        gpuJPerInference: t?.gpuEnergy.available ? t.gpuEnergy.joulesPerInference : null,
        gpuEnergyBasis: t?.gpuEnergy.available ? (t.gpuEnergy.basis ?? null) : null,
        cpuJPerInference: t?.cpuEnergy.available ? t.cpuEnergy.joulesPerInference : null,
        device: gpu ? `${gpu.device.index}: ${gpu.device.name} (${gpu.device.busId ?? 'bus ?'}, driver ${gpu.device.driver ?? '?'})` : '',
      });
    }
  }
  return rows;
}

const fmt = (v: number | null, digits: number) => (v === null ? '' : v.toFixed(digits));
const HEADER = ['model', 'provider', 'precision', 'batch', 'verdict', 'samples/s', 'p50 ms', 'vs fp32', 'GPU MiB', 'GPU util %', 'GPU W', 'GPU J/inf', 'CPU J/inf', 'device'];

function cells(r: SummaryRow): string[] {
  return [r.model, r.provider, r.precision, String(r.batch), r.verdict, fmt(r.throughput, 1), fmt(r.p50Ms, 3), r.vsFp32 === null ? '' : `${r.vsFp32.toFixed(2)}x`,
    fmt(r.gpuMemoryMiB, 0), fmt(r.gpuUtilMean, 0), fmt(r.gpuPowerMeanW, 1), r.gpuJPerInference === null ? '' : r.gpuJPerInference.toExponential(2),
    r.cpuJPerInference === null ? '' : r.cpuJPerInference.toExponential(2), r.device];
}

/** The reasons figures are missing and the methods of those present, each once. */
function notes(runs: RunRecord[]): string[] {
  const seen = new Set<string>();
  for (const run of runs)
    for (const p of run.points) {
      if (p.verdict === 'failed' || !p.telemetry) continue;
      const t = p.telemetry;
      if (p.provider !== 'cpu') seen.add(t.gpu.available ? `GPU telemetry: ${t.gpu.device.source} every ${t.gpu.intervalMs} ms` : `GPU telemetry (${p.provider}): not available: ${t.gpu.reason}`);
      if (p.provider !== 'cpu') seen.add(t.gpuEnergy.available ? `GPU energy: ${t.gpuEnergy.method}` : `GPU energy (${p.provider}): not available: ${t.gpuEnergy.reason}`);
      seen.add(t.cpuEnergy.available ? `CPU energy: ${t.cpuEnergy.method}` : `CPU energy: not available: ${t.cpuEnergy.reason}`);
    }
  return [...seen, GPU_INT8_NOTE];
}

function readHardware(path: string): HardwareReport | null {
  try {
    const parsed = hardwareReportSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** When the runs ran, from their own records: first start to last finish. */
function runSpan(runs: RunRecord[]): string {
  const starts = runs.map((r) => Date.parse(r.startedAt)).filter(Number.isFinite);
  const ends = runs.map((r) => Date.parse(r.finishedAt ?? '')).filter(Number.isFinite);
  if (starts.length === 0 || ends.length === 0) return 'no run finished';
  const from = Math.min(...starts);
  return `runs from ${new Date(from).toISOString().slice(0, 16)}Z, ${Math.round((Math.max(...ends) - from) / 1000)} s of benches`;
}

function main(): void {
  const out = process.argv[2];
  if (!out) throw new Error('usage: node summarize.js OUT_DIR');
  const runs = readRuns(join(out, 'runs'));
  const rows = summaryRows(runs);
  let failuresTsv = '';
  try {
    failuresTsv = readFileSync(join(out, 'failures.tsv'), 'utf8');
  } catch {
    failuresTsv = '';
  }
  const failures = failuresTsv.split('\n').filter((l) => l.trim()).map((l) => l.split('\t'));
  const failedPoints = runs.flatMap((run) => run.points.flatMap((p) => (p.verdict === 'failed' ? [[`${modelName(run)} ${p.provider} ${p.precision} batch ${p.batch}`, `${p.failure}: ${p.error.message}`]] : [])));
  const providers = [...new Set(rows.map((r) => r.provider))].join(', ') || 'none';
  const text = [
    noteBlock(readHardware(join(out, 'hw.json')), rows, failures.length + failedPoints.length, runSpan(runs)),
    '',
    `GPU check: ${runs.length} runs, ${rows.length} points (${rows.filter((r) => r.throughput !== null).length} measured) on ${providers}`,
    '',
    textTable(HEADER, rows.map(cells)),
    '',
    'Failures and skipped steps:',
    ...(failures.length + failedPoints.length === 0 ? ['  none'] : [...failures, ...failedPoints].map(([what, why]) => `  ${what}: ${why ?? ''}`)),
    '',
    'Notes:',
    ...notes(runs).map((n) => `  ${n}`),
  ].join('\n');
  writeFileSync(join(out, 'summary.txt'), `${text}\n`);
  writeFileSync(join(out, 'summary.csv'), stringify([HEADER, ...rows.map(cells)]));
  process.stdout.write(`${text}\n`);
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`gpu-check summary: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
