import { parse } from 'csv-parse/sync';
import { DEFAULT_STOPPING_RULE } from '../../../common/defaults';
import { telemetryFromCsv } from './telemetry-csv-import';
import { comparisonFromCsv, trialsFromCsv } from './trials-csv';
import { generationAccuracyFromCsv, generationOptionsFromPoints, generationShapeFromCsv, generationStatsFromCsv } from './generation-csv-import';
import type { ConversionReport } from '../../contract/convert';
import { providerIds, type GpuInfo, type HardwareReport, type ProviderId } from '../../contract/hardware';
import type { ModelInfo } from '../../contract/model';
import {
  failureKindSchema,
  precisionSchema,
  runRecordSchema,
  runStatusSchema,
  RUN_SCHEMA_VERSION,
  threadsSourceSchema,
  type PlanPoint,
  type PointResult,
  type Precision,
  type PrecisionVariantInfo,
  type RunRecord,
  type Interference,
  type LatencyStats,
} from '../../contract/run';
import { OTHER_CPU_SHARE_FLAG, STEAL_SHARE_FLAG } from '../bench/interference';
import { badInput } from '../errors';
import { STABILITY_SHARE } from '../stats/windows';
import { CsvRow } from './csv-cells';

/**
 * Rebuilds a run record from a CSV written by runToCsv (the CLI's `--out` CSV, the app's Export CSV), as far as
 * the CSV carries it. What a CSV import loses, because the CSV never had it:
 * - the raw per-iteration samples (samplesMs is empty, so no histogram), outlier counts, the clock resolution,
 *   the stopping rule and seed (the CLI's defaults stand in), session settings other than the optimisation level;
 * - the model graph: ops, parameters, FLOPs, opsets, output names, input element types (only the input shapes of
 *   each point and the file name, size and hash survive);
 * - hardware beyond the CPU model, logical cores, memory size, GPU models, OS, host name and power source
 *   (physical cores read 0, CPU features false, cache sizes and clocks unknown);
 * - conversion details beyond the model size and the accuracy figures (no per-output accuracy, no node lists);
 * - the run's finish time and end reason, and the server/concurrency scenario results.
 * Exporting the imported run as CSV gives back the same CSV.
 */

const MB = 1024 * 1024;
const CORE_COLUMNS = ['run_id', 'run_status', 'model', 'point', 'provider', 'precision', 'batch', 'verdict'] as const;

function readRows(fileName: string, content: string): CsvRow[] {
  let table: string[][];
  try {
    table = parse(content, { bom: true, skip_empty_lines: true, relax_column_count: false }) as string[][];
  } catch (error) {
    throw badInput(`${fileName}: not a readable CSV (${(error as Error).message})`);
  }
  const [header, ...body] = table;
  if (!header || body.length === 0) throw badInput(`${fileName}: no rows: an infermeter run CSV has a header and one row per point`);
  const missing = CORE_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length > 0) throw badInput(`${fileName}: not an infermeter run CSV (no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''} in the header)`);
  return body.map((cells, i) => new CsvRow(fileName, i + 2, Object.fromEntries(header.map((h, j) => [h, cells[j] ?? '']))));
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

