import { resolve } from 'node:path';
import type { Command } from 'commander';
import { CONCURRENCY_MODES, DEFAULT_BATCHES_TEXT, DEFAULT_CONCURRENCY_LEVELS, DEFAULT_SCENARIO_SETTINGS as SCENARIO, DEFAULT_SERVER_SLO_MS, DEFAULT_STOPPING_RULE as STOP, MAX_SERVER_BATCH } from '../../../common/defaults';
import type { BenchOptions, RunRecord, RunStatus } from '../../contract/run';
import type { Scenario } from '../../contract/scenario';
import { badInput, EngineError } from '../../engine/errors';
import { EngineHost } from '../../host/engine-host';
import { startRecordedRun, type RunRecovery } from '../../host/recorded-run';
import { endedBeforeStart } from '../../engine/results/unstarted-run';
import { historyDir, RunHistory } from '../../engine/results/run-history';
import { resolveModelArgument } from '../../../models/catalog';
import { exitCodeFor as exitCodeForError } from '../../contract/errors';
import { generationSloLine } from '../../contract/generation';
import type { Deadlines } from '../../host/point-watchdog';
import { addBenchRecommendOptions, benchRecommendOptions, writeBenchRecommendation, type BenchRecommendFlags } from '../bench-recommend';
import { addDeadlineOptions, deadlinesFromFlags, type DeadlineFlags } from '../deadline-flags';
import { headlineLine } from '../format/headline-line';
import { formatResultsTable } from '../format/results-table';
import { DEFAULT_MAX_TRIALS_FACTOR, DEFAULT_TRIALS } from '../../engine/bench/trials';
import { formatScenarios } from '../format/scenario-table';
import { formatCheckReport } from '../format/check-text';
import { formatGenerationTable } from '../format/generation-table';
import { addGenerationOptions, generationOptionsFromFlags, type GenerationFlags } from '../generation-flags';
import * as flags from '../parse-flags';
import { RunProgress } from '../progress';
import { runCommand } from '../run-command';
import { printJson } from '../with-engine';

type BenchFlags = {
  batch: string;
  ep?: string;
  threads?: string;
  device?: string;
  precision: string;
  data?: string;
  shape: string[];
  dim: string[];
  intRange: string[];
  maxLatencyMs?: string;
  targetCi: string;
  warmup: string;
  warmupMs: string;
  minIterations: string;
  minTimeMs: string;
  maxTimeMs: string;
  maxIterations: string;
  trials: string;
  maxTrials?: string;
  seed: string;
  ortProfile: boolean;
  repeatLog: boolean;
  repeats: string;
  repeatGapS: string;
  scenario: string;
  maxBatch: string;
  maxQueueDelayMs: string;
  levelMs: string;
  concurrency: string;
  out?: string;
  json?: boolean;
  quiet?: boolean;
  resume: boolean;
} & BenchRecommendFlags &
  GenerationFlags &
  DeadlineFlags;

const collect = (value: string, previous: string[]) => [...previous, value];

export const DEFAULT_BATCHES = DEFAULT_BATCHES_TEXT;

export function benchOptionsFromFlags(modelPath: string, f: BenchFlags): BenchOptions {
  const precisions = flags.parsePrecisions(f.precision);
  const generation = generationOptionsFromFlags(f);
  return {
    modelPath,
    ...(f.data === undefined ? {} : { referenceData: resolve(f.data) }),
    batches: flags.parseBatches(f.batch),
    providers: f.ep ? flags.parseProviders(f.ep) : [],
    threads: f.threads ? flags.parseThreads(f.threads) : [null],
    ...(f.device ? { devices: flags.parseDevices(f.device) } : {}),
    precisions,
    shapes: f.shape.reduce<Record<string, number[]>>((acc, s) => flags.parseShape(s, acc), {}),
    dims: f.dim.reduce<Record<string, number>>((acc, s) => flags.parseDim(s, acc), {}),
    intRanges: f.intRange.reduce<Record<string, [number, number]>>((acc, s) => flags.parseIntRange(s, acc), {}),
    maxLatencyMs: f.maxLatencyMs === undefined ? null : flags.parsePositive('--max-latency-ms', f.maxLatencyMs),
    stopping: {
      warmupIterations: flags.parseCount('--warmup', f.warmup),
      warmupMs: flags.parseCount('--warmup-ms', f.warmupMs),
      minIterations: Math.max(2, flags.parseCount('--min-iterations', f.minIterations)),
      minTimeMs: flags.parseCount('--min-time-ms', f.minTimeMs),
      maxTimeMs: flags.parsePositive('--max-time-ms', f.maxTimeMs),
      targetRelativeCi: flags.parsePositive('--target-ci', f.targetCi),
      maxIterations: Math.max(2, flags.parseCount('--max-iterations', f.maxIterations)),
      ...trialsFromFlags(f),
    },
    seed: flags.parseCount('--seed', f.seed),
    profileOrt: f.ortProfile,
    ...(f.repeatLog === false ? { repeatLog: false } : {}),
    ...scenarioOptionsFromFlags(f),
    ...(generation ? { generation } : {}),
  };
}

