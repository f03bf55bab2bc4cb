// Projects the built-in ResNet-50 and BERT-base, measured on this machine's CPU, onto every accelerator of
// data/published-throughput.json that the catalog describes, and prints per row the projected range against the
// published figure. Run: npm run bench:projection [-- --max-time-ms 3000] [-- --all] [-- --save m.json | --load m.json]
// (on a quiet machine: it times; --all prints the rows that are not like-for-like too; --save keeps this machine's
// measurements, --load projects from saved ones without timing anything). Goal (issue 17): on like-for-like rows (same
// runtime class, precision, model) the published figure inside the projected range, the range at most 4× wide.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { z } from 'zod';
import type { ModelInfo } from '../electron/contract/model';
import type { BatchPointSummary, MachineRates } from '../electron/contract/recommend';
import type { StoppingRule } from '../electron/contract/run';
import { DEFAULT_SESSION_SETTINGS, sessionOptionsFor } from '../electron/engine/bench/session-settings';
import { measurePoint } from '../electron/engine/bench/measure-point';
import { inspectModel } from '../electron/engine/model/inspect-model';
import { resolveInputShapes, synthesizeInputs } from '../electron/engine/model/input-synthesis';
import { loadCatalog, shippedDataDir, type Catalog } from '../electron/engine/recommend/catalog';
import { measureMachineRates } from '../electron/engine/recommend/machine-rates';
import type { Span } from '../electron/engine/recommend/overheads';
import type { ServingMode } from '../electron/engine/recommend/serving-mode';
import { SERVER_PROJECTION_METHOD, serverQpsRange } from '../electron/engine/recommend/server-projection';
import { efficiencySpan, projectRange, sourceEfficiencies, type RangeSource, type RangeTarget } from '../electron/engine/recommend/project-range';
import { BERT_BASE, bertCost, type BertConfig } from '../models/bert';
import { buildBuiltin } from '../models/catalog';
import { classifyRow, publishedRowSchema, unpaddedModel, type ClassifiedRow, type HardwareRef } from './lib/published-rows';

const BERT_LARGE: BertConfig = { ...BERT_BASE, layers: 24, hidden: 1024, heads: 16, intermediate: 4096 };
const WIDTH_GOAL = 4;
const MODE_SHORT: Record<ServingMode, string> = { session: 'session', pipelined: 'pipelined', 'compute-only': 'compute only', served: 'served' };

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

type Measured = { name: string; info: ModelInfo; source: RangeSource };

async function measureModel(name: string, options: Record<string, number>, batches: number[], stopping: StoppingRule): Promise<Measured> {
  const built = await buildBuiltin(name, { size: 'base', ...options });
  const info = await inspectModel(built.path);
  const session = await ort.InferenceSession.create(built.path, { ...sessionOptionsFor('cpu', null, DEFAULT_SESSION_SETTINGS), logSeverityLevel: 3 });
  const ranges: Record<string, [number, number]> = name === 'bert-base' ? { input_ids: [0, BERT_BASE.vocab], attention_mask: [1, 2] } : {};
  const points: BatchPointSummary[] = [];
  try {
    for (const batch of batches) {
      const m = await measurePoint({ session, feeds: synthesizeInputs(info, resolveInputShapes(info, batch, { dims: {}, shapes: {} }), ranges, 1), batch, stopping });
      points.push({ batch, verdict: m.verdict, meanMs: m.stats.meanMs, p99Ms: m.stats.p99Ms, throughput: m.stats.throughput, meetsSlo: true });
      process.stderr.write(`  ${name}${options.seq ? ` seq ${options.seq}` : ''} batch ${batch}: ${m.stats.meanMs.toFixed(1)} ms (±${((m.stats.ciRelative ?? 0) * 100).toFixed(1)}%), ${m.verdict}\n`);
    }
  } finally {
    await session.release();
  }
  return { name: `${name}${options.seq ? `:seq=${options.seq}` : ''}`, info, source: { runId: 'bench-projection', precision: 'fp32', points, model: info, cacheBytes: null } };
}

async function refreshInfo(m: Measured): Promise<Measured> {
  const [name, seq] = m.name.split(':seq=');
  const info = await inspectModel((await buildBuiltin(name ?? m.name, { size: 'base', ...(seq ? { seq: Number(seq) } : {}) })).path);
  return { ...m, info, source: { ...m.source, model: info } };
}

