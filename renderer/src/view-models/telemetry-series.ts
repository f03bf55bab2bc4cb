import type { MeasuredPoint, PointResult } from '../../../electron/contract/run';
import type { Energy } from '../../../electron/contract/telemetry';
import { groupLabel, isMeasured, type Series, type SeriesPoint } from './series';

/** What the telemetry charts plot against batch size, from each point's telemetry over its timed window. */
export type TelemetryMetric = 'gpuUtilization' | 'gpuPower' | 'joulesPerInference';

export const TELEMETRY_CHARTS: ReadonlyArray<{ metric: TelemetryMetric; title: string; caption: string; yTitle: string; unit: string }> = [
  { metric: 'gpuUtilization', title: 'GPU utilisation vs batch size (mean over the timed window)', caption: 'How busy the GPU kept at each batch: a low figure at small batches means launch and copy overheads dominate.', yTitle: 'GPU utilisation (%)', unit: '%' },
  { metric: 'gpuPower', title: 'GPU board power vs batch size (mean over the timed window)', caption: 'Board power drawn while each point was timed, as the GPU tool reported it.', yTitle: 'power (W)', unit: 'W' },
  { metric: 'joulesPerInference', title: 'Energy per inference vs batch size (solid GPU, dashed CPU package)', caption: 'Joules spent per sample: lower is more efficient; the method (energy counter or power integral) is listed under the charts.', yTitle: 'energy per inference (J)', unit: 'J' },
];

function energyOf(e: Energy | undefined): number | null {
  return e?.available ? e.joulesPerInference : null;
}

/** The value a point contributes to a chart, or null where its telemetry lacks it (then it is simply not drawn). */
export function telemetryValue(metric: TelemetryMetric | 'cpuJoulesPerInference', p: MeasuredPoint): number | null {
  const t = p.telemetry;
  if (!t) return null;
  const gpu = t.gpu.available ? t.gpu : null;
  switch (metric) {
    case 'gpuUtilization':
      return gpu?.utilizationPercent?.mean ?? null;
    case 'gpuPower':
      return gpu?.powerW?.mean ?? null;
    case 'joulesPerInference':
      return energyOf(t.gpuEnergy);
    case 'cpuJoulesPerInference':
      return energyOf(t.cpuEnergy);
  }
}

/** One line per precision × provider × threads × GPU, points sorted by batch; series without a value are left out. */
export function telemetrySeries(metric: TelemetryMetric | 'cpuJoulesPerInference', points: readonly PointResult[]): Series[] {
  const byKey = new Map<string, Series>();
  for (const p of points) {
    if (!isMeasured(p)) continue;
    const y = telemetryValue(metric, p);
    if (y === null || !Number.isFinite(y)) continue;
    const key = `${metric}|${p.precision}|${p.provider}|${p.threads ?? ''}|${p.device ?? ''}`;
    let series = byKey.get(key);
    if (!series) {
      const label = groupLabel(p.precision, p.provider, p.threads, p.device);
      series = { key, label: metric === 'cpuJoulesPerInference' ? `${label} · CPU package` : label, precision: p.precision, provider: p.provider, threads: p.threads, runId: null, points: [] };
      byKey.set(key, series);
    }
    const entry: SeriesPoint = { x: p.batch, y, batch: p.batch, index: p.index };
    series.points.push(entry);
  }
  for (const s of byKey.values()) s.points.sort((a, b) => a.batch - b.batch);
  return [...byKey.values()];
}

/**
 * The sentences under the charts: how each energy figure was had (the methods the points recorded, each once), and
 * why a chart has nothing to draw (every point's reason, each once). A figure is never drawn without its method.
 */
export function telemetryNotes(points: readonly PointResult[]): { methods: string[]; missing: string[] } {
  const methods = new Set<string>();
  const missing = new Set<string>();
  for (const p of points) {
    if (!isMeasured(p) || !p.telemetry) continue;
    const t = p.telemetry;
    if (!t.gpu.available) missing.add(`GPU telemetry (${p.provider}): ${t.gpu.reason}`);
    for (const [what, e] of [['GPU energy', t.gpuEnergy], ['CPU energy', t.cpuEnergy]] as const) {
      if (e.available) methods.add(`${what}: ${e.method}`);
      else if (what === 'CPU energy' || t.gpu.available) missing.add(`${what} (${p.provider}): ${e.reason}`);
    }
  }
  return { methods: [...methods], missing: [...missing] };
}

/** Whether any point carries telemetry at all (records made before it existed have none: no section then). */
/** True when some point has a figure to draw (a CPU-only run on a machine without RAPL has none: no empty charts). */
export function hasTelemetry(points: readonly PointResult[]): boolean {
  const metrics = [...TELEMETRY_CHARTS.map((c) => c.metric), 'cpuJoulesPerInference' as const];
  return points.some((p) => isMeasured(p) && metrics.some((m) => Number.isFinite(telemetryValue(m, p) ?? Number.NaN)));
}
