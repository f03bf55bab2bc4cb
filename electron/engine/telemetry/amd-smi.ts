// amd-smi's JSON (ROCm 6.x and later, the successor of rocm-smi), parsed. Two commands: `amd-smi static` once for the
// device's name, bus and driver, and `amd-smi metric` polled for the readings. Each figure is {"value", "unit"}, or
// "N/A"; the list of GPUs is the top-level array (amd-smi 24.x) or the "gpu_data" array (amd-smi 25.x).
import type { GpuDevice } from '../../contract/telemetry';
import { parseToolJson } from './json-output';
import type { Sample } from './series';

/** Arguments of one metric query of GPU `index`: engine use, power, clocks, temperatures, VRAM and the energy counter. */
export function amdSmiMetricArgs(index: number): string[] {
  return ['metric', '-g', String(index), '--usage', '--power', '--clock', '--temperature', '--mem-usage', '--energy', '--json'];
}

/** Arguments of the one static query of GPU `index`: its market name, bus address and driver. */
export function amdSmiStaticArgs(index: number): string[] {
  return ['static', '-g', String(index), '--asic', '--bus', '--driver', '--json'];
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The GPUs' entries, whichever way this amd-smi version wraps them. Throws on text that holds no JSON. */
function gpuEntries(text: string): Json[] {
  const data = parseToolJson(text);
  const list = isObject(data) && Array.isArray(data['gpu_data']) ? data['gpu_data'] : Array.isArray(data) ? data : isObject(data) ? [data] : [];
  return list.filter(isObject);
}

function path(entry: Json, keys: readonly string[]): unknown {
  let v: unknown = entry;
  for (const k of keys) v = isObject(v) ? v[k] : undefined;
  return v;
}

const SCALE: Record<string, number> = { '%': 1, W: 1, mW: 1e-3, uW: 1e-6, MHz: 1, GHz: 1e3, C: 1, '°C': 1, J: 1, mJ: 1e-3, uJ: 1e-6, μJ: 1e-6, kJ: 1e3, B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

/**
 * A figure {"value": 36, "unit": "W"} (or a bare number) in the unit `want` stands for: power W, clocks MHz, energy J,
 * memory bytes (amd-smi's "MB" is 2^20 bytes). "N/A", a missing key or an unknown unit is null.
 */
function figure(v: unknown): number | null {
  const raw = isObject(v) ? v['value'] : v;
  const unit = isObject(v) && typeof v['unit'] === 'string' ? v['unit'] : '';
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' && /^-?\d+(\.\d+)?$/.test(raw.trim()) ? Number(raw) : null;
  if (n === null) return null;
  if (unit === '') return n;
  const scale = SCALE[unit];
  return scale === undefined ? null : n * scale;
}

/** The first of several spellings that holds a figure (key names moved between amd-smi releases). */
function firstFigure(entry: Json, paths: ReadonlyArray<readonly string[]>): number | null {
  for (const p of paths) {
    const v = figure(path(entry, p));
    if (v !== null) return v;
  }
  return null;
}

const METRICS = {
  utilizationPercent: [['usage', 'gfx_activity']],
  memoryUsedBytes: [['mem_usage', 'used_vram']],
  memoryTotalBytes: [['mem_usage', 'total_vram']],
  powerW: [['power', 'socket_power'], ['power', 'average_socket_power']],
  smClockMHz: [['clock', 'gfx_0', 'clk'], ['clock', 'gfx', 'clk']],
  memoryClockMHz: [['clock', 'mem_0', 'clk'], ['clock', 'mem', 'clk']],
  temperatureC: [['temperature', 'hotspot'], ['temperature', 'edge']],
  /** The board's energy counter since the driver loaded, in J. */
  energyJ: [['energy', 'total_energy_consumption']],
} as const;

export interface AmdSmiReading {
  index: number;
  values: Sample['values'];
}

/** Every GPU in a `metric --json` answer, by its "gpu" index. */
export function parseAmdSmiMetric(text: string): AmdSmiReading[] {
  return gpuEntries(text).flatMap((entry) => {
    const index = entry['gpu'];
    if (typeof index !== 'number' || !Number.isInteger(index)) return [];
    const values: Record<string, number | null> = {};
    for (const [metric, paths] of Object.entries(METRICS)) values[metric] = firstFigure(entry, paths);
    // amd-smi reports "N/A" VRAM on some APUs and 0 used on idle boards; only a missing figure is null.
    return [{ index, values }];
  });
}

/**
 * The driver's version as amd-smi gives it. With the kernel's own amdgpu, amd-smi 25.x reports the kernel's build
 * string with its spaces removed ("Linuxversion6.14.0-24-generic(buildd@...)#24~24.04.3-UbuntuSMP..."): the kernel
 * release is the version then.
 */
function driverVersion(v: string | null): string | null {
  const kernel = v ? /^Linux\s*version\s*([^\s(]+)/i.exec(v) : null;
  return kernel ? `kernel ${kernel[1]}` : v;
}

/** GPU `index` as `amd-smi static --json` names it; a static query that fails leaves a generic name. */
export function parseAmdSmiStatic(text: string, index: number): GpuDevice {
  const entry = gpuEntries(text).find((e) => e['gpu'] === index);
  const str = (v: unknown): string | null => (typeof v === 'string' && v !== 'N/A' && v.trim() !== '' ? v : null);
  return {
    index,
    name: str(path(entry ?? {}, ['asic', 'market_name'])) ?? 'AMD GPU',
    busId: str(path(entry ?? {}, ['bus', 'bdf'])),
    driver: driverVersion(str(path(entry ?? {}, ['driver', 'version']))),
    source: 'amd-smi',
  };
}
