import { Chart, type TooltipItem } from 'chart.js';
import type { ScenarioResult } from '../../../electron/contract/scenario';
import { backgroundPlugin, paletteColor } from '../charts/theme';
import { h, replace, table } from '../dom';
import { formatNumber } from '../view-models/format';
import { CONCURRENCY_COLUMNS, concurrencyChart, concurrencyRows, scenarioSummary, scenarioTitle, SERVER_COLUMNS, serverChart, serverRows, type ScenarioChart } from '../view-models/scenario-views';
import { section } from './widgets';

function lineChart(canvas: HTMLCanvasElement, spec: ScenarioChart): Chart<'line', Array<{ x: number; y: number }>> {
  const datasets = spec.lines.map((line, i) => ({ label: line.label, data: line.points, borderColor: paletteColor(i), backgroundColor: paletteColor(i), pointRadius: 3, tension: 0 }));
  if (spec.limit && spec.lines.some((l) => l.points.length)) {
    const xs = spec.lines.flatMap((l) => l.points.map((p) => p.x));
    const limit = spec.limit;
    datasets.push({ label: limit.label, data: [{ x: Math.min(...xs), y: limit.y }, { x: Math.max(...xs), y: limit.y }], borderColor: paletteColor(3), backgroundColor: paletteColor(3), pointRadius: 0, tension: 0 });
  }
  return new Chart<'line', Array<{ x: number; y: number }>>(canvas, {
    type: 'line',
    data: { datasets },
    plugins: [backgroundPlugin],
    options: {
      parsing: false,
      plugins: {
        title: { display: true, text: spec.title },
        legend: { position: 'bottom', labels: { usePointStyle: true, pointStyle: 'line', pointStyleWidth: 28 } },
        tooltip: { callbacks: { label: (item: TooltipItem<'line'>) => `${item.dataset.label ?? ''}: ${formatNumber(item.parsed.y ?? 0)} at ${formatNumber(item.parsed.x ?? 0)}` } },
      },
      scales: {
        x: { type: 'linear', beginAtZero: true, title: { display: true, text: spec.xTitle }, ticks: spec.integerX ? { precision: 0 } : {} },
        y: { type: 'linear', beginAtZero: true, title: { display: true, text: spec.yTitle } },
      },
    },
  });
}

/** One card per scenario result: what it concluded, the levels table, and its chart. */
function scenarioCard(r: ScenarioResult, charts: Chart[]): HTMLElement {
  const summary = h('ul', { class: 'scenario-summary' }, ...scenarioSummary(r).map((line) => h('li', null, line)));
  if (r.error) return section(scenarioTitle(r), summary);
  const canvas = h('canvas', { attrs: { role: 'img', 'aria-label': `${scenarioTitle(r)} chart` } });
  const rows = r.kind === 'server' ? serverRows(r) : concurrencyRows(r);
  const card = section(
    scenarioTitle(r),
    summary,
    h('div', { class: 'grid-2' }, h('figure', { class: 'chart-panel' }, h('div', { class: 'chart-box' }, canvas)), h('div', null, table(r.kind === 'server' ? SERVER_COLUMNS : CONCURRENCY_COLUMNS, rows, 'data scenario-table'))),
    h('details', null, h('summary', null, 'How it was measured'), h('p', { class: 'muted' }, r.method)),
  );
  card.setAttribute('data-testid', 'scenario');
  // Created once the card is in the page (Chart.js sizes itself from its box).
  requestAnimationFrame(() => charts.push(lineChart(canvas, r.kind === 'server' ? serverChart(r) : concurrencyChart(r))));
  return card;
}

/** The scenarios of a run, kept in sync with a growing list (live runs add one per provider × precision). */
export class ScenarioSection {
  readonly element = h('div', { attrs: { 'data-testid': 'scenarios' } });
  private shown = 0;
  private readonly charts: Chart[] = [];

  update(results: readonly ScenarioResult[]): void {
    if (results.length === this.shown) return;
    if (this.shown === 0) replace(this.element, h('h2', { class: 'section-title' }, 'Scenarios'));
    for (; this.shown < results.length; this.shown++) {
      const r = results[this.shown];
      if (r) this.element.appendChild(scenarioCard(r, this.charts));
    }
  }

  destroy(): void {
    for (const c of this.charts) c.destroy();
  }
}