/** BERT-Large's work from the built-in BERT-base's: FLOPs and weights from the config, activations and nodes scaled by width × depth. */
function bertLarge(base: ModelInfo, seq: number): RangeSource['model'] {
  const from = bertCost({ ...BERT_BASE, seq });
  const to = bertCost({ ...BERT_LARGE, seq });
  const activations = (base.cost.bytesPerSample - base.parameterBytes) * ((BERT_LARGE.hidden * BERT_LARGE.layers) / (BERT_BASE.hidden * BERT_BASE.layers));
  return {
    ...base,
    parameterBytes: to.params * 4,
    nodeCount: Math.round(base.nodeCount * (BERT_LARGE.layers / BERT_BASE.layers)),
    cost: {
      ...base.cost, flopsPerSample: base.cost.flopsPerSample * (to.macs / from.macs), bytesPerSample: to.params * 4 + activations,
      // Every matrix op's output widens with the hidden size (the attention scores with the heads, in the same ratio).
      gemmOutputs: base.cost.gemmOutputs?.map((g) => ({ outputs: g.outputs * (BERT_LARGE.hidden / BERT_BASE.hidden), flops: g.flops * (to.macs / from.macs) })),
    },
    outputs: base.outputs.map((o) => ({ ...o, shape: o.shape.map((d) => (d === BERT_BASE.hidden ? BERT_LARGE.hidden : d)) })),
  };
}

function targetOf(hw: HardwareRef, c: ClassifiedRow, catalog: Catalog): RangeTarget | string {
  const acc = catalog.accelerators.get(hw.acceleratorId);
  if (!acc || c.precision === null) return `${hw.acceleratorId} not in the catalog`;
  const key = c.precision === 'int8' ? 'int8_tops' : c.precision;
  const runtime = c.runtime === 'other' ? (hw.kind === 'cpu' ? 'cpu' : 'cuda') : c.runtime;
  if (acc.memory_bandwidth_gbs === null) return `no bandwidth for ${acc.name}`;
  if (hw.kind === 'cpu') {
    const d = acc.cpu_detail;
    if (!d) return `no cpu_detail for ${acc.name}`;
    const perSocket = c.precision === 'fp32' ? d.fp32_gflops_per_vcpu * hw.vcpusPerSocket * 1e9 : (acc.peak_tflops[key] ?? 0) * 1e12 * (hw.vcpusPerSocket / d.vcpus_per_socket);
    if (!(perSocket > 0)) return `no ${c.precision} peak for ${acc.name}`;
    return { flopsPerS: perSocket, bytesPerS: acc.memory_bandwidth_gbs * 1e9, devices: hw.sockets, runtime, acceleratorId: acc.id, crossIsa: false, bandwidthDerived: false };
  }
  const peak = acc.peak_tflops[key];
  if (peak === null) return `no ${c.precision} peak for ${acc.name}`;
  return { flopsPerS: peak * 1e12, bytesPerS: acc.memory_bandwidth_gbs * 1e9, devices: 1, runtime, acceleratorId: acc.id, crossIsa: false, bandwidthDerived: false };
}

type Result = { c: ClassifiedRow; range: Span | null; why: string | null };