function trialsFromFlags(f: BenchFlags): { trials: number; maxTrials?: number } {
  const trials = flags.parsePositive('--trials', f.trials);
  if (!Number.isInteger(trials)) throw badInput(`--trials ${f.trials}: must be a whole number of trials, 1 or more`);
  if (f.maxTrials === undefined) return { trials };
  const maxTrials = flags.parsePositive('--max-trials', f.maxTrials);
  if (!Number.isInteger(maxTrials) || maxTrials < trials) throw badInput(`--max-trials ${f.maxTrials}: must be a whole number, at least --trials (${trials})`);
  return { trials, maxTrials };
}

const SCENARIOS: readonly Scenario[] = ['latency', 'throughput', 'server', 'concurrency'];

function scenarioOptionsFromFlags(f: BenchFlags): Pick<BenchOptions, 'scenario' | 'server' | 'concurrency'> {
  const scenario = SCENARIOS.find((s) => s === f.scenario);
  if (!scenario) throw badInput(`--scenario ${f.scenario}: not a scenario; use one of ${SCENARIOS.join(', ')}`);
  const targetQps = f.qps === undefined ? null : flags.parsePositive('--qps', f.qps);
  const levelMs = flags.parsePositive('--level-ms', f.levelMs);
  if (scenario === 'server') {
    const maxBatch = flags.parseCount('--max-batch', f.maxBatch);
    if (maxBatch < 1 || maxBatch > MAX_SERVER_BATCH) throw badInput(`--max-batch ${f.maxBatch}: must be 1 to ${MAX_SERVER_BATCH}`);
    const maxQueueDelayMs = Number(f.maxQueueDelayMs);
    if (!(maxQueueDelayMs >= 0)) throw badInput(`--max-queue-delay-ms ${f.maxQueueDelayMs}: must be a number of ms, 0 or more`);
    const sloMs = f.sloMs === undefined ? DEFAULT_SERVER_SLO_MS : flags.parsePositive('--slo-ms', f.sloMs);
    return { scenario, server: { sloMs, targetQps, maxBatch, maxQueueDelayMs, levelMs, searchSteps: SCENARIO.searchSteps } };
  }
  if (scenario === 'concurrency') {
    const levels = flags.parseBatches(f.concurrency);
    return { scenario, concurrency: { levels, modes: [...CONCURRENCY_MODES], levelMs, targetQps } };
  }
  return { scenario };
}

/**
 * DESIGN exit codes: 3 when the run finished but some points are not valid; 4 when the engine crashed; a run
 * stopped by a failed write of its files exits as its reason says (2: the output folder).
 */
function exitCodeFor(status: RunStatus, record: RunRecord | null): number {
  if (status === 'crashed') return 4;
  if (status === 'interrupted') return record?.endReason ? exitCodeForError[record.endReason.code] : 1;
  if (status === 'cancelled') return 1;
  return record && record.points.every((p) => p.verdict === 'valid') && !scenariosFailed(record) ? 0 : 3;
}

/** The throughput scenario is the latency sweep read for samples/s: name the batch that gave the most. */
function bestThroughputLine(record: RunRecord): string {
  let best: { line: string; x: number } | null = null;
  for (const p of record.points) {
    if (p.verdict !== 'failed' && (!best || p.stats.throughput > best.x)) best = { x: p.stats.throughput, line: `${p.provider} ${p.precision} batch ${p.batch}` };
  }
  const note = 'throughput scenario: the latency sweep (one request in flight per batch size), read for samples/s';
  return best ? `${note}; highest: ${best.x.toFixed(1)} samples/s at ${best.line}` : note;
}

