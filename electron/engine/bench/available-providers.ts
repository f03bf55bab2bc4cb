import type { HardwareReport, ProviderId } from '../../contract/hardware';
import { badInput } from '../errors';

/**
 * The providers to use: those asked (each must have probed available, else bad input naming `--ep` and why), or,
 * when none is asked, every provider that probed available.
 */
export function availableProviders(hardware: HardwareReport, asked: readonly ProviderId[]): ProviderId[] {
  if (asked.length === 0) return hardware.providers.filter((p) => p.available).map((p) => p.id);
  for (const id of asked) {
    const status = hardware.providers.find((p) => p.id === id);
    if (status && !status.available) throw badInput(`--ep ${id}: ${status.reason ?? 'not available'}${status.remedy ? ` (${status.remedy})` : ''}`);
  }
  return [...asked];
}
