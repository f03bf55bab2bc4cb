// The run CSV's telemetry and energy columns: min/mean/max per GPU metric, CPU shares, J/inference with its method.
// Empty cells for failed points and records made before telemetry; "not available: why" in the method columns.
import type { PointResult } from '../../contract/run';
import type { Energy, GpuTelemetry, PointTelemetry, Range } from '../../contract/telemetry';

type Cell = string | number | null;
type Column = { header: string; value: (point: PointResult) => Cell };

const MIB = 1024 * 1024;

function telemetryOf(p: PointResult): PointTelemetry | null {
  return p.verdict === 'failed' ? null : (p.telemetry ?? null);
}

function gpuOf(p: PointResult): GpuTelemetry | null {
  const t = telemetryOf(p);
  return t?.gpu.available ? t.gpu : null;
}

const round = (v: number, digits: number) => Math.round(v * 10 ** digits) / 10 ** digits;

/** Three columns (min, mean, max) of one GPU metric. */
function rangeColumns(name: string, pick: (g: GpuTelemetry) => Range | null, scale = 1, digits = 1): Column[] {
  return (['min', 'mean', 'max'] as const).map((k) => ({
    header: `${name}_${k}`,
    value: (p: PointResult) => {
      const r = gpuOf(p);
      const range = r ? pick(r) : null;
      return range ? round(range[k] / scale, digits) : null;
    },
  }));
}

function energyColumns(prefix: 'gpu' | 'cpu', pick: (t: PointTelemetry) => Energy): Column[] {
  const energy = (p: PointResult) => {
    const t = telemetryOf(p);
    return t ? pick(t) : null;
  };
  return [
    { header: `${prefix}_energy_j`, value: (p) => { const e = energy(p); return e?.available ? e.joules : null; } },
    { header: `${prefix}_energy_inferences`, value: (p) => { const e = energy(p); return e?.available ? e.inferences : null; } },
    { header: `${prefix}_energy_j_per_inference`, value: (p) => { const e = energy(p); return e?.available ? e.joulesPerInference : null; } },
    { header: `${prefix}_inferences_per_j`, value: (p) => { const e = energy(p); return e?.available ? e.inferencesPerJoule : null; } },
    { header: `${prefix}_energy_method`, value: (p) => { const e = energy(p); return e === null ? null : e.available ? e.method : `not available: ${e.reason}`; } },
    { header: `${prefix}_energy_basis`, value: (p) => { const e = energy(p); return e?.available ? (e.basis ?? null) : null; } },
  ];
}

export const TELEMETRY_CSV_COLUMNS: readonly Column[] = [
  { header: 'telemetry_window_ms', value: (p) => { const t = telemetryOf(p); return t ? Math.round(t.windowMs) : null; } },
  { header: 'gpu_device', value: (p) => { const g = gpuOf(p); return g ? `${g.device.index}: ${g.device.name}` : null; } },
  { header: 'gpu_bus_id', value: (p) => gpuOf(p)?.device.busId ?? null },
  { header: 'gpu_driver', value: (p) => gpuOf(p)?.device.driver ?? null },
  {
    header: 'gpu_telemetry',
    value: (p) => {
      const t = telemetryOf(p);
      if (!t) return null;
      return t.gpu.available ? `${t.gpu.device.source} every ${t.gpu.intervalMs} ms, ${t.gpu.samples} samples in ${Math.round(t.windowMs)} ms` : `not available: ${t.gpu.reason}`;
    },
  },
  ...rangeColumns('gpu_util_pct', (g) => g.utilizationPercent),
  ...rangeColumns('gpu_mem_used_mib', (g) => g.memoryUsedBytes, MIB, 0),
  { header: 'gpu_mem_total_mib', value: (p) => { const v = gpuOf(p)?.memoryTotalBytes; return typeof v === 'number' ? round(v / MIB, 0) : null; } },
  ...rangeColumns('gpu_power_w', (g) => g.powerW, 1, 2),
  ...rangeColumns('gpu_sm_clock_mhz', (g) => g.smClockMHz, 1, 0),
  ...rangeColumns('gpu_mem_clock_mhz', (g) => g.memoryClockMHz, 1, 0),
  ...rangeColumns('gpu_temp_c', (g) => g.temperatureC),
  { header: 'gpu_throttle_reasons', value: (p) => gpuOf(p)?.throttleReasons.join(' ') ?? null },
  { header: 'cpu_process_pct', value: (p) => { const c = telemetryOf(p)?.cpu; return c ? round(c.processPercent, 1) : null; } },
  { header: 'cpu_other_pct', value: (p) => { const c = telemetryOf(p)?.cpu; return c && c.otherPercent !== null ? round(c.otherPercent, 1) : null; } },
  ...energyColumns('gpu', (t) => t.gpuEnergy),
  ...energyColumns('cpu', (t) => t.cpuEnergy),
];