/** DESIGN exit codes for scenarios: 3 when a scenario failed for some provider × precision. */
function scenariosFailed(record: RunRecord): boolean {
  return record.scenarios.some((s) => s.error !== null);
}

/** A model every provider refused op by op is bad input, not a benchmark result. */
function unsupportedEverywhere(record: RunRecord): string | null {
  const failures = record.points.filter((p) => p.verdict === 'failed' && p.failure === 'unsupported');
  if (failures.length === 0 || failures.length !== record.points.length) return null;
  const first = failures[0];
  const providers = [...new Set(record.points.map((p) => p.provider))].join(', ');
  return `${record.model.path}: no provider tried (${providers}) can run this model: ${first?.verdict === 'failed' ? first.error.message : ''}`;
}

/** Which of `--repeats` runs this is; null for a single run. */
type Repeat = { run: number; of: number } | null;

function repeatsFromFlags(f: BenchFlags): { count: number; gapMs: number } {
  const count = flags.parsePositive('--repeats', f.repeats);
  if (!Number.isInteger(count)) throw badInput(`--repeats ${f.repeats}: must be a whole number of runs, 1 or more`);
  if (count > 1 && f.repeatLog === false) throw badInput(`--repeats ${f.repeats} with --no-repeat-log: the repeats are there to teach the repeat log this machine's run-to-run drift; drop one of them`);
  const gapS = Number(f.repeatGapS);
  if (!(gapS >= 0)) throw badInput(`--repeat-gap-s ${f.repeatGapS}: must be a number of seconds, 0 or more`);
  return { count, gapMs: gapS * 1000 };
}

/**
 * `--repeats n`: the plan run n times, one run after another, each a run of its own (files, history, repeat log), so
 * that on a machine with no earlier repeats the last run's intervals already carry the run-to-run drift the earlier
 * ones showed. Only the last run is reported in full; a run that ends otherwise than measured stops the repeats.
 */
async function bench(model: string | undefined, f: BenchFlags): Promise<number> {
  const repeats = repeatsFromFlags(f);
  const modelPath = resolve(await resolveModelArgument(model));
  for (let run = 1; run < repeats.count; run++) {
    const code = await benchOnce(modelPath, f, { run, of: repeats.count });
    if (code !== 0 && code !== 3) return code;
    if (repeats.gapMs > 0) await new Promise((done) => setTimeout(done, repeats.gapMs));
  }
  return benchOnce(modelPath, f, repeats.count > 1 ? { run: repeats.count, of: repeats.count } : null);
}

