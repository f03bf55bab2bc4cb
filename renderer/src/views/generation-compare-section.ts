// The comparison of generation runs in History: tokens/s, TTFT p50 and ITL p99 against batch size, every run's lines
// on one chart (marker and dash tell the runs apart, colour the configuration), and the ratio table.
import type { RunRecord } from '../../../electron/contract/run';
import { SeriesChart } from '../charts/series-chart';
import { h, table } from '../dom';
import { formatMs, formatNumber } from '../view-models/format';
import { generationCompareSeries, generationRatioRows } from '../view-models/generation-compare';
import { GENERATION_CHARTS } from './generation-section';
import { section } from './widgets';

const ratioCell = (v: number | null) => (v === null ? '—' : `${v.toFixed(2)}×`);

export function generationCompareSection(runs: ReadonlyArray<{ run: RunRecord; label: string }>): { element: HTMLElement; destroy: () => void } {
  const grid = h('div', { class: 'chart-grid' });
  const charts: SeriesChart[] = [];
  for (const c of GENERATION_CHARTS) {
    const canvas = h('canvas', { attrs: { 'data-testid': `compare-generation-${c.metric}` } });
    grid.append(h('div', { class: 'chart-panel' }, canvas));
    const chart = new SeriesChart(canvas, c.options);
    const perRun = generationCompareSeries(runs, c.metric);
    for (const { runIndex, series } of perRun) chart.sync(series, '', false, runIndex);
    chart.redraw();
    canvas.dataset.lines = String(perRun.reduce((n, r) => n + r.series.length, 0));
    canvas.dataset.runs = String(perRun.filter((r) => r.series.length > 0).length);
    charts.push(chart);
  }
  const [base, ...others] = runs;
  const rows = base ? generationRatioRows(base.run, others.map((o) => o.run)) : [];
  const ratios = table(
    ['configuration', 'prompt', 'gen', 'batch', `base: ${base?.label ?? ''} tokens/s`, 'TTFT p50', 'ITL p99', ...others.flatMap((o) => [`${o.label} tokens/s`, 'tokens/s ratio', 'TTFT ratio', 'ITL p99 ratio'])],
    rows.map((r) => [
      r.label, String(r.promptTokens), String(r.genTokens), String(r.batch), formatNumber(r.baseTokensPerS), formatMs(r.baseTtftMs), formatMs(r.baseItlP99Ms),
      ...r.cells.flatMap((c) => [c.tokensPerS === null ? 'not measured' : formatNumber(c.tokensPerS), ratioCell(c.tokensRatio), ratioCell(c.ttftRatio), ratioCell(c.itlP99Ratio)]),
    ]),
    'data generation-ratios',
  );
  const element = h(
    'div',
    { attrs: { 'data-testid': 'comparison-generation' } },
    section('Generation', h('p', { class: 'muted' }, 'Tokens/s over all sequences, time to first token (p50) and inter-token latency (p99) against batch size, one line per run × precision × prompt × gen.'), grid),
    section('Generation ratios', rows.length
      ? h('div', null, h('p', { class: 'muted' }, 'Against the first selected run: above 1× is more tokens/s, or a longer TTFT or ITL p99.'), ratios)
      : h('p', { class: 'muted' }, 'The base run has no measured generation points to compare.')),
  );
  return { element, destroy: () => charts.forEach((c) => c.destroy()) };
}