async function project(c: ClassifiedRow, models: Map<string, Measured>, rates: MachineRates, catalog: Catalog): Promise<Result> {
  if (!c.hardware) return { c, range: null, why: 'accelerator not in the catalog' };
  if (c.hardware.kind === 'npu') return { c, range: null, why: 'needs AWS Neuron (no onnxruntime provider)' };
  if (!c.model) return { c, range: null, why: 'model not built in' };
  const target = targetOf(c.hardware, c, catalog);
  if (typeof target === 'string') return { c, range: null, why: target };
  const seq = c.model.family === 'bert' ? c.model.seq : 0;
  const measured = c.model.family === 'resnet50' ? models.get('resnet50') : models.get(`bert-base:seq=${seq}`);
  if (!measured) return { c, range: null, why: `no built-in measured at seq ${seq}` };
  const large = c.model.family === 'bert' && c.model.size === 'large';
  const source: RangeSource = large ? { ...measured.source, model: bertLarge(measured.info, seq) } : measured.source;
  const effs = sourceEfficiencies(measured.source, rates);
  // Variable-length BERT: the range spans the real-token share, fewer tokens at the fast end.
  const fractions = c.tokenFraction ?? { low: 1, high: 1 };
  const at = (b: number, serving: ServingMode = c.serving) => {
    const options = {
      precision: c.precision ?? 'fp32', serving, inputsAtPrecision: c.inputsAtPrecision, sharedMemory: c.sharedMemory,
      ...(large || c.tokenFraction ? { efficiency: efficiencySpan(effs, b, false) ?? undefined } : {}),
    };
    const fast = projectRange({ ...source, model: unpaddedModel(source.model, fractions.low) }, rates, target, b, options);
    const slow = projectRange({ ...source, model: unpaddedModel(source.model, fractions.high) }, rates, target, b, options);
    return fast && slow ? { throughput: { low: slow.throughput.low, high: fast.throughput.high }, ms: { low: fast.batchMs.low, high: slow.batchMs.high } } : null;
  };
  const batches = 'fixed' in c.batch ? [c.batch.fixed] : [1, 2, 4, 8, 16, 32, 64, 128, 256].filter((b) => b <= (c.batch as { upTo: number }).upTo);
  if (c.serverBoundMs !== null && 'upTo' in c.batch) {
    // MLPerf Server: the GPU is busy for a batch's time under the row's harness, its requests wait for every stage.
    const times = batches.map((b) => ({ b, busy: at(b), stages: at(b, c.serving === 'pipelined' ? 'session' : c.serving) }));
    if (times.some((t) => !t.busy || !t.stages)) return { c, range: null, why: 'no measured point could be scaled' };
    const end = (k: 'low' | 'high') => times.map((t) => ({ batch: t.b, busyMs: t.busy?.ms[k] ?? NaN, latencyMs: t.stages?.ms[k] ?? NaN }));
    const range = await serverQpsRange(end('high'), end('low'), c.batch.upTo, c.serverBoundMs);
    return range ? { c, range, why: null } : { c, range: null, why: `no batch finishes within the ${c.serverBoundMs} ms bound` };
  }
  const ranges = batches.map((b) => at(b)).filter((x) => x !== null);
  if (ranges.length === 0) return { c, range: null, why: 'no measured point could be scaled' };
  return { c, range: { low: Math.max(...ranges.map((r) => r.throughput.low)), high: Math.max(...ranges.map((r) => r.throughput.high)) }, why: null };
}

const num = (x: number) => (x >= 1000 ? Math.round(x).toLocaleString('en-US') : x >= 10 ? x.toFixed(0) : x.toFixed(1));
const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s).padEnd(n);

