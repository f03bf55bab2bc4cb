import { IDLE_FLOOR_SHARE, kwhText, type EnergyRanking, type InstanceEnergy, type LocalEnergyPick } from '../../contract/energy-rank';
import type { Recommendation } from '../../contract/recommend';
import type { PointResult, RunRecord } from '../../contract/run';
import { formatMs } from '../../../common/units';
import type { Catalog, CatalogInstance } from './catalog';

export const ENERGY_METHOD =
  "This machine: the point meeting the SLO with the lowest MEASURED J/inference (the GPU's meter for GPU providers, the CPU package's for the CPU provider; " +
  'each figure says how it was had). Cloud instances: PROJECTED energy per 1M requests served = instances needed × accelerators × power × (1M ÷ target QPS) s, ' +
  `power from the catalog TDP: high end = full TDP, low end = an idle floor of ${IDLE_FLOOR_SHARE * 100}% of TDP (assumed) plus the utilisation share of the rest. ` +
  'Accelerators only (host CPU, memory, cooling not counted); ranked on the high end.';

type Measured = Extract<PointResult, { verdict: 'valid' | 'unstable' }>;

/** The energy ranking beside a recommendation: pure, from the run's points, the ranked instances and the catalog's TDPs. */
export function rankByEnergy(rec: Recommendation, run: RunRecord, catalog: Catalog): EnergyRanking {
  const local = localEnergyPick(rec, run);
  const byId = new Map(catalog.instances.map((x) => [x.id, x]));
  const energies = rec.instances.map((x) => instanceEnergy(x, byId.get(x.instanceId), catalog, rec.qps));
  const ranked = energies.filter((e) => e.joulesPer1M !== null).sort((a, b) => (a.joulesPer1M?.high ?? 0) - (b.joulesPer1M?.high ?? 0));
  const instances = [...ranked, ...energies.filter((e) => e.joulesPer1M === null)];
  const best = ranked.find((e) => e.meetsSlo === true) ?? null;
  return { local, localLine: localEnergyLine(local), instances, recommended: best?.instanceId ?? null, explanation: explainEnergy(best, ranked.length, rec), method: ENERGY_METHOD };
}

const sig = (x: number) => x.toPrecision(3);

/** This machine's point by measured energy, or why there is none and what the ranking fell back to. */
export function localEnergyLine(l: LocalEnergyPick): string {
  if (!l.available) return `This machine by energy: not available — ${l.reason}; ${l.fallback}.`;
  return `This machine by energy: batch ${l.batch} on ${l.precision}/${l.provider}${l.threads === null ? '' : ` (${l.threads} threads)`}, MEASURED ${sig(l.joulesPerInference)} J/inference ` +
    `(${sig(l.inferencesPerJoule)} inferences/J, ${l.meter === 'cpu' ? 'CPU package' : 'GPU'} ${l.basis ?? 'meter'}; p99 ${formatMs(l.p99Ms)}), the lowest of ${l.candidates} ` +
    `point${l.candidates === 1 ? '' : 's'} meeting the SLO. Method: ${l.method}`;
}

function explainEnergy(best: InstanceEnergy | null, ranked: number, rec: Recommendation): string {
  if (best === null || best.joulesPer1M === null) {
    return ranked === 0 ? 'No instance could be ranked by energy: see each row\'s reason.' : `No instance ranked by energy meets the ${rec.sloMs} ms SLO, so none is recommended by energy.`;
  }
  return `${best.instanceId} takes the least energy to serve ${rec.qps.toLocaleString('en-US')} QPS at p99 ≤ ${rec.sloMs} ms: a PROJECTED ` +
    `${kwhText(best.joulesPer1M.low)}–${kwhText(best.joulesPer1M.high)} kWh per 1M requests served (from TDP, ranked on the high end).`;
}

/** TDP × accelerators; a CPU instance's share of its socket's TDP (vCPUs ÷ vCPUs per socket) where the catalog has both. */
function instanceWatts(inst: CatalogInstance, catalog: Catalog): number | null {
  if (inst.accelerator_id !== null) {
    const tdp = catalog.accelerators.get(inst.accelerator_id)?.tdp_w ?? null;
    return tdp === null ? null : tdp * inst.accelerator_count;
  }
  const cpu = inst.cpu_id ? catalog.accelerators.get(inst.cpu_id) : undefined;
  if (!cpu || cpu.tdp_w === null || !cpu.cpu_detail) return null;
  return cpu.tdp_w * (inst.vcpus / cpu.cpu_detail.vcpus_per_socket);
}

export function instanceEnergy(x: Recommendation['instances'][number], inst: CatalogInstance | undefined, catalog: Catalog, qps: number): InstanceEnergy {
  const tdpW = inst ? instanceWatts(inst, catalog) : null;
  const row = { instanceId: x.instanceId, tdpW, meetsSlo: x.meetsSlo };
  if (tdpW === null) return { ...row, joulesPer1M: null, notRanked: 'no TDP in the catalog' };
  if (x.instancesNeeded === null || x.utilisation === null) return { ...row, joulesPer1M: null, notRanked: x.missing ?? x.needsRuntime ?? 'no throughput to size the fleet' };
  const seconds = 1e6 / qps;
  const high = x.instancesNeeded * tdpW * seconds;
  const share = IDLE_FLOOR_SHARE + (1 - IDLE_FLOOR_SHARE) * Math.min(1, x.utilisation);
  return { ...row, joulesPer1M: { low: high * share, high }, notRanked: null };
}

/** This machine's points meeting the SLO, by their measured J/inference; unavailable with the points' reasons and the cost fallback. */
export function localEnergyPick(rec: Recommendation, run: RunRecord): LocalEnergyPick {
  const groups = rec.batch.groups;
  const inGroups = (p: Measured) => groups.some((g) => g.precision === p.precision && g.provider === p.provider && g.threads === p.threads);
  const meeting = run.points.filter((p): p is Measured => p.verdict !== 'failed' && p.generationStats === undefined && inGroups(p) && p.stats.p99Ms <= rec.sloMs);
  const best = rec.batch.best;
  const fallback = best
    ? `ranked by cost instead: batch ${best.batch} on ${best.precision}/${best.provider}, the highest throughput under the SLO`
    : 'ranked by cost instead (no point meets the SLO)';
  if (meeting.length === 0) return { available: false, reason: `no point of the run meets the ${rec.sloMs} ms SLO`, fallback };
  const reasons = new Set<string>();
  let pick: Extract<LocalEnergyPick, { available: true }> | null = null;
  let candidates = 0;
  for (const p of meeting) {
    const meter = p.provider === 'cpu' ? 'cpu' : 'gpu';
    const energy = p.telemetry ? (meter === 'cpu' ? p.telemetry.cpuEnergy : p.telemetry.gpuEnergy) : { available: false as const, reason: 'recorded before telemetry existed' };
    if (!energy.available) {
      reasons.add(`${meter === 'cpu' ? 'CPU package' : 'GPU'} energy: ${energy.reason}`);
      continue;
    }
    candidates += 1;
    if (pick === null || energy.joulesPerInference < pick.joulesPerInference) {
      pick = {
        available: true, precision: p.precision, provider: p.provider, threads: p.threads, batch: p.batch, p99Ms: p.stats.p99Ms, meter,
        joulesPerInference: energy.joulesPerInference, inferencesPerJoule: energy.inferencesPerJoule, basis: energy.basis ?? null, method: energy.method, candidates: 0,
      };
    }
  }
  if (pick) return { ...pick, candidates };
  return { available: false, reason: [...reasons].join('; '), fallback };
}
