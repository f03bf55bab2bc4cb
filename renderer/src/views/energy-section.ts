import type { EnergyRanking } from '../../../electron/contract/energy-rank';
import type { RecommendationFile } from '../../../electron/contract/recommend';
import { h } from '../dom';
import { energyRows } from '../view-models/energy-ranking';
import { section } from './widgets';

/** The Recommend view's energy ranking (rank by energy): this machine's measured point, the instances by projected energy. */
export function energySection(e: EnergyRanking, rec: RecommendationFile): HTMLElement {
  const rows = energyRows(e, rec.instances);
  return section(
    'Ranked by energy',
    h('p', { attrs: { 'data-testid': 'recommendation-energy-local' } }, e.localLine),
    h('p', { class: 'recommendation-verdict', attrs: { 'data-testid': 'recommendation-energy-explanation' } }, h('strong', null, e.explanation)),
    h('table', { class: 'data', attrs: { 'data-testid': 'recommendation-energy-instances' } },
      h('thead', null, h('tr', null, ...['instance', 'accelerator', 'TDP', 'needed', 'kWh per 1M served (PROJECTED)', 'note'].map((x) => h('th', null, x)))),
      h('tbody', null, ...rows.map((r) => h('tr', { class: r.recommended ? 'recommended' : '' }, ...r.cells.map((c) => h('td', null, c)))))),
    h('details', null, h('summary', null, 'Energy method'), h('p', null, e.method)),
  );
}
