// nvidia-smi's CSV query, parsed. The fields and their order are fixed by NVIDIA_SMI_FIELDS; the sampler runs
// `nvidia-smi --query-gpu=<fields> --format=csv,noheader,nounits -lms N -i I` and parses each line it prints. Where
// this nvidia-smi answers `total_energy_consumption` (NVML's energy counter, mJ since the driver loaded; Volta and
// later, and only on some driver releases' nvidia-smi), it is queried as one more field at the end. Recorded outputs
// of real drivers (test/fixtures/telemetry/captured) show what the parser meets: units when `nounits` is not honoured,
// "[N/A]" utilisation on MIG-enabled GPUs, "[Requested functionality has been deprecated]".
import type { GpuDevice } from '../../contract/telemetry';
import { smiNumber as num } from '../hardware/gpu-parse';
import type { Sample } from './series';

export const NVIDIA_SMI_FIELDS = [
  'index',
  'pci.bus_id',
  'name',
  'driver_version',
  'utilization.gpu',
  'memory.used',
  'memory.total',
  'power.draw',
  'clocks.sm',
  'clocks.mem',
  'temperature.gpu',
  'clocks_throttle_reasons.active',
] as const;

export const ENERGY_FIELD = 'total_energy_consumption';

/**
 * The throttle mask's name since driver 535 ("clocks_event_reasons.active"); the older name stays an alias there
 * (listed in the --help-query-gpu of 580.173.02 and 590.48.01) and is the only one before 535. The sampler asks for
 * the new name where nvidia-smi accepts it, so a driver that drops the alias still answers.
 */
export const EVENT_REASONS_FIELD = 'clocks_event_reasons.active';

/**
 * Board power as last read, where nvidia-smi offers it (580.173.02 and 590.48.01 do). Their --help-query-gpu says
 * `power.draw` is a 1 s average on Ampere and later: integrated over a short window it lags the load by about half a
 * second, so the sampler integrates this reading where it is known.
 */
export const INSTANT_POWER_FIELD = 'power.draw.instant';

export interface StreamFields {
  /** Query the energy counter as one more field. */
  energy?: boolean;
  /** The throttle mask's name; the pre-535 name by default. */
  throttleField?: string;
  /** The power reading's name; `power.draw` by default. */
  powerField?: string;
}

/** How each power field reads, for the energy method. */
export function powerReadingLabel(field: string): string {
  return field === INSTANT_POWER_FIELD ? `nvidia-smi ${INSTANT_POWER_FIELD} (the last reading)` : 'nvidia-smi power.draw (a 1 s average on Ampere and later, instantaneous before)';
}

/** Arguments of a streaming query of one GPU every `intervalMs`, with the energy counter where it is answered. */
export function nvidiaSmiStreamArgs(index: number, intervalMs: number, opts: StreamFields = {}): string[] {
  const fields: string[] = [...NVIDIA_SMI_FIELDS];
  if (opts.throttleField) fields[fields.length - 1] = opts.throttleField;
  if (opts.powerField) fields[fields.indexOf('power.draw')] = opts.powerField;
  if (opts.energy) fields.push(ENERGY_FIELD);
  return [`--query-gpu=${fields.join(',')}`, '--format=csv,noheader,nounits', `-lms`, String(Math.round(intervalMs)), '-i', String(index)];
}

/** Arguments of one query of a single field of GPU `index`: whether this nvidia-smi knows the field, and its value. */
export function nvidiaSmiFieldProbeArgs(index: number, field: string): string[] {
  return [`--query-gpu=${field}`, '--format=csv,noheader,nounits', '-i', String(index)];
}

/** Whether a field probe's answer says nvidia-smi does not know the field (`Field "x" is not a valid field to query.`). */
export function isUnknownField(stdout: string, error: string): boolean {
  return /is not a valid field to query/i.test(`${stdout}\n${error}`);
}

/**
 * The probe's answer: the counter in J, or why it is not there ("Field ... is not a valid field to query." on
 * releases without it, "[N/A]" / "[Not Supported]" on GPUs before Volta).
 */
export function parseEnergyProbe(ok: boolean, stdout: string, error: string): { joules: number } | { reason: string } {
  const text = stdout.trim().split('\n')[0]?.trim() ?? '';
  const mJ = num(text);
  if (ok && mJ !== null) return { joules: mJ / 1000 };
  const said = (text || error).split('\n')[0]?.trim() || 'no answer';
  return { reason: `nvidia-smi gives no ${ENERGY_FIELD} here (${said})` };
}

/** NVML's clock throttle reason bits (nvmlClocksThrottleReason*), named as nvidia-smi's clocks_throttle_reasons.* fields. */
const THROTTLE_BITS: ReadonlyArray<[number, string]> = [
  [0x1, 'gpu_idle'],
  [0x2, 'applications_clocks_setting'],
  [0x4, 'sw_power_cap'],
  [0x8, 'hw_slowdown'],
  [0x10, 'sync_boost'],
  [0x20, 'sw_thermal_slowdown'],
  [0x40, 'hw_thermal_slowdown'],
  [0x80, 'hw_power_brake_slowdown'],
  [0x100, 'display_clock_setting'],
];

/** Names of the bits set in a throttle-reason mask such as "0x0000000000000004"; [] for "[N/A]" or 0. */
export function throttleReasons(mask: string): string[] {
  const t = mask.trim();
  if (!/^0x[0-9a-f]+$/i.test(t)) return [];
  const value = BigInt(t);
  const names = THROTTLE_BITS.filter(([bit]) => (value & BigInt(bit)) !== 0n).map(([, name]) => name);
  const known = THROTTLE_BITS.reduce((acc, [bit]) => acc | BigInt(bit), 0n);
  if ((value & ~known) !== 0n) names.push(`other (0x${(value & ~known).toString(16)})`);
  return names;
}

const MIB = 1024 * 1024;
const mJtoJ = (v: number | null): number | null => (v === null ? null : v / 1000);

export interface NvidiaSmiReading {
  device: GpuDevice;
  values: Sample['values'];
  throttle: string[];
}

/**
 * One line of the query. The name sits between fixed fields and may hold a comma, so fields are taken from both
 * ends. null for a line that is not a reading (a blank, a header, an error message).
 */
export function parseNvidiaSmiLine(line: string, withEnergy = false): NvidiaSmiReading | null {
  const all = line.split(',').map((s) => s.trim());
  const energy = withEnergy ? all.pop() : undefined;
  const f = all;
  const tail = NVIDIA_SMI_FIELDS.length - 3; // the fields after the name
  if (f.length < NVIDIA_SMI_FIELDS.length) return null;
  const index = num(f[0]);
  if (index === null || !Number.isInteger(index)) return null;
  const [driver, util, used, total, power, sm, mem, temp, throttle] = f.slice(-tail);
  const name = f.slice(2, f.length - tail).join(', ');
  const mib = (v: number | null) => (v === null ? null : v * MIB);
  return {
    device: { index, name, busId: f[1] || null, driver: driver && !driver.startsWith('[') ? driver : null, source: 'nvidia-smi' },
    values: {
      utilizationPercent: num(util),
      memoryUsedBytes: mib(num(used)),
      memoryTotalBytes: mib(num(total)),
      powerW: num(power),
      smClockMHz: num(sm),
      memoryClockMHz: num(mem),
      temperatureC: num(temp),
      ...(withEnergy ? { energyJ: mJtoJ(num(energy)) } : {}),
    },
    throttle: throttleReasons(throttle ?? ''),
  };
}
