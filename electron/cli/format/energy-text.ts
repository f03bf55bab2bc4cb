import type { EnergyRanking } from '../../contract/energy-rank';
import type { Recommendation } from '../../contract/recommend';
import { textTable } from './text-table';

const sig = (x: number) => x.toPrecision(3);
const kwh = (j: number) => sig(j / 3.6e6);

/** The terminal rendering of `recommend --rank-by energy`: this machine's point, then the instances by projected energy. */
export function formatEnergyRanking(e: EnergyRanking, rec: Recommendation): string {
  const out = [
    e.localLine,
    '',
    `Instances by PROJECTED energy to serve ${rec.qps} QPS (kWh per 1M requests served, low–high; ranked on the high end):`,
  ];
  const byId = new Map(rec.instances.map((x) => [x.instanceId, x]));
  const rows = e.instances.map((x) => {
    const inst = byId.get(x.instanceId);
    return [
      x.instanceId, inst ? inst.accelerator.split(' (')[0] ?? inst.accelerator : '—', x.tdpW === null ? '—' : `${Math.round(x.tdpW)} W`,
      inst?.instancesNeeded === null || inst === undefined ? '—' : String(inst.instancesNeeded),
      x.joulesPer1M ? `${kwh(x.joulesPer1M.low)}–${kwh(x.joulesPer1M.high)}` : '—',
      x.notRanked ? `not ranked: ${x.notRanked.length > 70 ? `${x.notRanked.slice(0, 67)}…` : x.notRanked}` : x.meetsSlo === false ? 'misses SLO' : '',
    ];
  });
  out.push(textTable(['instance', 'accelerator', 'TDP', 'needed', 'kWh/1M served', 'note'], rows), '', `Recommendation by energy: ${e.explanation}`, `Energy method: ${e.method}`);
  return out.join('\n');
}
