import type { PointResult } from '../../../electron/contract/run';
import { SeriesChart } from '../charts/series-chart';
import { h, replace } from '../dom';
import { formatNumber } from '../view-models/format';
import { hasTelemetry, TELEMETRY_CHARTS, telemetryNotes, telemetrySeries } from '../view-models/telemetry-series';
import type { ExportableChart } from './chart-set';
import { section } from './widgets';

/** Redraw at most this often while a sweep streams points. */
const REDRAW_MS = 500;

/**
 * GPU utilisation, board power and joules per inference against batch size, from each point's telemetry, with the
 * energy methods and the reasons for what is missing under the charts. Hidden until a point carries telemetry.
 */
export class TelemetrySection {
  readonly element: HTMLElement;
  private readonly grid = h('div', { class: 'chart-grid' });
  private readonly notes = h('div', { class: 'muted chart-note', attrs: { 'data-testid': 'telemetry-notes' } });
  private readonly charts: Array<{ chart: SeriesChart; title: string; metric: (typeof TELEMETRY_CHARTS)[number]['metric'] }> = [];
  private points: readonly PointResult[] = [];
  private drawn = -1;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    this.element = section('GPU and energy telemetry', h('p', { class: 'muted' }, 'Sampled during each point’s timed window; a point without a figure shows why below.'), this.grid, this.notes);
    this.element.hidden = true;
  }

  update(points: readonly PointResult[]): void {
    this.points = points;
    if (this.timer !== null) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.draw();
    }, this.drawn < 0 ? 0 : REDRAW_MS);
  }

  /** The charts for the HTML report (drawn now). */
  exportable(): ExportableChart[] {
    this.draw();
    return this.element.hidden ? [] : this.charts.map((c) => ({ title: c.title, canvas: c.chart.canvas }));
  }

  destroy(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    for (const c of this.charts) c.chart.destroy();
  }

  private draw(): void {
    const points = this.points;
    if (points.length === this.drawn || !hasTelemetry(points)) return;
    this.drawn = points.length;
    this.element.hidden = false;
    if (this.charts.length === 0) this.build();
    for (const { chart, metric } of this.charts) {
      chart.clear();
      chart.sync(telemetrySeries(metric, points));
      if (metric === 'joulesPerInference') chart.sync(telemetrySeries('cpuJoulesPerInference', points), 'cpu', true);
      chart.redraw();
    }
    const { methods, missing } = telemetryNotes(points);
    replace(
      this.notes,
      methods.length ? h('p', null, 'Energy methods: ', h('ul', null, ...methods.map((m) => h('li', null, m)))) : null,
      missing.length ? h('p', null, 'Not available: ', h('ul', null, ...missing.map((m) => h('li', null, m)))) : null,
    );
  }

  private build(): void {
    for (const c of TELEMETRY_CHARTS) {
      const canvas = h('canvas', { attrs: { role: 'img', 'aria-label': c.title } });
      this.grid.append(h('figure', { class: 'chart-panel' }, h('div', { class: 'chart-box' }, canvas)));
      const formatY = (y: number) => `${c.metric === 'joulesPerInference' ? y.toPrecision(3) : formatNumber(y)} ${c.unit}`;
      const chart = new SeriesChart(canvas, { title: c.title, xTitle: 'batch size (samples per run)', yTitle: c.yTitle, xLog2: true, formatX: (x) => `batch ${x}`, formatY });
      this.charts.push({ chart, title: c.title, metric: c.metric });
    }
  }
}
