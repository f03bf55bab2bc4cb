import { Chart, type ChartDataset, type Scale, type TooltipItem } from 'chart.js';
import type { Series, SeriesPoint } from '../view-models/series';
import { backgroundPlugin, paletteColor, themeColors } from './theme';

export interface SeriesChartOptions {
  title: string;
  xTitle: string;
  yTitle: string;
  /** Batch-size axes: log scale with ticks at powers of two. */
  xLog2: boolean;
  /** Units for tooltips: "1.23 ms" and the like. */
  formatX: (x: number) => string;
  formatY: (y: number) => string;
}

type LineDataset = ChartDataset<'line', SeriesPoint[]> & { seriesKey: string };

/** Above this many points in one chart, markers are dropped (lines only): thousands of circles cost more to draw than
 * the lines, and hovering or clicking still finds the nearest point. */
const MARKER_LIMIT = 400;
const MARKER_RADIUS = 3;
/** Above this many lines a legend fills the panel and names nothing findable: tooltips name the line instead. */
const LEGEND_LIMIT = 24;

/**
 * Same colour for the same precision × provider × threads (× GPU) in every chart, in Results and in Compare alike
 * (runs are told apart there by marker and line style, not colour): FP32, FP16 and INT8 take the first three palette
 * colours on the first provider seen, as the speed-up bars do, and each further provider × threads the next three.
 */
const PRECISION_INDEX: Record<string, number> = { fp32: 0, fp16: 1, int8: 2 };
const groupOrdinal = new Map<string, number>();
export function colorFor(seriesKey: string): string {
  const [, precision = '', ...rest] = seriesKey.split('|');
  const group = rest.join('|');
  let g = groupOrdinal.get(group);
  if (g === undefined) groupOrdinal.set(group, (g = groupOrdinal.size));
  return paletteColor((PRECISION_INDEX[precision] ?? 0) + 3 * g);
}
export function resetColors(): void {
  groupOrdinal.clear();
}

/** Compare: the n-th run's marker, and (after the first) its line dash, so two runs of one configuration differ. */
const RUN_MARKERS = ['circle', 'rect', 'rectRot', 'star', 'crossRot', 'cross'] as const;
const RUN_DASHES: number[][] = [[], [2, 3], [8, 3, 2, 3], [1, 2]];
/** p99 beside p50 of the same series: a triangle marker, a long dash and a lighter stroke (legend shows each). */
const P99_DASH = [6, 4];

/** "#0072B2" at the given opacity. */
function withAlpha(hex: string, alpha: number): string {
  return /^#[0-9a-f]{6}$/i.test(hex) ? `${hex}${Math.round(alpha * 255).toString(16).padStart(2, '0')}` : hex;
}

function powersOfTwoTicks(scale: Scale): void {
  const ticks = [];
  for (let v = 1; v <= Math.max(2, scale.max); v *= 2) if (v >= scale.min) ticks.push({ value: v });
  scale.ticks = ticks;
}

/**
 * A line chart of Series whose datasets hold the series' own point arrays: when an accumulator adds a point, a
 * redraw (`update('none')`, no animation) is all it takes. `sync` adds datasets for series it has not seen yet.
 */
export class SeriesChart {
  readonly chart: Chart<'line', SeriesPoint[]>;
  private readonly known = new Map<string, Series>();
  private clickListener: ((series: Series, point: SeriesPoint) => void) | null = null;
  private radius = MARKER_RADIUS;

