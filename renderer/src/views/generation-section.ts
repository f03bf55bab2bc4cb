// The results of a generation run: tokens/s and TTFT against batch size (a line per precision × prompt × gen), the
// ITL histogram of a clicked point, the table, and the best point under the run's SLO read as an ITL p99 bound.
import { bestGenerationUnderSlo, generationSloLine } from '../../../electron/contract/generation';
import type { PointResult, PrecisionVariantInfo } from '../../../electron/contract/run';
import { HistogramChart } from '../charts/bar-charts';
import { SeriesChart, type SeriesChartOptions } from '../charts/series-chart';
import { h, replace, table } from '../dom';
import { formatMs, formatNumber } from '../view-models/format';
import { GENERATION_TABLE_HEADERS, generationPoints, generationRows, generationSeries, itlHistogram, type GenerationMetric } from '../view-models/generation';
import type { ExportableChart } from './chart-set';
import { section, setText } from './widgets';

const batchAxis = { xTitle: 'batch size (sequences)', xLog2: true, formatX: (x: number) => `batch ${x}` };
export const GENERATION_CHARTS: Array<{ metric: GenerationMetric; caption: string; options: SeriesChartOptions }> = [
  { metric: 'tokens-total', caption: 'Tokens generated per second over all sequences of a batch: the throughput a server gets.', options: { ...batchAxis, title: 'Tokens/s (all sequences) vs batch size', yTitle: 'tokens/s', formatY: (y) => `${formatNumber(y)} tokens/s` } },
  { metric: 'ttft-p50', caption: 'How long the prompt takes before the first token (prefill), median over generations.', options: { ...batchAxis, title: 'Time to first token (p50) vs batch size', yTitle: 'TTFT (ms)', formatY: formatMs } },
  { metric: 'itl-p99', caption: 'The slowest 1% of the gaps between tokens after the first: what a reader of the stream notices.', options: { ...batchAxis, title: 'Inter-token latency (p99) vs batch size', yTitle: 'ITL p99 (ms)', formatY: formatMs } },
];

export class GenerationSection {
  readonly element: HTMLElement;
  private readonly lines: Array<{ metric: GenerationMetric; chart: SeriesChart; title: string; caption: string }> = [];
  private readonly histogram: HistogramChart;
  private readonly histogramCanvas = h('canvas');
  private readonly tableHolder = h('div');
  private readonly accuracyHolder = h('div');
  private readonly sloLine = h('p', { class: 'slo-line', attrs: { 'data-testid': 'generation-slo' } });
  private histogramFor: number | null = null;
  private points: readonly PointResult[] = [];

  constructor() {
    const grid = h('div', { class: 'chart-grid' });
    for (const c of GENERATION_CHARTS) {
      const canvas = h('canvas');
      grid.append(h('div', { class: 'chart-panel' }, canvas));
      const chart = new SeriesChart(canvas, c.options);
      chart.onPointClick((_series, point) => this.showHistogram(point.index));
      this.lines.push({ metric: c.metric, chart, title: c.options.title, caption: c.caption });
    }
    grid.append(h('div', { class: 'chart-panel' }, this.histogramCanvas));
    this.histogram = new HistogramChart(this.histogramCanvas);
    this.element = h('div', { attrs: { 'data-testid': 'generation-results' } }, this.sloLine, section('Generation', grid), section('Generation points', this.tableHolder), this.accuracyHolder);
  }

  update(points: readonly PointResult[], sloMs: number | null): void {
    this.points = points;
    for (const { metric, chart } of this.lines) {
      chart.clear();
      chart.sync(generationSeries(points, metric));
      chart.redraw();
    }
    replace(this.tableHolder, table(GENERATION_TABLE_HEADERS, generationRows(points)));
    const measured = generationPoints(points);
    if (this.histogramFor === null && measured[0]) this.showHistogram(measured[0].index);
    setText(this.sloLine, sloMs === null ? 'Set a latency SLO on the Run tab: for generation it bounds the ITL p99, and the best point is the one with the most tokens/s within it.' : generationSloLine(points, sloMs));
    if (sloMs !== null) this.sloLine.dataset.best = String(bestGenerationUnderSlo(points, sloMs)?.index ?? '');
  }

  /** FP16/INT8 against FP32 by generation: greedy-token agreement and logits cosine (teacher-forced). */
  updateAccuracy(variants: readonly PrecisionVariantInfo[]): void {
    const rows = variants.filter((v) => v.precision !== 'fp32').map((v) => {
      const a = v.generationAccuracy;
      if (!a) return [v.precision.toUpperCase(), '—', '—', '—', v.error?.message ?? 'not measured'];
      return [v.precision.toUpperCase(), `${(100 * a.greedyAgreement).toFixed(1)}%`, a.logitsCosineMean.toFixed(5), a.logitsCosineMin.toFixed(5), a.method];
    });
    replace(this.accuracyHolder, rows.length === 0 ? null : section('Generation against FP32', table(['precision', 'greedy tokens agreeing', 'logits cosine (mean)', 'logits cosine (lowest)', 'method'], rows)));
  }

  charts(): ExportableChart[] {
    return [...this.lines.map((l) => ({ title: l.title, caption: l.caption, canvas: l.chart.canvas })), { title: 'Inter-token latency histogram', caption: 'The gaps between tokens of the chosen point, the slowest 1% in one bar.', canvas: this.histogramCanvas }];
  }

  private showHistogram(index: number): void {
    const p = generationPoints(this.points).find((q) => q.index === index);
    if (!p) return;
    this.histogramFor = index;
    const { hist, title } = itlHistogram(p);
    this.histogram.show(hist, title);
  }

  destroy(): void {
    for (const { chart } of this.lines) chart.destroy();
    this.histogram.chart.destroy();
  }
}
