import * as os from 'node:os';
import * as si from 'systeminformation';
import type { HardwareReport } from '../../contract/hardware';
import { settleWithin } from './run-text';

const SI_TIMEOUT_MS = 10_000;

export type PowerSource = HardwareReport['powerSource'];

/** The fields of systeminformation's battery data that decide the power source. */
export interface BatteryLike {
  hasBattery: boolean;
  acConnected: boolean;
  isCharging: boolean;
}

/**
 * 'battery' only when a battery is present and the charger is not connected. A machine without a battery
 * runs on mains power, so it counts as 'ac'; 'unknown' when the battery could not be read at all.
 */
export function powerSourceFromBattery(battery: BatteryLike | null): PowerSource {
  if (battery === null) return 'unknown';
  if (!battery.hasBattery) return 'ac';
  return battery.acConnected || battery.isCharging ? 'ac' : 'battery';
}

export async function detectPowerSource(): Promise<PowerSource> {
  return powerSourceFromBattery(await settleWithin(si.battery(), SI_TIMEOUT_MS, null));
}

/** Total memory and what the OS says can be given to a new process without swapping (bytes). */
export async function detectMemory(): Promise<HardwareReport['memory']> {
  const mem = await settleWithin(si.mem(), SI_TIMEOUT_MS, null);
  const totalBytes = mem && mem.total > 0 ? mem.total : os.totalmem();
  const availableBytes = mem && mem.available > 0 ? mem.available : os.freemem();
  return { totalBytes, availableBytes };
}

export async function detectOs(): Promise<HardwareReport['os']> {
  const info = await settleWithin(si.osInfo(), SI_TIMEOUT_MS, null);
  return {
    platform: info?.platform || process.platform,
    distro: info?.distro || os.type(),
    release: info?.release || os.release(),
    kernel: info?.kernel || os.release(),
    arch: info?.arch || process.arch,
    hostname: info?.hostname || os.hostname(),
  };
}
