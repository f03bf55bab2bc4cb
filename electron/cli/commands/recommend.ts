import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { ProviderId } from '../../contract/hardware';
import { KNEE_FRACTION, SATURATION_FACTOR, type Recommendation } from '../../contract/recommend';
import type { Precision, RunRecord } from '../../contract/run';
import { badInput } from '../../engine/errors';
import { DEFAULT_HEADROOM } from '../../engine/recommend/cost';
import { writeRecommendationFiles } from '../../engine/results/recommendation-files';
import { checkOutputDir } from '../../engine/results/output-dir';
import { readRunFile } from '../../engine/results/run-files';
import { formatMs } from '../../../common/units';
import { textTable } from '../format/text-table';
import * as flags from '../parse-flags';
import { runCommand } from '../run-command';
import { formatGenerationRecommendation } from '../format/generation-recommendation';
import { addRecommendTargetOptions, recommendTarget, type RecommendTargetFlags } from '../generation-recommend-flags';
import { addDeadlineOptions, deadlinesFromFlags, type DeadlineFlags } from '../deadline-flags';
import { printJson, withEngine } from '../with-engine';
import { pricesFlag } from '../prices-flag';
import { recommendInWorker } from '../../host/recommend-call';
import { formatEnergyRanking } from '../format/energy-text';
import { rankByFlag } from '../rank-by-flag';
import { busyNote, dollars, groupText, rate, rowNote } from '../format/recommendation-parts';

type RecommendFlags = RecommendTargetFlags & {
  sloMs: string;
  headroom: string;
  prices?: string;
  precision?: string;
  provider?: string;
  json?: boolean;
  refreshRates?: boolean;
  out?: string;
  rankBy?: string;
} & DeadlineFlags;

export function registerRecommendCommand(program: Command): void {
  const command = program
    .command('recommend')
    .description('Recommend a batch size under a latency SLO and rank cloud instances by cost per 1M inferences.')
    .argument('<run...>', 'run file(s) (.json or .jsonl): the first was measured on this machine; the others, imported from other machines, give measured numbers for their hardware')
    .requiredOption('--slo-ms <ms>', 'p99 latency bound per batch, in milliseconds; for a generation run, the p99 of the inter-token latency')
    .option('--headroom <fraction>', 'spare capacity on top of the peak QPS', String(DEFAULT_HEADROOM))
    .option('--prices <file>', 'your own prices/instances (JSON; entries override the shipped catalog by id)')
    .option('--precision <p>', 'only this precision (fp32, fp16, int8)')
    .option('--provider <ep>', 'only this execution provider')
    .option('--refresh-rates', "re-measure this machine's MatMul and copy rates instead of using the cached ones")
    .option('--rank-by <what>', 'cost (default) or energy: also rank this machine\'s points by measured J/inference and the instances by projected energy from TDP')
    .option('--json', 'print the recommendation as JSON')
    .option('--out <dir>', 'also write <run-id>.recommendation.json and .csv (one row per instance) there');
  addRecommendTargetOptions(command);
  addDeadlineOptions(command, "the rate measurement (this machine's MatMul and copy rates, measured in the engine worker)");
  command.action((runs: string[], f: RecommendFlags) => runCommand(() => recommend(runs, f)));
}

function headroomFlag(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 0 || n > 10) throw badInput(`--headroom ${value}: expected a fraction such as 0.3 (30% spare capacity)`);
  return n;
}

function oneProvider(value: string): ProviderId {
  const list = flags.parseProviders(value);
  if (list.length !== 1) throw badInput(`--provider ${value}: give one execution provider`);
  return list[0] as ProviderId;
}

function onePrecision(value: string): Precision {
  const list = flags.parsePrecisions(value);
  if (list.length !== 1) throw badInput(`--precision ${value}: give one precision`);
  return list[0] as Precision;
}

async function recommend(files: string[], f: RecommendFlags): Promise<number> {
  const sloMs = flags.parsePositive('--slo-ms', f.sloMs);
  const headroom = headroomFlag(f.headroom);
  const precision = f.precision ? onePrecision(f.precision) : undefined;
  const provider = f.provider ? oneProvider(f.provider) : undefined;
  const rankBy = rankByFlag(f.rankBy);
  const deadlines = deadlinesFromFlags(f, null);
  if (f.out) checkOutputDir(resolve(f.out));
  const [run, ...otherRuns] = files.map((file) => readRunFile(file));
  if (!run) throw badInput('recommend: give at least one run file');
  const target = recommendTarget(f, run, files[0] as string);
  const prices = pricesFlag(f.prices);
  const runFiles = files.map((file) => resolve(file));
  const params = { run, otherRuns, sloMs, ...target, headroom, prices, precision: precision ?? null, provider: provider ?? null, refreshRates: Boolean(f.refreshRates), runFiles, qpsFrom: 'flag' as const, rankBy };
  const assembled = await recommendInWorker(withEngine, params, deadlines, `the recommendation for ${files[0]}`);
  if (!assembled.recommendation) throw badInput(`${files[0]}: no measured point${precision || provider ? ' matches --precision/--provider' : ''}: nothing to recommend from`);
  const { inputs, ...rec } = assembled.recommendation;
  const cached = assembled.ratesCached ?? undefined;
  if (f.json) printJson(rec);
  else process.stdout.write(`${rec.generation ? formatGenerationRecommendation(rec, run, cached) : formatRecommendation(rec, run, cached)}\n${rec.energy ? `\n${formatEnergyRanking(rec.energy, rec)}\n` : ''}`);
  if (f.out) {
    const paths = writeRecommendationFiles(resolve(f.out), rec, inputs);
    process.stderr.write(`infermeter: recommendation in ${paths.csv} and ${paths.json}\n`);
  }
  return 0;
}

