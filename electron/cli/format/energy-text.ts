import { energyRows, type EnergyRanking } from '../../contract/energy-rank';
import type { Recommendation } from '../../contract/recommend';
import { textTable } from './text-table';

/** The terminal rendering of `recommend --rank-by energy`: this machine's point, then the instances by projected energy. */
export function formatEnergyRanking(e: EnergyRanking, rec: Recommendation): string {
  const out = [
    e.localLine,
    '',
    `Instances by PROJECTED energy to serve ${rec.qps} QPS (kWh per 1M requests served, low–high; ranked on the high end):`,
  ];
  // A reason past 70 characters after "not ranked: " is cut in the terminal; the app shows it whole.
  const MAX_NOTE = 'not ranked: '.length + 70;
  const rows = energyRows(e, rec.instances).map(({ cells }) => cells.map((c, i) => (i === cells.length - 1 && c.length > MAX_NOTE ? `${c.slice(0, MAX_NOTE - 3)}…` : c)));
  out.push(textTable(['instance', 'accelerator', 'TDP', 'needed', 'kWh/1M served', 'note'], rows), '', `Recommendation by energy: ${e.explanation}`, `Energy method: ${e.method}`);
  return out.join('\n');
}