async function benchOnce(modelPath: string, f: BenchFlags, repeat: Repeat): Promise<number> {
  const options = benchOptionsFromFlags(modelPath, f);
  const recommendOptions = benchRecommendOptions(f);
  const deadlines = deadlinesFromFlags(f, options.stopping);
  const outDir = f.out === undefined ? historyDir() : resolve(f.out);
  const host = EngineHost.start();
  const hosts = [host];
  const progress = new RunProgress(Boolean(f.quiet), deadlines);
  try {
    const run = startRecordedRun(host, options, outDir, (event) => progress.update(event), recoveryFromFlags(f, deadlines, hosts));
    let interrupts = 0;
    const onSigint = () => {
      interrupts += 1;
      if (interrupts > 1) process.exit(130);
      process.stderr.write('\ninfermeter: cancelling: the point in flight is dropped, finished points are kept (Ctrl-C again to quit now)\n');
      void run.cancel();
    };
    process.on('SIGINT', onSigint);
    const { status, record } = await run.done.finally(() => {
      process.off('SIGINT', onSigint);
      progress.stop();
    });
    if (!record) throw new EngineError('internal', 'the run ended before it started');
    if (repeat !== null && repeat.run < repeat.of) {
      process.stderr.write(`infermeter: run ${repeat.run} of ${repeat.of} (--repeats), ${record.points.length} points: results in ${run.files.paths.csv} and ${run.files.paths.json}\n`);
      if (outDir !== historyDir()) keepInHistory(record);
      if (status !== 'complete' && record.endReason) process.stderr.write(`infermeter: ${record.endReason.message}; the repeats stop here\n`);
      else if (status === 'cancelled') process.stderr.write('infermeter: run cancelled; the repeats stop here\n');
      return exitCodeFor(status, record);
    }
    if (repeat !== null) process.stderr.write(`infermeter: run ${repeat.run} of ${repeat.of} (--repeats); the ${repeat.of - 1} before it are in the history and taught the repeat log\n`);
    if (f.json) printJson(record);
    else if (record.scenarios.length > 0) process.stdout.write(`${formatScenarios(record.scenarios)}\n`);
    else if (record.options.generation) process.stdout.write(`${formatGenerationTable(record)}\n`);
    else {
      process.stdout.write(`${formatResultsTable(record)}\n`);
      if (record.points.length > 0) process.stdout.write(`\n${headlineLine(record, recommendOptions?.sloMs ?? null)}\n`);
      if (options.scenario === 'throughput') process.stdout.write(`${bestThroughputLine(record)}\n`);
    }
    if (record.check && !f.json) process.stdout.write(`\nReference check (--data)\n${formatCheckReport(record.check)}\n`);
    const batch = record.model.batch;
    if ((batch.kind === 'hard-coded' || batch.kind === 'none') && options.batches.some((b) => b > 1) && !endedBeforeStart(record))
      process.stderr.write(`infermeter: measured batch 1 only: ${batch.reason}\n`);
    process.stderr.write(`infermeter: results in ${run.files.paths.csv} and ${run.files.paths.json}\n`);
    if (outDir !== historyDir()) keepInHistory(record);
    if (record.scenarios.length > 0) process.stderr.write(`infermeter: scenario levels in ${run.files.paths.scenariosCsv}\n`);
    // The batch-size recommendation reads the batch sweep; server and concurrency scenarios report their own answer.
    if (recommendOptions && record.options.generation) (f.json ? process.stderr : process.stdout).write(`\n${generationSloLine(record.points, recommendOptions.sloMs)}\n`);
    else if (recommendOptions && status !== 'cancelled' && record.points.length > 0) {
      const rec = await writeBenchRecommendation(record, run.files.paths.json, outDir, recommendOptions, deadlines);
      (f.json ? process.stderr : process.stdout).write(`\n${rec.lines.join('\n')}\n`);
      if (rec.paths) process.stderr.write(`infermeter: recommendation in ${rec.paths.csv} and ${rec.paths.json}\n`);
    }
    if (status === 'interrupted' && record.endReason) process.stderr.write(`infermeter: ${record.endReason.message}\n`);
    if (status === 'crashed' && record.endReason) process.stderr.write(`infermeter: ${record.endReason.message}; ${record.points.length} finished points kept\n`);
    const died = record.points.filter((p) => p.verdict === 'failed' && (p.failure === 'crashed' || p.failure === 'timeout'));
    if (died.length > 0 && status !== 'crashed') process.stderr.write(`infermeter: the engine worker died or was stopped on ${died.length} point(s); the rest of the plan went on in a fresh worker\n`);
    if (status === 'cancelled') process.stderr.write(`infermeter: run cancelled; ${record.points.length} finished points kept\n`);
    const unsupported = unsupportedEverywhere(record);
    if (unsupported) throw new EngineError('bad-input', unsupported);
    return exitCodeFor(status, record);
  } finally {
    for (const h of hosts) h.close();
  }
}

/** A run written to another --out folder is listed in the app's History too (a copy of its final record). */
function keepInHistory(record: RunRecord): void {
  try {
    const copy = new RunHistory().keepCopy(record);
    if (copy) process.stderr.write(`infermeter: listed in the app's history (${copy})\n`);
  } catch (error) {
    process.stderr.write(`infermeter: not copied to the app's history (${historyDir()}): ${(error as Error).message}\n`);
  }
}

/** Resume in a fresh worker unless --no-resume; each host started for it is closed with the command. */
function recoveryFromFlags(f: BenchFlags, deadlines: Deadlines, started: EngineHost[]): RunRecovery {
  const restart = () => {
    const host = EngineHost.start();
    started.push(host);
    return host;
  };
  return { deadlines, restart: f.resume ? restart : undefined };
}

