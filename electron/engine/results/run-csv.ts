import { stringify } from 'csv-stringify/sync';
import { RUN_SCHEMA_VERSION, type PointResult, type RunRecord } from '../../contract/run';
import { GENERATION_CSV_COLUMNS } from './generation-csv';
import { TELEMETRY_CSV_COLUMNS } from './telemetry-csv';
import { TRIALS_CSV_COLUMNS } from './trials-csv';

type Cell = string | number | null;
type Column = { header: string; value: (point: PointResult, run: RunRecord) => Cell };

const MB = 1024 * 1024;

function conversionOf(point: PointResult, run: RunRecord) {
  return run.variants.find((v) => v.precision === point.precision)?.conversion ?? null;
}

function measured<T>(point: PointResult, pick: (p: Extract<PointResult, { verdict: 'valid' | 'unstable' }>) => T): T | null {
  return point.verdict === 'failed' ? null : pick(point);
}

/**
 * One row per point. Units are in the headers; the hardware and software columns repeat on every row so that
 * CSVs from different machines can be concatenated and compared.
 */
export const RUN_CSV_COLUMNS: readonly Column[] = [
  { header: 'run_id', value: (_p, r) => r.id },
  { header: 'run_status', value: (_p, r) => r.status },
  { header: 'model', value: (_p, r) => basename(r.model.path) },
  { header: 'model_sha256', value: (_p, r) => r.model.sha256 },
  { header: 'point', value: (p) => p.index },
  { header: 'provider', value: (p) => p.provider },
  { header: 'precision', value: (p) => p.precision },
  { header: 'batch', value: (p) => p.batch },
  { header: 'threads_requested', value: (p) => p.threads ?? 'default' },
  { header: 'threads_used', value: (p) => measured(p, (m) => m.threadsUsed) },
  // counted: onnxruntime's pool threads counted in the process (Linux); requested: the count asked for.
  { header: 'threads_source', value: (p) => measured(p, (m) => m.threadsSource ?? null) },
  { header: 'verdict', value: (p) => p.verdict },
  { header: 'criterion', value: (p) => p.criterion },
  { header: 'failure', value: (p) => (p.verdict === 'failed' ? p.failure : null) },
  { header: 'error', value: (p) => (p.verdict === 'failed' ? p.error.message : null) },
  { header: 'iterations', value: (p) => measured(p, (m) => m.stats.iterations) },
  { header: 'mean_ms', value: (p) => measured(p, (m) => m.stats.meanMs) },
  { header: 'stdev_ms', value: (p) => measured(p, (m) => m.stats.stdevMs) },
  { header: 'min_ms', value: (p) => measured(p, (m) => m.stats.minMs) },
  { header: 'p50_ms', value: (p) => measured(p, (m) => m.stats.p50Ms) },
  { header: 'p90_ms', value: (p) => measured(p, (m) => m.stats.p90Ms) },
  { header: 'p95_ms', value: (p) => measured(p, (m) => m.stats.p95Ms) },
  { header: 'p99_ms', value: (p) => measured(p, (m) => m.stats.p99Ms) },
  { header: 'max_ms', value: (p) => measured(p, (m) => m.stats.maxMs) },
  { header: 'ci95_half_width_ms', value: (p) => measured(p, (m) => m.stats.ciHalfWidthMs) },
  { header: 'ci95_relative', value: (p) => measured(p, (m) => m.stats.ciRelative) },
  { header: 'ci95_windows', value: (p) => measured(p, (m) => m.stats.windows?.count ?? null) },
  { header: 'ci95_window_iterations', value: (p) => measured(p, (m) => m.stats.windows?.size ?? null) },
  { header: 'last_windows_spread_relative', value: (p) => measured(p, (m) => m.stats.windows?.lastSpreadRelative ?? null) },
  { header: 'ci95_per_iteration_relative', value: (p) => measured(p, (m) => m.stats.windows?.perIterationCiRelative ?? null) },
  { header: 'lag1_autocorrelation', value: (p) => measured(p, (m) => m.stats.windows?.lag1 ?? null) },
  ...TRIALS_CSV_COLUMNS,
  { header: 'other_cpu_share', value: (p) => measured(p, (m) => (m.interference?.available ? m.interference.otherCpuShare : null)) },
  { header: 'steal_share', value: (p) => measured(p, (m) => (m.interference?.available ? m.interference.stealShare : null)) },
  { header: 'load_per_cpu', value: (p) => measured(p, (m) => (m.interference?.available ? m.interference.loadPerCpu : null)) },
  { header: 'throughput_samples_per_s', value: (p) => measured(p, (m) => m.stats.throughput) },
  { header: 'session_create_ms', value: (p) => measured(p, (m) => m.sessionCreateMs) },
  { header: 'first_inference_ms', value: (p) => measured(p, (m) => m.firstInferenceMs) },
  { header: 'ort_run_mean_ms', value: (p) => measured(p, (m) => m.ortProfile?.ortMeanMs ?? null) },
  // The profiled pass's JS-timed mean less onnxruntime's own: what the binding and event loop add per run.
  { header: 'binding_ms_per_run', value: (p) => measured(p, (m) => (m.ortProfile ? m.ortProfile.endToEndMeanMs - m.ortProfile.ortMeanMs : null)) },
  { header: 'peak_rss_mib', value: (p) => measured(p, (m) => round(m.peakRssBytes / MB, 1)) },
  { header: 'gpu_memory_mib', value: (p) => measured(p, (m) => (m.gpuMemoryBytes === null ? null : round(m.gpuMemoryBytes / MB, 1))) },
  ...TELEMETRY_CSV_COLUMNS,
  ...GENERATION_CSV_COLUMNS,
  { header: 'model_bytes', value: (p, r) => conversionOf(p, r)?.outputBytes ?? (p.precision === 'fp32' ? r.model.fileBytes : null) },
  { header: 'accuracy_cosine_vs_fp32', value: (p, r) => conversionOf(p, r)?.accuracy?.cosine ?? null },
  { header: 'accuracy_rel_l2_vs_fp32', value: (p, r) => conversionOf(p, r)?.accuracy?.relativeL2 ?? null },
  { header: 'accuracy_max_abs_error_vs_fp32', value: (p, r) => conversionOf(p, r)?.accuracy?.maxAbsError ?? null },
  { header: 'accuracy_top1_vs_fp32', value: (p, r) => conversionOf(p, r)?.accuracy?.top1Agreement ?? null },
  { header: 'input_shapes', value: (p) => Object.entries(p.inputShapes).map(([k, v]) => `${k}=${v.join('x')}`).join(' ') },
  { header: 'warnings', value: (p) => p.warnings.join(' | ') },
  { header: 'started_at', value: (p) => p.startedAt },
  { header: 'cpu', value: (_p, r) => r.hardware.cpu.model },
  { header: 'cpu_logical_cores', value: (_p, r) => r.hardware.cpu.logicalCores },
  { header: 'memory_gib', value: (_p, r) => round(r.hardware.memory.totalBytes / 1024 ** 3, 1) },
  { header: 'gpus', value: (_p, r) => r.hardware.gpus.map((g) => g.model).join(' + ') },
  { header: 'os', value: (_p, r) => `${r.hardware.os.distro} ${r.hardware.os.release} ${r.hardware.os.arch}` },
  { header: 'hostname', value: (_p, r) => r.hardware.os.hostname },
  { header: 'power_source', value: (_p, r) => r.hardware.powerSource },
  { header: 'onnxruntime_version', value: (_p, r) => r.hardware.software.onnxruntime },
  { header: 'graph_optimization', value: (_p, r) => r.session.graphOptimizationLevel },
  { header: 'app_version', value: (_p, r) => r.app.version },
  /** The run format's version, so an import by an older infermeter can say the file is newer than it. */
  { header: 'schema_version', value: () => RUN_SCHEMA_VERSION },
];

function basename(path: string): string {
  return path.split(/[\\/]/).pop() ?? path;
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Spreadsheets execute cells that start with = + - @ (and tab/CR): prefix such text cells with a quote. */
export function neutralizeFormula(cell: Cell): Cell {
  return typeof cell === 'string' && /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export function runToCsv(run: RunRecord): string {
  const rows = run.points.map((point) => RUN_CSV_COLUMNS.map((c) => neutralizeFormula(c.value(point, run))));
  return stringify([RUN_CSV_COLUMNS.map((c) => c.header), ...rows]);
}
