import type { MeasuredPoint, PointResult, Precision } from '../../../electron/contract/run';
import type { ProviderId } from '../../../electron/contract/hardware';
import { groupLabel } from '../../../common/headline';

export { groupLabel };

/** One chart point, carrying what a tooltip and a click need. */
export interface SeriesPoint {
  x: number;
  y: number;
  batch: number;
  /** Index of the point in its run's plan. */
  index: number;
}

export interface Series {
  key: string;
  label: string;
  precision: Precision;
  provider: ProviderId;
  threads: number | null;
  /** Set when series of several runs share a chart. */
  runId: string | null;
  points: SeriesPoint[];
}

export type Metric = 'throughput' | 'p50' | 'p99' | 'tradeoff';

/** What each chart plots of a measured point. Trade-off: p99 latency against throughput, one point per batch. */
export function pick(metric: Metric, p: MeasuredPoint): { x: number; y: number } {
  switch (metric) {
    case 'throughput':
      return { x: p.batch, y: p.stats.throughput };
    case 'p50':
      return { x: p.batch, y: p.stats.p50Ms };
    case 'p99':
      return { x: p.batch, y: p.stats.p99Ms };
    case 'tradeoff':
      return { x: p.stats.throughput, y: p.stats.p99Ms };
  }
}

export function isMeasured(p: PointResult): p is Extract<PointResult, { verdict: 'valid' | 'unstable' }> {
  return p.verdict !== 'failed';
}


/**
 * Series that grow one point at a time, as `point-finished` events arrive: each add lands in its series at its
 * batch-sorted place, and the arrays handed out stay the same objects, so a chart can hold them and just redraw.
 */
export class SeriesAccumulator {
  readonly series: Series[] = [];
  private readonly byKey = new Map<string, Series>();

  constructor(
    readonly metric: Metric,
    private readonly runId: string | null = null,
    private readonly runLabel: string | null = null,
  ) {}

  /** Adds a point; returns the series it went to and whether that series is new. Failed points are skipped. */
  add(point: PointResult): { series: Series; created: boolean } | null {
    if (!isMeasured(point)) return null;
    // Points of two GPUs (--device) are two series, never one line zig-zagging between them.
    const key = `${this.runId ?? ''}|${point.precision}|${point.provider}|${point.threads ?? ''}${point.device === undefined ? '' : `|gpu${point.device}`}`;
    let series = this.byKey.get(key);
    const created = series === undefined;
    if (!series) {
      const label = groupLabel(point.precision, point.provider, point.threads, point.device);
      series = { key, label: this.runLabel ? `${this.runLabel} · ${label}` : label, precision: point.precision, provider: point.provider, threads: point.threads, runId: this.runId, points: [] };
      this.byKey.set(key, series);
      this.series.push(series);
    }
    const xy = pick(this.metric, point);
    const entry: SeriesPoint = { ...xy, batch: point.batch, index: point.index };
    const at = series.points.findIndex((q) => q.batch > point.batch);
    if (at < 0) series.points.push(entry);
    else series.points.splice(at, 0, entry);
    return { series, created };
  }

  addAll(points: readonly PointResult[]): this {
    for (const p of points) this.add(p);
    return this;
  }
}

/** All series of one metric for a finished set of points. */
export function buildSeries(metric: Metric, points: readonly PointResult[], runId: string | null = null, runLabel: string | null = null): Series[] {
  return new SeriesAccumulator(metric, runId, runLabel).addAll(points).series;
}
