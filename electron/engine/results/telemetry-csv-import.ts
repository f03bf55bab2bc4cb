// A point's telemetry read back from the run CSV's telemetry columns (telemetry-csv.ts), so that a CSV imported
// and exported again is the same file. Absent when the row has none (a failed point, an older CSV).
import type { GpuTelemetry, PointTelemetry, Range } from '../../contract/telemetry';
import type { CsvRow } from './csv-cells';

const MIB = 1024 * 1024;
const NOT_AVAILABLE = 'not available: ';
const GPU_SOURCE = /^(nvidia-smi|amd-smi|rocm-smi) every ([\d.]+) ms, (\d+) samples in \d+ ms$/;

function range(row: CsvRow, name: string, scale = 1): Range | null {
  const [min, mean, max] = (['min', 'mean', 'max'] as const).map((k) => row.optionalNumber(`${name}_${k}`));
  return min === null || mean === null || max === null || min === undefined || mean === undefined || max === undefined ? null : { min: min * scale, mean: mean * scale, max: max * scale };
}

function energy(row: CsvRow, prefix: 'gpu' | 'cpu'): PointTelemetry['gpuEnergy'] {
  const method = row.text(`${prefix}_energy_method`);
  if (method.startsWith(NOT_AVAILABLE)) return { available: false, reason: method.slice(NOT_AVAILABLE.length) };
  const basis = row.text(`${prefix}_energy_basis`);
  return {
    ...(basis === 'counter' || basis === 'power-integral' ? { basis } : {}),
    available: true,
    joules: row.number(`${prefix}_energy_j`),
    inferences: row.number(`${prefix}_energy_inferences`),
    joulesPerInference: row.number(`${prefix}_energy_j_per_inference`),
    inferencesPerJoule: row.number(`${prefix}_inferences_per_j`),
    method,
  };
}

function gpu(row: CsvRow): PointTelemetry['gpu'] {
  const text = row.text('gpu_telemetry');
  if (text.startsWith(NOT_AVAILABLE)) return { available: false, reason: text.slice(NOT_AVAILABLE.length) };
  const m = GPU_SOURCE.exec(text);
  const device = /^(\d+): (.*)$/.exec(row.text('gpu_device'));
  if (!m || !device) return { available: false, reason: `unreadable telemetry columns in the CSV ('${text}')` };
  const total = row.optionalNumber('gpu_mem_total_mib');
  const throttle = row.text('gpu_throttle_reasons');
  const telemetry: GpuTelemetry = {
    available: true,
    device: { index: Number(device[1]), name: device[2] ?? '', busId: row.text('gpu_bus_id') || null, driver: row.text('gpu_driver') || null, source: m[1] === 'rocm-smi' || m[1] === 'amd-smi' ? m[1] : 'nvidia-smi' },
    intervalMs: Number(m[2]),
    samples: Number(m[3]),
    utilizationPercent: range(row, 'gpu_util_pct'),
    memoryUsedBytes: range(row, 'gpu_mem_used_mib', MIB),
    memoryTotalBytes: total === null ? null : total * MIB,
    powerW: range(row, 'gpu_power_w'),
    smClockMHz: range(row, 'gpu_sm_clock_mhz'),
    memoryClockMHz: range(row, 'gpu_mem_clock_mhz'),
    temperatureC: range(row, 'gpu_temp_c'),
    throttleReasons: throttle === '' ? [] : throttle.split(' '),
  };
  return telemetry;
}

export function telemetryFromCsv(row: CsvRow): PointTelemetry | undefined {
  const windowMs = row.optionalNumber('telemetry_window_ms');
  if (windowMs === null) return undefined;
  const processPercent = row.optionalNumber('cpu_process_pct');
  return {
    windowMs,
    gpu: gpu(row),
    cpu: processPercent === null ? null : { processPercent, otherPercent: row.optionalNumber('cpu_other_pct'), logicalCores: row.optionalInt('cpu_logical_cores') ?? 0 },
    gpuEnergy: energy(row, 'gpu'),
    cpuEnergy: energy(row, 'cpu'),
  };
}
