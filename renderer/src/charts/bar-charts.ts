import { Chart, type TooltipItem } from 'chart.js';
import { formatMs } from '../view-models/format';
import type { Histogram } from '../view-models/histogram';
import type { SpeedupBars } from '../view-models/speedups';
import { backgroundPlugin, paletteColor } from './theme';

const PRECISION_COLOR = { fp32: 0, fp16: 1, int8: 2 } as const;

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
          title: { display: true, text: 'Latency histogram (click a point on a chart above)' },
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

/** Throughput of FP16 / INT8 relative to FP32 at the same provider and batch. */
export class SpeedupChart {
  readonly chart: Chart<'bar', Array<number | null>, string>;

  constructor(canvas: HTMLCanvasElement) {
    this.chart = new Chart<'bar', Array<number | null>, string>(canvas, {
      type: 'bar',
      data: { labels: [], datasets: [] },
      plugins: [backgroundPlugin],
      options: {
        plugins: {
          title: { display: true, text: 'Speed-up over FP32 (throughput ratio, same provider and batch)' },
          legend: { position: 'bottom' },
          tooltip: { callbacks: { label: (item: TooltipItem<'bar'>) => `${item.dataset.label}: ${typeof item.raw === 'number' ? `${item.raw.toFixed(2)}×` : 'not measured'} FP32's throughput` } },
        },
        // sampleSize: label widths estimated from 20 labels, not measured for each of possibly a thousand bars.
        scales: { x: { ticks: { sampleSize: 20 } }, y: { beginAtZero: true, title: { display: true, text: '× FP32 throughput' } } },
      },
    });
  }

  /** Shows the bars; false when there is nothing to compare (FP32 alone), so the caller can hide the panel. */
  show(bars: SpeedupBars): boolean {
    const compared = bars.datasets.some((d) => d.precision !== 'fp32');
    if (this.chart.options.plugins?.title) {
      this.chart.options.plugins.title.text = compared ? 'Speed-up over FP32 (throughput ratio, same provider and batch)' : 'Speed-up over FP32: measure FP16 or INT8 with FP32 to see it';
    }
    // Same dataset objects when the precisions are unchanged: Chart.js then updates its bars instead of rebuilding them.
    const wanted = compared ? bars.datasets : [];
    const current = this.chart.data.datasets;
    const same = current.length === wanted.length && wanted.every((d, i) => current[i]?.label === d.precision.toUpperCase());
    this.chart.data.labels = compared ? bars.labels : [];
    if (same) wanted.forEach((d, i) => current[i] && (current[i].data = d.values));
    else this.chart.data.datasets = wanted.map((d) => ({ label: d.precision.toUpperCase(), data: d.values, backgroundColor: paletteColor(PRECISION_COLOR[d.precision]) }));
    this.chart.update('none');
    return compared;
  }
}