function printTable(results: Result[], showAll: boolean): void {
  const head = ['#', 'accelerator', 'model', 'scenario', 'batch', 'prec', 'runtime', 'mode', 'match', 'published/s', 'projected/s (low–high)', 'pub÷low', 'high÷low', 'inside'];
  process.stdout.write(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|\n`);
  for (const r of results) {
    if (!showAll && r.c.match === 'different') continue;
    const pub = r.c.row.samples_per_s_per_accelerator;
    const inside = r.range ? (pub >= r.range.low && pub <= r.range.high ? 'yes' : pub < r.range.low ? 'below' : 'above') : '—';
    const cells = [
      String(r.c.row.accelerator.split(' (')[0]).slice(0, 24), r.c.model ? (r.c.model.family === 'resnet50' ? 'ResNet-50' : `BERT-${r.c.model.size} s${r.c.model.seq}`) : r.c.row.model.slice(0, 20),
      short(r.c.row.scenario.replace(/\(.*$/, '').trim(), 22), 'fixed' in r.c.batch ? String(r.c.batch.fixed) : `≤${r.c.batch.upTo}`, r.c.precision ?? '?', r.c.runtime, MODE_SHORT[r.c.serving] + (r.c.inputsAtPrecision ? ', inputs at prec' : ''), r.c.match, num(pub),
      r.range ? `${num(r.range.low)}–${num(r.range.high)}` : (r.why ?? '—'), r.range ? (pub / r.range.low).toFixed(2) : '—', r.range ? (r.range.high / r.range.low).toFixed(2) : '—', inside,
    ];
    process.stdout.write(`| ${results.indexOf(r)} | ${cells.join(' | ')} |\n`);
  }
}

function summarise(results: Result[], match: ClassifiedRow['match'], label: string = match, keep: (r: Result) => boolean = () => true): string {
  const rows = results.filter((r) => r.c.match === match && r.range !== null && keep(r));
  const inside = rows.filter((r) => r.range && r.c.row.samples_per_s_per_accelerator >= r.range.low && r.c.row.samples_per_s_per_accelerator <= r.range.high);
  const widths = rows.map((r) => (r.range ? r.range.high / r.range.low : 0));
  const ratios = rows.map((r) => (r.range ? r.c.row.samples_per_s_per_accelerator / Math.sqrt(r.range.low * r.range.high) : 1));
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;
  return `${label}: ${inside.length}/${rows.length} published figures inside the projected range; width high÷low max ${Math.max(...widths).toFixed(2)} ` +
    `(goal ≤ ${WIDTH_GOAL}), ${widths.filter((w) => w <= WIDTH_GOAL).length}/${rows.length} within it; published ÷ range midpoint: median ${med(ratios).toFixed(2)}, ` +
    `min ${Math.min(...ratios).toFixed(2)}, max ${Math.max(...ratios).toFixed(2)}`;
}

async function main(): Promise<void> {
  const maxTimeMs = Number(arg('max-time-ms', '3000'));
  const stopping: StoppingRule = { warmupIterations: 1, warmupMs: 300, minIterations: 3, minTimeMs: Math.min(1000, maxTimeMs), maxTimeMs, targetRelativeCi: 0.03, maxIterations: 100_000 };
  const rows = z.array(publishedRowSchema).parse(JSON.parse(readFileSync(join(shippedDataDir(), 'published-throughput.json'), 'utf8')));
  const catalog = loadCatalog();
  const load = arg('load', '');
  let rates: MachineRates;
  let measured: Measured[];
  if (load !== '') {
    ({ rates, measured } = JSON.parse(readFileSync(load, 'utf8')) as { rates: MachineRates; measured: Measured[] });
    // Saved before the cost estimate recorded per-kernel outputs: inspect the built models again (static, no timing).
    measured = await Promise.all(measured.map(async (m) => (m.info.cost.gemmOutputs ? m : refreshInfo(m))));
    process.stdout.write(`measurements loaded from ${load} (measured ${rates.measuredAt})\n`);
  } else {
    process.stderr.write('measuring this machine\'s FP32 MatMul and copy rates, then the models (a few minutes)…\n');
    rates = await measureMachineRates({ provider: 'cpu', precision: 'fp32' });
    measured = [
      await measureModel('resnet50', {}, [1, 2, 4, 8], stopping),
      await measureModel('bert-base', { seq: 128 }, [1, 2, 4, 8], stopping),
      await measureModel('bert-base', { seq: 384 }, [1, 2], stopping),
    ];
    if (arg('save', '') !== '') writeFileSync(arg('save', ''), JSON.stringify({ rates, measured }));
  }
  process.stdout.write(`this machine: ${rates.gflops.toFixed(1)} GFLOP/s MatMul, ${rates.gbs.toFixed(1)} GB/s copy (${rates.cpuModel}, onnxruntime ${rates.ortVersion})\n`);
  const models = new Map(measured.map((m) => [m.name, m]));
  for (const m of measured) {
    const effs = sourceEfficiencies(m.source, rates).map((e) => `b${e.point.batch} ${e.efficiency.toFixed(2)}`);
    process.stdout.write(`${m.name}: ${(m.info.cost.flopsPerSample / 1e9).toFixed(2)} GFLOP/sample, ${(m.info.cost.bytesPerSample / 1e6).toFixed(0)} MB/sample, ${m.info.nodeCount} nodes; efficiency here ${effs.join(', ')}\n`);
  }
  const results: Result[] = [];
  for (const row of rows) results.push(await project(classifyRow(row), models, rates, catalog));
  process.stdout.write('\n');
  printTable(results, process.argv.includes('--all'));
  process.stdout.write(`\n${summarise(results, 'like-for-like')}\n`);
  // The classes within: runtime × how the harness fed the GPU.
  const classes = [...new Set(results.filter((r) => r.c.match === 'like-for-like' && r.range).map((r) => `${r.c.runtime} ${r.c.serving}`))].sort();
  for (const k of classes) process.stdout.write(`  ${summarise(results, 'like-for-like', k, (r) => `${r.c.runtime} ${r.c.serving}` === k)}\n`);
  process.stdout.write(`${summarise(results, 'model-scaled')}\n${summarise(results, 'different')}\n`);
  process.stdout.write(`\nMLPerf Server rows: ${SERVER_PROJECTION_METHOD}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
