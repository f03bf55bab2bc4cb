import type { Metric, Series } from './view-models/series';

/**
 * Read-only view of what the charts draw, for the end-to-end specs (`window.__infermeterCharts`): the series of the
 * chart set on screen, by metric. Plain data; nothing here can change the page or call the API.
 */
export interface ChartProbe {
  series(metric: Metric): Array<Pick<Series, 'label' | 'precision' | 'provider' | 'threads' | 'runId'> & { points: Array<{ x: number; y: number; batch: number; index: number }> }>;
  /** A line chart's x-axis maximum and its datasets' labels and styles, as drawn. */
  drawn(chart: 'throughput' | 'latency' | 'tradeoff'): { xMax: number | null; datasets: Array<{ label: string; color: string; pointStyle: string; dashed: boolean }> };
}

declare global {
  interface Window {
    __infermeterCharts?: ChartProbe;
  }
}

export function exposeCharts(source: { seriesOf(metric: Metric): Series[]; drawn: ChartProbe['drawn'] } | null): void {
  if (!source) {
    delete window.__infermeterCharts;
    return;
  }
  window.__infermeterCharts = {
    drawn: (chart) => source.drawn(chart),
    series: (metric) => source.seriesOf(metric).map((s) => ({ label: s.label, precision: s.precision, provider: s.provider, threads: s.threads, runId: s.runId, points: s.points.map((p) => ({ ...p })) })),
  };
}
