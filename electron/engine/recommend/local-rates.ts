import * as os from 'node:os';
import type { ProviderId } from '../../contract/hardware';
import type { MachineRates } from '../../contract/recommend';
import type { Precision, RunRecord } from '../../contract/run';
import { toErrorInfo } from '../errors';

export type LocalRates = { rates: MachineRates | null; missing?: string; cached?: boolean };
/** Measures (or reads from the cache) this machine's rates: machine-rates.ts in the engine worker, under its deadlines. */
export type MeasureRates = (o: { provider: ProviderId; precision: Precision; refresh: boolean }) => Promise<MachineRates & { cached: boolean }>;

/** A run is from this machine when its host name or its CPU model is this machine's. */
export function measuredHere(run: RunRecord): boolean {
  const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim();
  return run.hardware.os.hostname === os.hostname() || norm(run.hardware.cpu.model) === norm(os.cpus()[0]?.model ?? '');
}

/** This machine's achieved rates to project `run` from, or why there are none (another machine's run, a failed measurement). */
export async function localRates(run: RunRecord, provider: ProviderId, precision: Precision, refresh: boolean, measure: MeasureRates): Promise<LocalRates> {
  if (!measuredHere(run)) {
    return { rates: null, missing: `the run was measured on ${run.hardware.os.hostname} (${run.hardware.cpu.model}), not here: run \`infermeter recommend\` on that machine to project from it` };
  }
  try {
    const rates = await measure({ provider, precision, refresh });
    const { cached, ...plain } = rates;
    return { rates: plain, cached };
  } catch (error) {
    return { rates: null, missing: `this machine's ${precision} rates on ${provider} could not be measured (${toErrorInfo(error).message})` };
  }
}