  constructor(readonly canvas: HTMLCanvasElement, readonly options: SeriesChartOptions) {
    this.chart = new Chart<'line', SeriesPoint[]>(canvas, {
      type: 'line',
      data: { datasets: [] },
      plugins: [backgroundPlugin],
      options: {
        // Points are {x, y} already: no parsing pass. Batch-axis series are sorted by x, so Chart.js may take their
        // range from the ends; the trade-off curve is in batch order, not throughput order (its x range must be
        // read from every point, or points beyond the last batch's throughput fall off the chart).
        parsing: false,
        normalized: options.xLog2,
        interaction: { mode: 'nearest', intersect: false },
        plugins: {
          title: { display: true, text: options.title },
          // Legend entries drawn as each line's marker: p50 and p99 (and two compared runs) read apart.
          legend: { position: 'bottom', labels: { usePointStyle: true } },
          tooltip: {
            callbacks: {
              label: (item: TooltipItem<'line'>) => {
                const p = item.raw as SeriesPoint;
                return `${item.dataset.label}: ${options.formatY(p.y)} at ${options.formatX(p.x)}${options.xLog2 ? '' : ` (batch ${p.batch})`}`;
              },
            },
          },
        },
        scales: {
          x: options.xLog2
            ? { type: 'logarithmic', min: 1, title: { display: true, text: options.xTitle }, afterBuildTicks: powersOfTwoTicks, ticks: { callback: (v) => String(v) } }
            : { type: 'linear', title: { display: true, text: options.xTitle }, beginAtZero: true },
          y: { type: 'linear', beginAtZero: true, title: { display: true, text: options.yTitle } },
        },
        onClick: (_e, elements) => {
          const el = elements[0];
          if (!el || !this.clickListener) return;
          const ds = this.chart.data.datasets[el.datasetIndex] as LineDataset | undefined;
          const series = ds ? this.known.get(ds.seriesKey) : undefined;
          const point = ds?.data[el.index];
          if (series && point) this.clickListener(series, point);
        },
      },
    });
  }

  onPointClick(listener: (series: Series, point: SeriesPoint) => void): void {
    this.clickListener = listener;
  }

  /**
   * Adds datasets for new series. `variant` distinguishes two lines of one series (p50 and p99; `p99` draws the
   * second style); `runIndex` is the run's place in a comparison (0 in Results).
   */
  sync(seriesList: readonly Series[], variant = '', p99 = false, runIndex = 0): void {
    for (const s of seriesList) {
      const key = `${variant}|${s.key}`;
      if (this.known.has(key)) continue;
      this.known.set(key, s);
      const color = colorFor(s.key);
      const stroke = p99 ? withAlpha(color, 0.7) : color;
      const dataset: LineDataset = {
        seriesKey: key,
        label: variant ? `${s.label} ${variant}` : s.label,
        data: s.points,
        borderColor: stroke,
        backgroundColor: stroke,
        borderDash: p99 ? P99_DASH : (RUN_DASHES[runIndex % RUN_DASHES.length] ?? []),
        pointStyle: p99 ? 'triangle' : RUN_MARKERS[runIndex % RUN_MARKERS.length],
        pointRadius: this.radius,
        pointHoverRadius: 6,
        pointHitRadius: 4,
        tension: 0,
      };
      this.chart.data.datasets.push(dataset);
    }
  }

  clear(): void {
    this.known.clear();
    this.chart.data.datasets = [];
    this.chart.update('none');
  }

  redraw(): void {
    let total = 0;
    for (const d of this.chart.data.datasets) total += d.data.length;
    const radius = total > MARKER_LIMIT ? 0 : MARKER_RADIUS;
    if (radius !== this.radius) {
      this.radius = radius;
      for (const d of this.chart.data.datasets) d.pointRadius = radius;
    }
    const lines = this.chart.data.datasets.length;
    const plugins = this.chart.options.plugins;
    if (plugins?.legend && plugins.title) {
      plugins.legend.display = lines <= LEGEND_LIMIT;
      plugins.title.text = lines <= LEGEND_LIMIT ? this.options.title : `${this.options.title} — ${lines} lines: hover one for its name`;
    }
    this.chart.update('none');
  }

  retheme(): void {
    const t = themeColors();
    for (const axis of Object.values(this.chart.options.scales ?? {})) {
      if (!axis) continue;
      if (axis.grid) axis.grid.color = t.grid;
      if (axis.ticks) axis.ticks.color = t.text;
    }
    this.chart.update('none');
  }

  destroy(): void {
    this.chart.destroy();
  }
}
