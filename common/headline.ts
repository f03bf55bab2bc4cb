import { formatMs, formatThroughput } from './readable';

/**
 * The shapes the headline reads of a run's points and variants (the contract's PointResult and
 * PrecisionVariantInfo fit them; common/ imports nothing from the contract).
 */
export interface HeadlineStats {
  throughput: number;
  p99Ms: number;
  ciRelative: number;
}
export interface HeadlinePoint {
  index: number;
  precision: string;
  provider: string;
  threads: number | null;
  batch: number;
  device?: number;
  verdict: 'valid' | 'unstable' | 'failed';
  stats?: HeadlineStats;
}
type MeasuredPoint = HeadlinePoint & { verdict: 'valid' | 'unstable'; stats: HeadlineStats };
export interface HeadlineVariant {
  precision: string;
  conversion?: { accuracy?: { cosine: number; top1Agreement: number | null } | null } | null;
}
/** The run options the re-measure keeps, as far as it changes them. */
export interface RemeasurableOptions {
  modelPath: string;
  batches: number[];
  providers: string[];
  threads: Array<number | null>;
  precisions: string[];
  devices?: number[];
  maxLatencyMs: number | null;
}

function isMeasured(p: HeadlinePoint): p is MeasuredPoint {
  return p.verdict !== 'failed' && p.stats !== undefined;
}

/** "INT8 · cpu · GPU 0 · 4 thr": a precision × provider (× device × threads) series, as every chart and table names it. */
export function groupLabel(precision: string, provider: string, threads: number | null, device?: number): string {
  return `${precision.toUpperCase()} · ${provider}${device === undefined ? '' : ` · GPU ${device}`}${threads === null ? '' : ` · ${threads} thr`}`;
}

/**
 * The answer a finished (or running) sweep gives at a glance, the one line the Results view, the HTML report and
 * the CLI print first: the best configuration under the SLO (or by throughput without one), its p99, its speed-up
 * over FP32 at the same provider, threads and batch with an interval, its accuracy against FP32, and the verdict.
 */
export interface Headline {
  /** The point the answer names; null when no measured point qualifies. */
  point: MeasuredPoint | null;
  /** "INT8 · cpu, batch 4". */
  configuration: string;
  speedup: SpeedupInterval | null;
  /** "cosine 0.99991, top-1 100.0% against FP32", "FP32, the reference for accuracy", or null where not checked. */
  accuracy: string | null;
  /** The verdict in plain words. */
  verdict: string;
  /** The named point is unstable: its numbers should be measured again on a quiet machine. */
  remeasure: boolean;
  /** The whole answer as one sentence. */
  text: string;
}

/** Throughput ratio over FP32 with the interval both points' 95% intervals of the mean allow. */
export interface SpeedupInterval {
  ratio: number;
  low: number;
  high: number;
}

/**
 * Throughput is batch / mean latency, so a mean known within ±a (relative) gives a throughput within
 * [T/(1+a), T/(1−a)]; the ratio's interval takes the extremes of both (conservative: no independence assumed).
 */
export function speedupInterval(point: MeasuredPoint, fp32: MeasuredPoint): SpeedupInterval {
  const ratio = point.stats.throughput / fp32.stats.throughput;
  const a = Math.min(point.stats.ciRelative, 0.99);
  const b = Math.min(fp32.stats.ciRelative, 0.99);
  return { ratio, low: (ratio * (1 - b)) / (1 + a), high: (ratio * (1 + b)) / (1 - a) };
}

export function speedupText(s: SpeedupInterval): string {
  return `${s.ratio.toFixed(2)}× FP32 (95% interval ${s.low.toFixed(2)}–${s.high.toFixed(2)}×)`;
}

function sameConfiguration(a: MeasuredPoint, b: MeasuredPoint): boolean {
  return a.provider === b.provider && a.threads === b.threads && a.batch === b.batch && a.device === b.device;
}

function best(points: readonly MeasuredPoint[]): MeasuredPoint | null {
  let top: MeasuredPoint | null = null;
  for (const p of points) if (!top || p.stats.throughput > top.stats.throughput) top = p;
  return top;
}

