import type { RecommendationFile } from '../../../electron/contract/recommend';
import { button, h } from '../dom';
import {
  GENERATION_BATCH_HEADERS, GENERATION_INSTANCE_HEADERS, generationBatchCells, generationInstanceCells, generationInstanceRows, generationTargetText,
} from '../view-models/generation-recommendation';
import { section } from './widgets';

/** Room for every bar's label: 22 px a bar plus the title, legend and axis. */
function chartHeight(bars: number): number {
  return Math.max(160, 110 + 22 * bars);
}

/** The Recommend view's sections for a generation run: the batch per precision under the ITL p99 SLO, then the instances. */
export function generationSections(rec: RecommendationFile, canvas: HTMLCanvasElement, exportAs: (format: 'csv' | 'json') => Promise<void>): HTMLElement[] {
  const g = rec.generation;
  if (!g) return [];
  const instances = generationInstanceRows(rec);
  const priced = rec.instances.filter((x) => x.servingCostPer1M !== null && x.meetsSlo === true).length;
  canvas.setAttribute('aria-label', 'Cost of serving the target per 1M generated tokens, by instance');
  return [
    h('p', { class: 'recommendation-verdict', attrs: { 'data-testid': 'recommendation-explanation' } }, h('strong', null, rec.explanation)),
    h('div', { class: 'export-bar' }, h('span', { class: 'label' }, 'Export'), button('Recommendation CSV', () => void exportAs('csv')), button('Recommendation JSON', () => void exportAs('json'))),
    section(
      `Generation under ITL p99 ≤ ${rec.sloMs} ms (prompt ${g.promptTokens}, gen ${g.genTokens})`,
      h('p', { attrs: { 'data-testid': 'recommendation-local' } }, g.localAnswer),
      g.shapesMeasured.length > 1 ? h('p', { class: 'muted' }, `The run also measured ${g.shapesMeasured.filter((x) => x.promptTokens !== g.promptTokens || x.genTokens !== g.genTokens).map((x) => `prompt ${x.promptTokens}, gen ${x.genTokens}`).join('; ')}: pick another in Prompt × gen above (the CLI: --prompt/--gen).`) : null,
      h('table', { class: 'data', attrs: { 'data-testid': 'recommendation-batches' } },
        h('thead', null, h('tr', null, ...GENERATION_BATCH_HEADERS.map((x) => h('th', null, x)))),
        h('tbody', null, ...generationBatchCells(rec).map((r) => h('tr', { class: r.isSource ? 'source' : '' }, ...r.cells.map((c) => h('td', null, c)))))),
    ),
    section(
      `Instances for ${generationTargetText(rec)}`,
      h('p', { class: 'muted' }, rec.source
        ? `From the ${rec.source.precision.toUpperCase()} ${rec.source.provider} generation points of this run. Ranked by the cost of serving the target per 1M generated tokens; ` +
          'PROJECTED rows are low–high ranges (decode from weights + KV cache bytes per step over the target\'s memory bandwidth, TTFT from compute, with this machine\'s efficiency), ranked on their low end, not measurements.'
        : 'No generation point in this run to project from.'),
      h('div', { class: 'chart-box cost-chart', attrs: { style: `height: ${chartHeight(priced)}px` } }, canvas),
      h('table', { class: 'data recommendation-instances', attrs: { 'data-testid': 'recommendation-instances' } },
        h('thead', null, h('tr', null, ...GENERATION_INSTANCE_HEADERS.map((x) => h('th', null, x)))),
        h('tbody', null, ...instances.map((r) => h('tr', { class: `basis-${r.basis}${r.recommended ? ' recommended' : ''}`, attrs: { 'data-basis': r.basis } },
          h('td', null, r.instanceId, r.recommended ? h('span', { class: 'badge badge-finished' }, 'recommended') : null),
          ...generationInstanceCells(r).map((c) => h('td', null, c)))))),
      h('details', null, h('summary', null, 'Method'), h('p', null, rec.method), rec.machineRates ? h('p', null, `This machine's rates: ${rec.machineRates.method}`) : null),
    ),
  ];
}