export function registerBenchCommand(program: Command): void {
  const command = program
    .command('bench')
    .argument('[model]', 'an .onnx file or builtin:NAME (default: a built-in model)')
    .description('Measure latency and throughput for every provider × batch size (× threads).')
    .option('--batch <list>', 'batch sizes: 1,2,4 or a power-of-two range 1-256', DEFAULT_BATCHES)
    .option('--ep <list>', 'execution providers (default: every provider that probes available)')
    .option('--threads <list>', 'intra-op thread counts to sweep, e.g. 1,2,4 (default: onnxruntime default)')
    .option('--device <list>', 'GPU indexes (as nvidia-smi numbers them) that cuda and tensorrt points run on, one group per device, e.g. 0,1 (default: the first GPU); WebGPU picks its own adapter')
    .option('--precision <list>', 'precisions: fp32,fp16,int8 (FP16 and INT8 are converted from the model and cached)', 'fp32')
    .option('--data <dir>', "reference data (check's layout): every provider × precision is checked against its outputs before the sweep (in the run record), and the FP16/INT8 variants' accuracy is measured on its inputs instead of random ones")
    .option('--shape <name=AxB>', 'full shape of an input, e.g. input_ids=1x128 (repeatable)', collect, [])
    .option('--dim <name=size>', 'value of a symbolic dimension, e.g. sequence=128 (repeatable)', collect, [])
    .option('--int-range <name=min:max>', 'range [min, max) of a synthetic integer input, e.g. input_ids=0:30522 (repeatable)', collect, [])
    .option('--max-latency-ms <ms>', 'stop growing the batch once p50 latency passes this')
    .option('--target-ci <fraction>', 'stop when the 95% CI half-width is under this fraction of the mean', String(STOP.targetRelativeCi))
    .option('--warmup <n>', 'warm-up iterations (at least)', String(STOP.warmupIterations))
    .option('--warmup-ms <ms>', 'warm-up time (at least)', String(STOP.warmupMs))
    .option('--min-iterations <n>', 'timed iterations per point (at least)', String(STOP.minIterations))
    .option('--min-time-ms <ms>', 'timed time per point (at least)', String(STOP.minTimeMs))
    .option('--max-time-ms <ms>', 'timed time per point (at most, all its trials together); a point that has not converged by then is unstable', String(STOP.maxTimeMs))
    .option('--max-iterations <n>', 'timed iterations per point (at most)', String(STOP.maxIterations))
    .option('--trials <n>', 'independent trials per point, each a fresh session, the precisions of a batch interleaved; the interval comes from their means (1: one session, window interval)', String(DEFAULT_TRIALS))
    .option('--max-trials <n>', `trials per point at most, added while the interval misses --target-ci (default: ${DEFAULT_MAX_TRIALS_FACTOR}× --trials); --max-time-ms is shared by them`)
    .option('--seed <n>', 'seed of the synthetic inputs', '1')
    .option('--no-ort-profile', "skip the short profiled pass that records onnxruntime's own run time")
    .option('--no-repeat-log', "leave out this machine's run-to-run drift, learned from earlier runs (<data dir>/repeat-log.jsonl): intervals from this run's trials only, and nothing logged")
    .option('--repeats <n>', "run the plan n times, one run after another, each kept: on a machine with no earlier repeats the last run's intervals carry the run-to-run drift the others showed (the last run is the one printed)", '1')
    .option('--repeat-gap-s <s>', 'seconds to wait between --repeats runs, so they span the minutes over which a machine drifts', '0')
    .option('--scenario <name>', 'latency (the batch sweep), throughput (the same, read for samples/s), server (Poisson arrivals into a dynamic batcher), concurrency (1..N in flight)', 'latency')
    .option('--max-batch <n>', 'server: largest batch the dynamic batcher forms', String(SCENARIO.maxBatch))
    .option('--max-queue-delay-ms <ms>', 'server: longest the oldest queued request waits for a fuller batch', String(SCENARIO.maxQueueDelayMs))
    .option('--level-ms <ms>', 'server and concurrency: time per QPS or concurrency level', String(SCENARIO.levelMs))
    .option('--concurrency <list>', 'concurrency: in-flight request counts, e.g. 1,2,4,8', DEFAULT_CONCURRENCY_LEVELS.join(','))
    .option('--no-resume', 'end the run when the engine worker dies (default: record the point it died on as failed and go on in a fresh worker, 3 times at most)')
    .option('--out <dir>', "where the run files go (default: the run history the app lists, <data dir>/runs; another folder gets the files and the history a copy)")
    .option('--json', 'print the run record as JSON instead of the table')
    .option('--quiet', 'no progress on stderr');
  addDeadlineOptions(command, 'one point (session to last run) and of the run\'s preparation; a point past it is recorded as timed out');
  addGenerationOptions(command);
  addBenchRecommendOptions(command).action((model: string | undefined, f: BenchFlags) => runCommand(() => bench(model, f)));
}