function pointFrom(row: CsvRow): PointResult {
  const common = {
    index: row.int('point'),
    provider: row.oneOf('provider', providerIds),
    precision: row.oneOf('precision', precisionSchema.options),
    batch: row.int('batch'),
    threads: row.text('threads_requested') === 'default' ? null : row.optionalInt('threads_requested'),
    criterion: row.text('criterion'),
    warnings: row.text('warnings') === '' ? [] : row.text('warnings').split(' | '),
    inputShapes: row.shapes('input_shapes'),
    startedAt: row.text('started_at'),
    ...optional('generation', generationShapeFromCsv(row)),
  };
  const verdict = row.oneOf('verdict', ['valid', 'unstable', 'failed'] as const);
  if (verdict === 'failed') {
    return { ...common, verdict, failure: row.oneOf('failure', failureKindSchema.options), error: { code: 'internal', message: row.text('error') } };
  }
  const meanMs = row.number('mean_ms');
  const iterations = row.int('iterations');
  const ortMeanMs = row.optionalNumber('ort_run_mean_ms');
  const bindingMs = row.optionalNumber('binding_ms_per_run');
  const gpuMib = row.optionalNumber('gpu_memory_mib');
  const telemetry = telemetryFromCsv(row);
  return {
    ...common,
    verdict,
    stats: {
      iterations,
      totalTimeMs: meanMs * iterations,
      meanMs,
      stdevMs: row.number('stdev_ms'),
      minMs: row.number('min_ms'),
      p50Ms: row.number('p50_ms'),
      p90Ms: row.number('p90_ms'),
      p95Ms: row.number('p95_ms'),
      p99Ms: row.number('p99_ms'),
      maxMs: row.number('max_ms'),
      ciHalfWidthMs: row.number('ci95_half_width_ms'),
      ciRelative: row.number('ci95_relative'),
      throughput: row.number('throughput_samples_per_s'),
      converged: verdict === 'valid',
      outliers: 0,
      ...windowsFrom(row),
      ...trialsFromCsv(row),
    },
    samplesMs: [],
    sessionCreateMs: row.number('session_create_ms'),
    firstInferenceMs: row.number('first_inference_ms'),
    peakRssBytes: (row.optionalNumber('peak_rss_mib') ?? 0) * MB,
    gpuMemoryBytes: gpuMib === null ? null : gpuMib * MB,
    ortProfile: ortMeanMs === null ? null : { runs: 0, ortMeanMs, endToEndMeanMs: bindingMs === null ? meanMs : ortMeanMs + bindingMs },
    threadsUsed: row.optionalInt('threads_used'),
    // Absent as in records from before threads were counted (no threads_source): threads_used is the requested count.
    ...optional('threadsSource', row.text('threads_source') === '' ? undefined : row.oneOf('threads_source', threadsSourceSchema.options)),
    clockResolutionMs: 0,
    ...interferenceFrom(row),
    ...(telemetry ? { telemetry } : {}),
    ...comparisonFromCsv(row),
    ...optional('generationStats', generationStatsFromCsv(row)),
  };
}

function optional<K extends string, V>(key: K, value: V | undefined): { [k in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [k in K]?: V };
}

/** The window columns (absent in CSVs of run schema 1, whose interval was per iteration). */
function windowsFrom(row: CsvRow): { windows?: NonNullable<LatencyStats['windows']> } {
  const count = row.optionalInt('ci95_windows');
  const size = row.optionalInt('ci95_window_iterations');
  if (count === null || size === null) return {};
  const lastSpreadRelative = row.optionalNumber('last_windows_spread_relative') ?? 0;
  return {
    windows: {
      count,
      size,
      lastSpreadRelative,
      stable: lastSpreadRelative <= STABILITY_SHARE,
      lag1: row.optionalNumber('lag1_autocorrelation') ?? 0,
      perIterationCiRelative: row.optionalNumber('ci95_per_iteration_relative') ?? 0,
    },
  };
}

function interferenceFrom(row: CsvRow): { interference?: Interference } {
  const otherCpuShare = row.optionalNumber('other_cpu_share');
  if (otherCpuShare === null) return {};
  const stealShare = row.optionalNumber('steal_share') ?? 0;
  return {
    interference: {
      available: true,
      otherCpuShare,
      ownCpuShare: 0,
      stealShare,
      loadPerCpu: row.optionalNumber('load_per_cpu') ?? 0,
      flagged: otherCpuShare > OTHER_CPU_SHARE_FLAG || stealShare > STEAL_SHARE_FLAG,
    },
  };
}

