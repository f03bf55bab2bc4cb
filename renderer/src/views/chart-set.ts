import type { PointResult } from '../../../electron/contract/run';
import { HistogramChart, SpeedupChart } from '../charts/bar-charts';
import { SeriesChart, type SeriesChartOptions } from '../charts/series-chart';
import { button, download, h } from '../dom';
import { formatMs, formatNumber, formatThroughput } from '../view-models/format';
import { histogram, type Histogram } from '../view-models/histogram';
import { SeriesAccumulator, type Metric, type Series, type SeriesPoint } from '../view-models/series';
import { int8Verdict, precisionSpeedups, type Int8Context } from '../view-models/speedups';

interface RunAccumulators {
  label: string | null;
  byMetric: Record<Metric, SeriesAccumulator>;
}

const batchAxis = { xTitle: 'batch size (samples per run)', xLog2: true, formatX: (x: number) => `batch ${x}` };
const CHARTS: Array<{ id: 'throughput' | 'latency' | 'tradeoff'; caption: string; options: SeriesChartOptions }> = [
  { id: 'throughput', caption: 'Samples per second at each batch size (log₂ axis), one line per precision × provider: higher is better.', options: { ...batchAxis, title: 'Throughput vs batch size', yTitle: 'throughput (samples/s)', formatY: formatThroughput } },
  { id: 'latency', caption: 'Time per inference call at each batch size: p50 is the typical call, p99 the tail a latency SLO bounds.', options: { ...batchAxis, title: 'Latency vs batch size (p50 solid ●, p99 dashed ▲)', yTitle: 'latency per run (ms)', formatY: formatMs } },
  { id: 'tradeoff', caption: 'One point per batch size: further right is more throughput, lower is a shorter p99; the best lie bottom right.', options: { title: 'Latency–throughput trade-off (one point per batch)', xTitle: 'throughput (samples/s)', yTitle: 'p99 latency (ms)', xLog2: false, formatX: (x) => `${formatNumber(x)} samples/s`, formatY: formatMs } },
];

/** Redrawing the charts costs several ms each: during a fast sweep, four redraws a second keep the page responsive. */
const REDRAW_MS = 250;

export interface ExportableChart {
  title: string;
  /** What the chart shows and how to read it, in other words than its title (the report's caption). */
  caption: string;
  canvas: HTMLCanvasElement;
}

const HISTOGRAM_CAPTION = "Every timed iteration of one point, in latency bins; the last bar gathers the slowest 1%.";
const SPEEDUP_CAPTION = "Each bar divides a precision's throughput by FP32's at the same provider, threads and batch; whiskers span what both points' 95% intervals allow.";

