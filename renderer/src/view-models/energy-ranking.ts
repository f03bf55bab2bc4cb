import type { EnergyRanking } from '../../../electron/contract/energy-rank';
import type { Recommendation } from '../../../electron/contract/recommend';

const sig = (x: number) => x.toPrecision(3);

/** One table row per instance, in the energy ranking's order. */
export function energyRows(e: EnergyRanking, rec: Pick<Recommendation, 'instances'>): { instanceId: string; recommended: boolean; cells: string[] }[] {
  const byId = new Map(rec.instances.map((x) => [x.instanceId, x]));
  return e.instances.map((x) => {
    const inst = byId.get(x.instanceId);
    const range = x.joulesPer1M ? `${sig(x.joulesPer1M.low / 3.6e6)}–${sig(x.joulesPer1M.high / 3.6e6)}` : '—';
    const note = x.notRanked ? `not ranked: ${x.notRanked}` : x.meetsSlo === false ? 'misses SLO' : '';
    return {
      instanceId: x.instanceId,
      recommended: x.instanceId === e.recommended,
      cells: [x.instanceId, inst?.accelerator.split(' (')[0] ?? '—', x.tdpW === null ? '—' : `${Math.round(x.tdpW)} W`, inst?.instancesNeeded == null ? '—' : String(inst.instancesNeeded), range, note],
    };
  });
}
