import * as os from 'node:os';
import type { MachineRates } from '../../contract/recommend';

// How busy this machine is, for the rates' cache (machine-rates.ts) and the CLI's warning: apart from
// machine-rates.ts so that reading it loads no onnxruntime.

/**
 * Above this 1-minute load per logical CPU other work was competing for the cores: rates measured then are the
 * neighbours' leftovers, not this machine's (measured here: 49 GFLOP/s fp32 at a load of 4.5 per CPU, 149 quiet).
 */
export const BUSY_LOAD_PER_CPU = 0.5;

/** The 1-minute load average per logical CPU, or undefined where the OS keeps none (Windows reports zeros). */
export function currentLoadPerCpu(): number | undefined {
  if (process.platform === 'win32') return undefined;
  return (os.loadavg()[0] ?? 0) / Math.max(1, os.cpus().length);
}

/** True when cached rates were measured on a busy machine and the machine is quiet now: worth measuring again. */
export function measuredBusyNowQuiet(rates: Pick<MachineRates, 'loadPerCpu'>, loadNow: number | undefined): boolean {
  return rates.loadPerCpu !== undefined && rates.loadPerCpu > BUSY_LOAD_PER_CPU && loadNow !== undefined && loadNow <= BUSY_LOAD_PER_CPU;
}