/** "resnet50-run-2026…" → a file-name-safe stem; charts export as `<stem>.<chart>.png`. */
export function chartFileName(stem: string, chart: string): string {
  const safe = (s: string) => s.replace(/[^a-z0-9._-]+/gi, '-').replace(/^-+|-+$/g, '').toLowerCase();
  return `${safe(stem) || 'infermeter'}.${safe(chart)}.png`;
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
  private histogram: HistogramChart | null = null;
  private histogramPending: { hist: Histogram; title: string } | null = null;
  private speedups: SpeedupChart | null = null;
  private int8Context: Int8Context | null = null;
  private readonly speedupNote = h('p', { class: 'muted chart-note' });
  private readonly builders: Array<() => void> = [];
  private buildFrame = 0;
  private readonly exportable: ExportableChart[] = [];
  private frame = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastRedraw = 0;
  private histogramShown = false;
  /** Line charts on (or near) the screen; the others are only marked stale and redrawn when scrolled to. */
  private readonly onScreen = new Set<string>();
  private readonly stale = new Set<string>();
  private readonly observer = new IntersectionObserver((entries) => this.onVisibility(entries), { rootMargin: '200px' });

  /** `fileStem` names the PNG exports (the run id, or the compared runs'), so one export never overwrites another's. */
  constructor(
    private readonly compare: boolean,
    private readonly fileStem: string,
  ) {
    this.element = h('div', { class: 'chart-grid' });
    // Panels now (the layout is final at once), Chart.js instances one per frame: creating one sizes and draws it,
    // and all of them in the task that mounts the view was the longest task of a run's start.
    for (const c of CHARTS) {
      const canvas = this.panel(c.options.title, c.caption, c.id);
      this.builders.push(() => {
        const chart = new SeriesChart(canvas, c.options);
        chart.onPointClick((series, point) => this.showHistogram(series, point));
        this.lineCharts.set(c.id, chart);
        this.syncSeries(c.id);
      });
    }
    const histogramCanvas = this.panel('Latency histogram', HISTOGRAM_CAPTION, 'histogram', 'Click a point on another chart to show its histogram.');
    this.builders.push(() => {
      this.histogram = new HistogramChart(histogramCanvas);
      if (this.histogramPending) this.histogram.show(this.histogramPending.hist, this.histogramPending.title);
    });
    if (!compare) {
      const speedupCanvas = this.panel('Speed-up over FP32', SPEEDUP_CAPTION, 'speedup');
      const figure = speedupCanvas.closest('figure');
      if (figure) figure.hidden = true;
      figure?.querySelector('figcaption')?.before(this.speedupNote);
      this.builders.push(() => (this.speedups = new SpeedupChart(speedupCanvas)));
    }
    this.buildNext();
  }

  /** Creates the next pending chart in the next frame; when all exist, draws what arrived meanwhile. */
  private buildNext(): void {
    this.buildFrame = requestAnimationFrame(() => {
      this.builders.shift()?.();
      if (this.builders.length) this.buildNext();
      else {
        this.buildFrame = 0;
        this.scheduleRedraw();
      }
    });
  }

  /** Every chart, created now if still pending (an export needs them all drawn). */
  private buildAll(): void {
    if (this.buildFrame) cancelAnimationFrame(this.buildFrame);
    this.buildFrame = 0;
    while (this.builders.length) this.builders.shift()?.();
    this.stale.clear();
    for (const c of this.lineCharts.values()) c.redraw();
    this.redrawSpeedups(true);
  }

  private syncSeries(id: string): void {
    const chart = this.lineCharts.get(id);
    if (!chart) return;
    let runIndex = 0;
    for (const run of this.runs.values()) {
      if (id === 'latency') {
        chart.sync(run.byMetric.p50.series, 'p50', false, runIndex);
        chart.sync(run.byMetric.p99.series, 'p99', true, runIndex);
      } else chart.sync(run.byMetric[id === 'throughput' ? 'throughput' : 'tradeoff'].series, '', false, runIndex);
      runIndex++;
    }
  }

  /** A chart's panel; `id` names its PNG and marks the line charts watched for visibility. */
  private panel(title: string, caption: string, id: string, hint = ''): HTMLCanvasElement {
    const canvas = h('canvas', { attrs: { role: 'img', 'aria-label': title } });
    const save = button('PNG', () => canvas.toBlob((blob) => blob && download(chartFileName(this.fileStem, id), blob)), 'small');
    const figure = h('figure', { class: 'chart-panel' }, h('div', { class: 'chart-box' }, canvas), h('figcaption', null, h('span', { class: 'muted' }, [caption, hint].filter(Boolean).join(' ')), save));
    this.element.appendChild(figure);
    figure.dataset['chart'] = id;
    if (CHARTS.some((c) => c.id === id)) this.observer.observe(figure);
    this.exportable.push({ title, caption, canvas });
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
    if (!this.histogramShown && point.verdict !== 'failed' && point.samplesMs.length > 0) {
      const series = run.byMetric.throughput.series.find((x) => x.points.some((q) => q.index === point.index));
      const at = series?.points.find((q) => q.index === point.index);
      if (series && at) this.showHistogram(series, at);
    }
    if (created) for (const id of this.lineCharts.keys()) this.syncSeries(id);
    this.scheduleRedraw();
  }

  addPoints(runId: string, runLabel: string | null, points: readonly PointResult[]): void {
    for (const p of points) this.addPoint(runId, runLabel, p);
  }

  /** One chart redrawn per animation frame, and a round of redraws no more often than every REDRAW_MS. */
  scheduleRedraw(): void {
    if (this.frame || this.timer || this.buildFrame) return;
    const wait = REDRAW_MS - (performance.now() - this.lastRedraw);
    if (wait > 0) {
      this.timer = setTimeout(() => {
        this.timer = null;
        this.scheduleRedraw();
      }, wait);
      return;
    }
    // Each redraw of a busy chart takes several ms (and its raster lands in the same frame): all at once would be a long task.
    const steps: Array<() => void> = [];
    for (const [id, chart] of this.lineCharts) {
      if (this.onScreen.has(id)) steps.push(() => chart.redraw());
      else this.stale.add(id);
    }
    if (this.speedups) steps.push(() => this.redrawSpeedups());
    const step = () => {
      steps.shift()?.();
      this.frame = steps.length ? requestAnimationFrame(step) : 0;
      if (!this.frame) this.lastRedraw = performance.now();
    };
    this.frame = requestAnimationFrame(step);
  }

  private onVisibility(entries: IntersectionObserverEntry[]): void {
    for (const e of entries) {
      const id = (e.target as HTMLElement).dataset['chart'] ?? '';
      if (!e.isIntersecting) {
        this.onScreen.delete(id);
        continue;
      }
      this.onScreen.add(id);
      const chart = this.lineCharts.get(id);
      if (chart && this.stale.delete(id)) requestAnimationFrame(() => chart.redraw());
    }
  }

  private redrawSpeedups(now = false): void {
    if (!this.speedups) return;
    const bars = precisionSpeedups([...this.points.values()]);
    const figure = this.speedups.chart.canvas.closest('figure');
    const compared = bars.datasets.length > 0;
    if (figure?.hidden && compared && !now) {
      // Shown empty first: Chart.js resizes a chart whose box appears (a full render); with the bars that render
      // would be a long task, so the bars come with the next round of redraws.
      figure.hidden = false;
      setTimeout(() => this.scheduleRedraw(), 0);
      return;
    }
    const shown = this.speedups.show(bars);
    if (figure) figure.hidden = !shown;
    this.speedupNote.textContent = int8Verdict(bars, this.int8Context) ?? '';
  }

  /** How the run's INT8 variant stores its weights, for the sentence under the speed-up chart. */
  setInt8Context(context: Int8Context | null): void {
    if (context?.weightEncoding === this.int8Context?.weightEncoding && context?.kernel === this.int8Context?.kernel) return;
    this.int8Context = context;
    this.scheduleRedraw();
  }

  /** Series as drawn, for tests and the report: metric → series (with their points). */
  seriesOf(metric: Metric): Series[] {
    return [...this.runs.values()].flatMap((r) => r.byMetric[metric].series);
  }

  /** What a line chart draws, for the end-to-end specs: its x-axis range and each dataset's label and style. */
  drawn(id: 'throughput' | 'latency' | 'tradeoff'): { xMax: number | null; datasets: Array<{ label: string; color: string; pointStyle: string; dashed: boolean }> } {
    this.buildAll();
    const chart = this.lineCharts.get(id)?.chart;
    if (!chart) return { xMax: null, datasets: [] };
    chart.update('none');
    return {
      xMax: chart.scales['x']?.max ?? null,
      datasets: chart.data.datasets.map((d) => ({ label: String(d.label ?? ''), color: String(d.borderColor ?? ''), pointStyle: String(d.pointStyle ?? 'circle'), dashed: Array.isArray(d.borderDash) && d.borderDash.length > 0 })),
    };
  }

  charts(): ExportableChart[] {
    this.buildAll();
    return this.exportable;
  }

  private showHistogram(series: Series, point: SeriesPoint): void {
    const p = this.points.get(`${series.runId ?? [...this.runs.keys()][0] ?? ''}|${point.index}`);
    if (!p || p.verdict === 'failed') return;
    this.histogramShown = true;
    // Runs imported from CSV keep each point's statistics but not its per-iteration samples.
    const title = p.samplesMs.length
      ? `Latency histogram: ${series.label}, batch ${p.batch} (${p.samplesMs.length} iterations; slowest 1% in the last bar)`
      : `Latency histogram: ${series.label}, batch ${p.batch} has no per-iteration samples (a run imported from CSV keeps statistics only)`;
    const shown = { hist: histogram(p.samplesMs, undefined, 0.99), title };
    if (this.histogram) this.histogram.show(shown.hist, shown.title);
    else this.histogramPending = shown;
  }

  destroy(): void {
    if (this.frame) cancelAnimationFrame(this.frame);
    if (this.buildFrame) cancelAnimationFrame(this.buildFrame);
    if (this.timer) clearTimeout(this.timer);
    this.builders.length = 0;
    this.observer.disconnect();
    for (const c of this.lineCharts.values()) c.destroy();
    this.histogram?.chart.destroy();
    this.speedups?.chart.destroy();
  }
}