function hardwareFrom(row: CsvRow, points: PointResult[]): HardwareReport {
  const os = row.text('os').split(' ');
  const arch = os.length > 1 ? (os.pop() ?? '') : '';
  const release = os.length > 1 ? (os.pop() ?? '') : '';
  const gpus: GpuInfo[] = row.text('gpus') === '' ? [] : row.text('gpus').split(' + ').map((model) => ({
    vendor: '', model, vramBytes: null, driver: null, cudaVersion: null, utilizationPercent: null, memoryUsedBytes: null, source: 'systeminformation' as const,
  }));
  const logicalCores = row.optionalInt('cpu_logical_cores') ?? 0;
  const power = row.text('power_source');
  const providers = unique(points.map((p) => p.provider)).map((id: ProviderId) => {
    const ran = points.some((p) => p.provider === id && p.verdict !== 'failed');
    return { id, available: ran, status: ran ? ('available' as const) : ('not-probed' as const), reason: ran ? null : 'not known: imported from a CSV', remedy: null, probeMs: null };
  });
  return {
    schemaVersion: 1,
    detectedAt: points[0]?.startedAt ?? '',
    cpu: {
      vendor: '', model: row.text('cpu'), arch, physicalCores: 0, logicalCores, baseClockGHz: null, maxClockGHz: null,
      cacheBytes: { l1d: null, l1i: null, l2: null, l3: null },
      features: { avx2: false, avx512f: false, avx512vnni: false, avxVnni: false, avx512bf16: false, avx512fp16: false, amx: false, f16c: false, fma: false, neon: false, dotprod: false, armFp16: false, i8mm: false },
      flags: [],
    },
    memory: { totalBytes: (row.optionalNumber('memory_gib') ?? 0) * 1024 ** 3, availableBytes: 0 },
    os: { platform: '', distro: os.join(' '), release, kernel: '', arch, hostname: row.text('hostname') },
    powerSource: power === 'ac' || power === 'battery' ? power : 'unknown',
    gpus,
    software: { onnxruntime: row.text('onnxruntime_version'), node: '', app: row.text('app_version') },
    providers,
  };
}

function modelFrom(row: CsvRow, rows: CsvRow[], points: PointResult[]): ModelInfo {
  const fp32Row = rows.find((r) => r.text('precision') === 'fp32' && r.text('model_bytes') !== '');
  const shapes = points[0]?.inputShapes ?? {};
  const batched = points.some((p) => p.batch > 1);
  return {
    path: row.required('model'),
    fileBytes: fp32Row?.number('model_bytes') ?? 0,
    sha256: row.text('model_sha256'),
    irVersion: 0,
    producer: '',
    opsets: [],
    inputs: Object.entries(shapes).map(([name, shape]) => ({ name, elemType: 'unknown', shape: batched ? ['batch', ...shape.slice(1)] : shape })),
    outputs: [],
    nodeCount: 0,
    opHistogram: {},
    parameterCount: 0,
    parameterBytes: 0,
    externalData: [],
    batch: { kind: batched ? 'symbolic' : 'none', dimName: batched ? 'batch' : null, inputs: batched ? Object.keys(shapes) : [], reason: 'imported from a CSV: inferred from the batch sizes measured' },
    cost: { flopsPerSample: 0, bytesPerSample: 0, flopsByOp: {}, unestimatedOps: [], method: 'not in the CSV' },
    warnings: ['imported from a CSV: the model graph (ops, parameters, FLOPs) was not in the file'],
  };
}

function variantFrom(precision: Precision, rows: CsvRow[], model: ModelInfo): PrecisionVariantInfo {
  const row = rows.find((r) => r.text('precision') === precision);
  return { ...conversionFrom(precision, row, model), ...optional('generationAccuracy', generationAccuracyFromCsv(row)) };
}