/** The terminal rendering of a recommendation: batch tables per group, the instance table, the verdict. */
export function formatRecommendation(rec: Recommendation, run: RunRecord, ratesCached?: boolean): string {
  const out: string[] = [`Batch size under a ${rec.sloMs} ms p99 SLO — run ${rec.runId} (${run.model.path})`, ''];
  const showThreads = new Set(rec.batch.groups.map((g) => g.threads)).size > 1;
  for (const g of rec.batch.groups) out.push(groupText(g, showThreads), '');
  out.push(rec.batch.explanation, `Knee: the smallest measured batch reaching ${KNEE_FRACTION * 100}% of the fitted asymptote 1/T_marginal; saturation: the first batch whose mean latency is over ${SATURATION_FACTOR}× the smallest batch's.`, '');
  const r = rec.machineRates;
  if (r) out.push(`This machine (${r.cpuModel}, onnxruntime ${r.ortVersion}, ${r.provider} ${r.precision}): ${rate(r.gflops)} ${r.precision === 'int8' ? 'GOP/s' : 'GFLOP/s'} MatMul, ${rate(r.gbs)} GB/s copy${ratesCached ? ` (cached, measured ${r.measuredAt})` : ' (measured now)'}${busyNote(r)}.`, '');
  const src = rec.source ? `${rec.source.precision} on ${rec.source.provider}` : 'no source';
  out.push(`Instances for ${rec.qps} QPS with ${Math.round(rec.headroom * 100)}% headroom (${src}), ranked by the cost of serving it: instances × $/h ÷ requests served. ` +
    'PROJECTED rows are low–high ranges from this run, ranked on the low end, not measurements; "$/1M sat." is the cost with the instance fully busy.');
  const footnotes: string[] = [];
  const span = (lo: number | null, hi: number | null, f: (x: number | null) => string) => (lo === null || hi === null || hi === lo ? f(lo) : `${f(lo)}–${f(hi)}`);
  const ms = (x: number | null) => (x === null ? '—' : x < 0.001 ? x.toExponential(1) : formatMs(x));
  const rows = rec.instances.map((x) => [
    x.instanceId, x.accelerator.split(' (')[0] + (x.acceleratorCount > 1 ? ` ×${x.acceleratorCount}` : ''), dollars(x.pricePerHour),
    x.basis === 'projected' ? 'PROJECTED' : x.basis, x.batch === null ? '—' : String(x.batch), span(x.throughput, x.throughputHigh, rate), span(x.p99MsLow, x.p99Ms, ms),
    x.instancesNeeded === null ? '—' : String(x.instancesNeeded), x.utilisation === null ? '—' : `${Math.round(x.utilisation * 100)}%`, dollars(x.servingCostPer1M),
    dollars(x.costPer1MOnDemand), dollars(x.costPer1MSpot), ...(rec.instances.some((i) => i.reservedPricePerHour !== null) ? [dollars(x.costPer1MReserved)] : []),
    rowNote(x, footnotes),
  ]);
  const reserved = rec.instances.some((i) => i.reservedPricePerHour !== null) ? ['$/1M sat. reserved'] : [];
  out.push(textTable(['instance', 'accelerator', '$/h', 'basis', 'batch', 'inf/s', 'p99 ms', 'needed', 'util', '$/1M served', '$/1M sat.', '$/1M sat. spot', ...reserved, 'note'], rows));
  out.push(...footnotes.map((n, i) => `[${i + 1}] ${n}`), '');
  if (rec.breakEven.length) {
    const cpu = rec.breakEven[0]?.cpuInstanceId;
    const won = rec.breakEven.filter((b) => b.met).map((b) => b.gpuInstanceId);
    out.push(`GPU vs CPU break-even against ${cpu}, the cheapest CPU instance per 1M: ${won.length ? `${won.join(', ')} beat it (QPS ratio above the price ratio)` : 'no GPU instance beats it'}; ${rec.breakEven.length - won.length} do not.`);
  }
  out.push(`Recommendation: ${rec.explanation}`, '', `Method: ${rec.method}`);
  return out.join('\n');
}