function accuracyOf(point: MeasuredPoint, variants: readonly HeadlineVariant[]): string | null {
  if (point.precision === 'fp32') return 'FP32, the reference for accuracy';
  const a = variants.find((v) => v.precision === point.precision)?.conversion?.accuracy;
  if (!a) return null;
  return `cosine ${a.cosine.toFixed(5)}${a.top1Agreement === null ? '' : `, top-1 ${(a.top1Agreement * 100).toFixed(1)}%`} against FP32`;
}

function verdictWords(point: MeasuredPoint, unstableCount: number, measuredCount: number): string {
  const others = unstableCount - (point.verdict === 'unstable' ? 1 : 0);
  const many = others === 1 ? 'point' : 'points';
  const rest = others > 0 ? ` (${others} other ${many} of ${measuredCount} ${point.verdict === 'unstable' ? 'unstable too' : `${others === 1 ? 'is' : 'are'} unstable`})` : '';
  if (point.verdict === 'unstable') return `unstable: re-measure on a quiet machine${rest}`;
  return `valid: its mean is known within ±${(point.stats.ciRelative * 100).toFixed(1)}%${rest}`;
}

export interface HeadlineInput {
  points: readonly HeadlinePoint[];
  variants: readonly HeadlineVariant[];
  sloMs: number | null;
  /** While the run goes, "yet" is honest; after it ended, it is not. */
  running: boolean;
}

/**
 * Prefers valid points: an unstable one is named only when no valid point qualifies, and then says so. Under an
 * SLO the candidates are the points whose p99 meets it; without one, every measured point.
 */
export function runHeadline(input: HeadlineInput): Headline {
  const measured = input.points.filter(isMeasured);
  const unstable = measured.filter((p) => p.verdict === 'unstable').length;
  const slo = input.sloMs;
  const candidates = slo === null ? measured : measured.filter((p) => p.stats.p99Ms <= slo);
  const point = best(candidates.filter((p) => p.verdict === 'valid')) ?? best(candidates);
  const lead = slo === null ? 'Best throughput' : `Best under p99 ≤ ${formatMs(slo)}`;
  if (!point) {
    const none =
      measured.length === 0
        ? input.running
          ? 'No point measured yet.'
          : 'No point was measured: see the failed points below.'
        : `No measured point meets p99 ≤ ${formatMs(slo)}${input.running ? ' yet' : ''}; the lowest p99 was ${formatMs(Math.min(...measured.map((p) => p.stats.p99Ms)))}.`;
    return { point: null, configuration: '', speedup: null, accuracy: null, verdict: '', remeasure: false, text: none };
  }
  const configuration = `${groupLabel(point.precision, point.provider, point.threads, point.device)}, batch ${point.batch}`;
  const fp32 = point.precision === 'fp32' ? null : measured.find((p) => p.precision === 'fp32' && sameConfiguration(p, point));
  const speedup = fp32 ? speedupInterval(point, fp32) : null;
  const accuracy = accuracyOf(point, input.variants);
  const verdict = verdictWords(point, unstable, measured.length);
  const parts = [
    `${formatThroughput(point.stats.throughput)}`,
    `p99 ${formatMs(point.stats.p99Ms)}`,
    speedup ? speedupText(speedup) : point.precision === 'fp32' ? null : 'no FP32 point at this configuration to compare with',
    accuracy,
  ].filter((s): s is string => s !== null);
  const text = `${lead}${input.running ? ' so far' : ''}: ${configuration} — ${parts.join(', ')}. Verdict: ${verdict}.`;
  return { point, configuration, speedup, accuracy, verdict, remeasure: point.verdict === 'unstable', text };
}

/**
 * The startRun parameters that measure the headline's configuration again (and its FP32 baseline, for the
 * speed-up), with the run's own settings otherwise: a short run where a full sweep would repeat what was fine.
 */
export function remeasureParams<O extends RemeasurableOptions>(options: O, point: HeadlinePoint): { model: string; options: Omit<O, 'modelPath'> } {
  const { modelPath, ...rest } = options;
  // The point came from a run of these options: its provider, precision and device are values of their types.
  return {
    model: modelPath,
    options: {
      ...rest,
      batches: [point.batch],
      providers: [point.provider],
      threads: [point.threads],
      precisions: point.precision === 'fp32' ? ['fp32'] : ['fp32', point.precision],
      ...(point.device === undefined ? {} : { devices: [point.device] }),
      maxLatencyMs: null,
    } as unknown as Omit<O, 'modelPath'>,
  };
}
