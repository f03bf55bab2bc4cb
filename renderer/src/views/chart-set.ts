import type { PointResult } from '../../../electron/contract/run';
import { HistogramChart, SpeedupChart } from '../charts/bar-charts';
import { SeriesChart, type SeriesChartOptions } from '../charts/series-chart';
import { button, download, h } from '../dom';
import { formatMs, formatNumber, formatThroughput } from '../view-models/format';
import { histogram } from '../view-models/histogram';
import { SeriesAccumulator, type Metric, type Series, type SeriesPoint } from '../view-models/series';
import { precisionSpeedups } from '../view-models/speedups';

interface RunAccumulators {
  label: string | null;
  byMetric: Record<Metric, SeriesAccumulator>;
}

const batchAxis = { xTitle: 'batch size (samples per run)', xLog2: true, formatX: (x: number) => `batch ${x}` };
const CHARTS: Array<{ id: 'throughput' | 'latency' | 'tradeoff'; options: SeriesChartOptions }> = [
  { id: 'throughput', options: { ...batchAxis, title: 'Throughput vs batch size', yTitle: 'throughput (samples/s)', formatY: formatThroughput } },
  { id: 'latency', options: { ...batchAxis, title: 'Latency vs batch size (solid p50, dashed p99)', yTitle: 'latency per run (ms)', formatY: formatMs } },
  { id: 'tradeoff', options: { title: 'Latency–throughput trade-off (one point per batch)', xTitle: 'throughput (samples/s)', yTitle: 'p99 latency (ms)', xLog2: false, formatX: (x) => `${formatNumber(x)} samples/s`, formatY: formatMs } },
];

/** Redrawing the charts costs several ms each: during a fast sweep, four redraws a second keep the page responsive. */
const REDRAW_MS = 250;

export interface ExportableChart {
  title: string;
  canvas: HTMLCanvasElement;
}

/**
 * The results charts of one run, or of several overlaid. Points arrive one at a time (`addPoint`); redraws are
 * batched to one per animation frame, so a fast sweep costs one chart update per frame whatever the event rate.
 */
export class ChartSet {
  readonly element: HTMLElement;
  private readonly runs = new Map<string, RunAccumulators>();
  private readonly points = new Map<string, PointResult>();
  private readonly lineCharts = new Map<string, SeriesChart>();
  private readonly histogram: HistogramChart;
  private readonly speedups: SpeedupChart | null;
  private readonly exportable: ExportableChart[] = [];
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastRedraw = 0;
  private histogramShown = false;

  constructor(private readonly compare: boolean) {
    this.element = h('div', { class: 'chart-grid' });
    for (const c of CHARTS) {
      const canvas = this.panel(c.options.title);
      const chart = new SeriesChart(canvas, c.options);
      chart.onPointClick((series, point) => this.showHistogram(series, point));
      this.lineCharts.set(c.id, chart);
    }
    this.histogram = new HistogramChart(this.panel('Latency histogram'));
    this.speedups = compare ? null : new SpeedupChart(this.panel('Speed-up over FP32'));
    const speedupFigure = this.speedups?.chart.canvas.closest('figure');
    if (speedupFigure) speedupFigure.hidden = true;
  }

  private panel(title: string): HTMLCanvasElement {
    const canvas = h('canvas', { attrs: { role: 'img', 'aria-label': title } });
    const save = button('PNG', () => canvas.toBlob((blob) => blob && download(`${title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}.png`, blob)), 'small');
    this.element.appendChild(h('figure', { class: 'chart-panel' }, h('div', { class: 'chart-box' }, canvas), h('figcaption', null, save)));
    this.exportable.push({ title, canvas });
    return canvas;
  }

  addPoint(runId: string, runLabel: string | null, point: PointResult): void {
    let run = this.runs.get(runId);
    if (!run) {
      const id = this.compare ? runId : null;
      const make = (m: Metric) => new SeriesAccumulator(m, id, runLabel);
      run = { label: runLabel, byMetric: { throughput: make('throughput'), p50: make('p50'), p99: make('p99'), tradeoff: make('tradeoff') } };
      this.runs.set(runId, run);
    }
    this.points.set(`${runId}|${point.index}`, point);
    const created = run.byMetric.throughput.add(point)?.created;
    run.byMetric.p50.add(point);
    run.byMetric.p99.add(point);
    run.byMetric.tradeoff.add(point);
    if (!this.histogramShown && point.verdict !== 'failed') {
      const series = run.byMetric.throughput.series.find((x) => x.points.some((q) => q.index === point.index));
      const at = series?.points.find((q) => q.index === point.index);
      if (series && at) this.showHistogram(series, at);
    }
    if (created) {
      this.lineCharts.get('throughput')?.sync(run.byMetric.throughput.series);
      this.lineCharts.get('latency')?.sync(run.byMetric.p50.series, 'p50');
      this.lineCharts.get('latency')?.sync(run.byMetric.p99.series, 'p99', true);
      this.lineCharts.get('tradeoff')?.sync(run.byMetric.tradeoff.series);
    }
    this.scheduleRedraw();
  }

  addPoints(runId: string, runLabel: string | null, points: readonly PointResult[]): void {
    for (const p of points) this.addPoint(runId, runLabel, p);
  }

  /** One redraw per animation frame at most, and no more than every REDRAW_MS while points stream in. */
  scheduleRedraw(): void {
    if (this.frame || this.timer) return;
    const wait = REDRAW_MS - (performance.now() - this.lastRedraw);
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.scheduleRedraw();
      }, wait);
      return;
    }
    // One chart per frame: each redraw of a busy chart takes several ms, all of them at once would be a long task.
    const steps: Array<() => void> = [...this.lineCharts.values()].map((c) => () => c.redraw());
    const speedups = this.speedups;
    if (speedups) {
      steps.push(() => {
        const shown = speedups.show(precisionSpeedups([...this.points.values()]));
        const figure = speedups.chart.canvas.closest('figure');
        if (figure) figure.hidden = !shown;
      });
    }
    const step = () => {
      steps.shift()?.();
      this.frame = steps.length ? requestAnimationFrame(step) : 0;
      if (!this.frame) this.lastRedraw = performance.now();
    };
    this.frame = requestAnimationFrame(step);
  }

  /** Series as drawn, for tests and the report: metric → series (with their points). */
  seriesOf(metric: Metric): Series[] {
    return [...this.runs.values()].flatMap((r) => r.byMetric[metric].series);
  }

  charts(): ExportableChart[] {
    return this.exportable;
  }

  private showHistogram(series: Series, point: SeriesPoint): void {
    const p = this.points.get(`${series.runId ?? [...this.runs.keys()][0] ?? ''}|${point.index}`);
    if (!p || p.verdict === 'failed') return;
    this.histogramShown = true;
    this.histogram.show(histogram(p.samplesMs, undefined, 0.99), `Latency histogram: ${series.label}, batch ${p.batch} (${p.samplesMs.length} iterations; slowest 1% in the last bar; click another point)`);
  }

  destroy(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    if (this.timer) clearTimeout(this.timer);
    for (const c of this.lineCharts.values()) c.destroy();
    this.histogram.chart.destroy();
    this.speedups?.chart.destroy();
  }
}