function conversionFrom(precision: Precision, row: CsvRow | undefined, model: ModelInfo): PrecisionVariantInfo {
  if (precision === 'fp32' || !row) return { precision, conversion: null, error: null };
  const outputBytes = row.optionalNumber('model_bytes');
  const cosine = row.optionalNumber('accuracy_cosine_vs_fp32');
  if (outputBytes === null && cosine === null) return { precision, conversion: null, error: null };
  const accuracy = cosine === null ? null : {
    samples: 0, inputs: 'random' as const, outputs: [],
    maxAbsError: row.optionalNumber('accuracy_max_abs_error_vs_fp32') ?? 0,
    relativeL2: row.optionalNumber('accuracy_rel_l2_vs_fp32') ?? 0,
    cosine,
    top1Agreement: row.optionalNumber('accuracy_top1_vs_fp32'),
  };
  const conversion: ConversionReport = {
    target: precision, converterVersion: 0, sourcePath: model.path, sourceSha256: model.sha256, outputPath: '',
    sourceBytes: model.fileBytes, outputBytes: outputBytes ?? 0, nodesTotal: 0, nodesConverted: 0, keptFp32: [],
    warnings: ['imported from a CSV: only the size and accuracy were in the file'], skipped: null, accuracy, convertMs: 0, int8: null,
  };
  return { precision, conversion, error: null };
}

/** CSVs written before the schema_version column are version 1; a newer version is refused by name. */
function checkVersion(fileName: string, first: CsvRow): void {
  const version = first.optionalInt('schema_version');
  if (version !== null && version > RUN_SCHEMA_VERSION) {
    throw badInput(`${fileName}: written by a newer infermeter (run schema ${version}; this one reads ${RUN_SCHEMA_VERSION}): update infermeter to import it`);
  }
}

export function csvToRunRecord(fileName: string, content: string): RunRecord {
  const rows = readRows(fileName, content);
  const first = rows[0] as CsvRow;
  checkVersion(fileName, first);
  const runId = first.required('run_id');
  const other = rows.find((r) => r.text('run_id') !== runId);
  if (other) throw badInput(`${fileName}: row ${other.row} is from run ${other.text('run_id')}, row 2 from run ${runId}: import one run per file`);
  const points = rows.map(pointFrom).sort((a, b) => a.index - b.index);
  const model = modelFrom(first, rows, points);
  const plan: PlanPoint[] = points.map(({ index, provider, precision, batch, threads, generation }) => ({ index, provider, precision, batch, threads, ...optional('generation', generation) }));
  const precisions = unique(points.map((p) => p.precision));
  const startedAt = points.map((p) => p.startedAt).filter((s) => s !== '').sort()[0] ?? '';
  const record: RunRecord = {
    schemaVersion: RUN_SCHEMA_VERSION,
    kind: 'infermeter-run',
    id: runId,
    status: first.oneOf('run_status', runStatusSchema.options),
    startedAt,
    finishedAt: null,
    app: { name: 'infermeter', version: first.text('app_version') },
    hardware: hardwareFrom(first, points),
    session: { graphOptimizationLevel: first.text('graph_optimization'), executionMode: 'unknown', interOpNumThreads: null, enableCpuMemArena: true, enableMemPattern: true, allowSpinning: true, preallocatedOutputs: false },
    model,
    options: {
      modelPath: model.path,
      batches: unique(points.map((p) => p.batch)),
      providers: unique(points.map((p) => p.provider)),
      threads: unique(points.map((p) => p.threads)),
      precisions,
      dims: {}, shapes: {}, intRanges: {},
      maxLatencyMs: null,
      stopping: { ...DEFAULT_STOPPING_RULE },
      seed: 0,
      profileOrt: points.some((p) => p.verdict !== 'failed' && p.ortProfile !== null),
      ...generationOptionsFromPoints(points),
    },
    plan,
    variants: precisions.map((p) => variantFrom(p, rows, model)),
    points,
    scenarios: [],
    endReason: null,
  };
  const checked = runRecordSchema.safeParse(record);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw badInput(`${fileName}: the rows do not make a valid run (${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'})`);
  }
  return checked.data;
}
