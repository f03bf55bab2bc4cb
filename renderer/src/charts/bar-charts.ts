import { Chart, type Plugin, type TooltipItem } from 'chart.js';
import { formatMs } from '../view-models/format';
import type { Histogram } from '../view-models/histogram';
import type { SpeedupBars } from '../view-models/speedups';
import { backgroundPlugin, paletteColor, themeColors } from './theme';

const PRECISION_COLOR = { fp16: 1, int8: 2 } as const;

/** Latency histogram of one point's samples; `show` swaps in another point's. */
export class HistogramChart {
  readonly chart: Chart<'bar', number[], string>;
  private hist: Histogram = { edges: [], counts: [], overflow: 0, total: 0 };

  constructor(canvas: HTMLCanvasElement) {
    this.chart = new Chart<'bar', number[], string>(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [{ label: 'iterations', data: [], backgroundColor: paletteColor(0), barPercentage: 1, categoryPercentage: 1 }] },
      plugins: [backgroundPlugin],
      options: {
        plugins: {
          title: { display: true, text: 'Latency histogram' },
          legend: { display: false },
          tooltip: {
            callbacks: {
              title: (items: TooltipItem<'bar'>[]) => {
                const i = items[0]?.dataIndex ?? 0;
                if (i >= this.hist.counts.length) return `above ${formatMs(this.hist.edges[this.hist.edges.length - 1])} (the slowest 1%)`;
                return `${formatMs(this.hist.edges[i])} – ${formatMs(this.hist.edges[i + 1])}`;
              },
              label: (item: TooltipItem<'bar'>) => `${String(item.raw)} of ${this.hist.total} iterations`,
            },
          },
        },
        scales: { x: { title: { display: true, text: 'latency per iteration' } }, y: { beginAtZero: true, title: { display: true, text: 'iterations' } } },
      },
    });
  }

  show(hist: Histogram, title: string): void {
    this.hist = hist;
    const labels = hist.counts.map((_, i) => formatMs(((hist.edges[i] ?? 0) + (hist.edges[i + 1] ?? 0)) / 2));
    if (hist.overflow > 0) labels.push(`> ${formatMs(hist.edges[hist.edges.length - 1])}`);
    this.chart.data.labels = labels;
    const ds = this.chart.data.datasets[0];
    if (ds) ds.data = hist.overflow > 0 ? [...hist.counts, hist.overflow] : hist.counts;
    if (this.chart.options.plugins?.title) this.chart.options.plugins.title.text = title;
    this.chart.update('none');
  }
}

type IntervalDataset = { intervals?: Array<[number, number] | null> };

/**
 * Draws each bar's interval as a capped vertical line, and FP32's 1× as a dashed rule across the plot. Hand-written:
 * twenty lines, where chartjs-chart-error-bars would replace the bar controller and the data format of the chart.
 */
const intervalsPlugin: Plugin<'bar'> = {
  id: 'infermeter-speedup-intervals',
  afterDatasetsDraw(chart) {
    const { ctx, chartArea, scales } = chart;
    const y = scales['y'];
    if (!y) return;
    ctx.save();
    ctx.strokeStyle = themeColors().text;
    ctx.lineWidth = 1.5;
    chart.data.datasets.forEach((ds, i) => {
      const meta = chart.getDatasetMeta(i);
      if (meta.hidden) return;
      (ds as IntervalDataset).intervals?.forEach((iv, j) => {
        const bar = meta.data[j];
        if (!iv || !bar) return;
        const [top, bottom, cap] = [y.getPixelForValue(iv[1]), y.getPixelForValue(iv[0]), Math.min(6, ((bar as unknown as { width: number }).width ?? 12) / 3)];
        ctx.beginPath();
        ctx.moveTo(bar.x, top);
        ctx.lineTo(bar.x, bottom);
        ctx.moveTo(bar.x - cap, top);
        ctx.lineTo(bar.x + cap, top);
        ctx.moveTo(bar.x - cap, bottom);
        ctx.lineTo(bar.x + cap, bottom);
        ctx.stroke();
      });
    });
    const one = y.getPixelForValue(1);
    if (one >= chartArea.top && one <= chartArea.bottom) {
      ctx.setLineDash([4, 4]);
      ctx.beginPath();
      ctx.moveTo(chartArea.left, one);
      ctx.lineTo(chartArea.right, one);
      ctx.stroke();
      ctx.setLineDash([]);
      ctx.fillStyle = themeColors().text;
      ctx.fillText('FP32 = 1×', chartArea.left + 4, one - 4);
    }
    ctx.restore();
  },
};

export const SPEEDUP_TITLE = 'Speed-up over FP32 (throughput ratio at the same provider and batch; bars: 95% interval)';

/** Throughput of FP16 / INT8 relative to FP32 at the same provider and batch, with intervals. */
export class SpeedupChart {
  readonly chart: Chart<'bar', Array<number | null>, string>;

  constructor(canvas: HTMLCanvasElement) {
    this.chart = new Chart<'bar', Array<number | null>, string>(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      plugins: [backgroundPlugin, intervalsPlugin],
      options: {
        plugins: {
          title: { display: true, text: SPEEDUP_TITLE },
          legend: { position: 'bottom' },
          tooltip: {
            callbacks: {
              label: (item: TooltipItem<'bar'>) => {
                const iv = (item.dataset as IntervalDataset).intervals?.[item.dataIndex];
                const range = iv ? ` (95% interval ${iv[0].toFixed(2)}–${iv[1].toFixed(2)}×)` : '';
                return `${item.dataset.label}: ${typeof item.raw === 'number' ? `${item.raw.toFixed(2)}×${range}` : 'not measured'} FP32's throughput`;
              },
            },
          },
        },
        // sampleSize: label widths estimated from 20 labels, not measured for each of possibly a thousand bars.
        scales: { x: { ticks: { sampleSize: 20 } }, y: { beginAtZero: true, title: { display: true, text: '× FP32 throughput' } } },
      },
    });
  }

  /** Shows the bars; false when there is nothing to compare (FP32 alone), so the caller can hide the panel. */
  show(bars: SpeedupBars): boolean {
    const compared = bars.datasets.length > 0;
    // Same dataset objects when the precisions are unchanged: Chart.js then updates its bars instead of rebuilding them.
    const wanted = bars.datasets;
    const current = this.chart.data.datasets as Array<(typeof this.chart.data.datasets)[number] & IntervalDataset>;
    const same = current.length === wanted.length && wanted.every((d, i) => current[i]?.label === d.precision.toUpperCase());
    this.chart.data.labels = bars.labels;
    // The y range must hold the intervals' tops, which Chart.js does not see as data.
    const tops = wanted.flatMap((d) => d.intervals.flatMap((iv) => (iv ? [iv[1]] : [])));
    const y = this.chart.options.scales?.['y'];
    if (y) y.suggestedMax = Math.max(1.1, ...tops) * 1.05;
    if (same)
      wanted.forEach((d, i) => {
        const c = current[i];
        if (c) Object.assign(c, { data: d.values, intervals: d.intervals });
      });
    else this.chart.data.datasets = wanted.map((d) => ({ label: d.precision.toUpperCase(), data: d.values, intervals: d.intervals, backgroundColor: paletteColor(PRECISION_COLOR[d.precision]) }));
    this.chart.update('none');
    return compared;
  }
}
