// A generation run's points for the results view: series against batch size (one line per precision × provider ×
// prompt × gen), the table rows, and the ITL histogram of one point.
import type { GenerationShape, GenerationStats } from '../../../electron/contract/generation';
import type { PointResult } from '../../../electron/contract/run';
import { formatBytes, formatMs } from './format';
import { histogram, type Histogram } from './histogram';
import { groupLabel, isMeasured, type Series } from './series';

export type GenerationPoint = Extract<PointResult, { verdict: 'valid' | 'unstable' }> & { generation: GenerationShape; generationStats: GenerationStats };
export type GenerationMetric = 'tokens-total' | 'ttft-p50' | 'itl-p99';

export function generationPoints(points: readonly PointResult[]): GenerationPoint[] {
  return points.filter((p): p is GenerationPoint => isMeasured(p) && p.generation !== undefined && p.generationStats !== undefined);
}

export function isGenerationRun(points: readonly PointResult[]): boolean {
  return points.some((p) => p.generation !== undefined);
}

function value(metric: GenerationMetric, s: GenerationStats): number {
  if (metric === 'tokens-total') return s.tokensPerSecondTotal;
  return metric === 'ttft-p50' ? s.ttft.p50Ms : s.itl.p99Ms;
}

/** One series per precision × provider × prompt × gen, points sorted by batch. */
export function generationSeries(points: readonly PointResult[], metric: GenerationMetric): Series[] {
  const byKey = new Map<string, Series>();
  for (const p of generationPoints(points)) {
    const key = `${p.precision}|${p.provider}|${p.device ?? ''}|${p.threads ?? ''}|${p.generation.promptTokens}|${p.generation.genTokens}`;
    let series = byKey.get(key);
    if (!series) {
      const label = `${groupLabel(p.precision, p.provider, p.threads, p.device)} · prompt ${p.generation.promptTokens} · gen ${p.generation.genTokens}`;
      series = { key, label, precision: p.precision, provider: p.provider, threads: p.threads, runId: null, points: [] };
      byKey.set(key, series);
    }
    series.points.push({ x: p.batch, y: value(metric, p.generationStats), batch: p.batch, index: p.index });
  }
  for (const s of byKey.values()) s.points.sort((a, b) => a.x - b.x);
  return [...byKey.values()];
}

export const GENERATION_TABLE_HEADERS = ['provider', 'precision', 'prompt', 'gen', 'batch', 'verdict', 'TTFT p50', 'ITL p50', 'ITL p99', 'tokens/s per sequence', 'tokens/s total', 'KV cache per token', 'generations'];

export function generationRows(points: readonly PointResult[]): string[][] {
  return generationPoints(points).map((p) => {
    const s = p.generationStats;
    return [
      p.provider,
      p.precision.toUpperCase(),
      String(p.generation.promptTokens),
      String(p.generation.genTokens),
      String(p.batch),
      p.verdict,
      formatMs(s.ttft.p50Ms),
      formatMs(s.itl.p50Ms),
      formatMs(s.itl.p99Ms),
      s.tokensPerSecondPerSequence.toFixed(1),
      s.tokensPerSecondTotal.toFixed(1),
      s.cacheBytesPerToken === null ? 'no cache (full forward per token)' : formatBytes(s.cacheBytesPerToken),
      String(s.generations),
    ];
  });
}

/** The ITL histogram of a point, clipped at p99 (the slowest 1% as one bar), with its title. */
export function itlHistogram(p: GenerationPoint): { hist: Histogram; title: string } {
  return {
    hist: histogram(p.generationStats.itlSamplesMs, undefined, 0.99),
    title: `Inter-token latency: ${p.precision.toUpperCase()} ${p.provider}, prompt ${p.generation.promptTokens}, gen ${p.generation.genTokens}, batch ${p.batch} (${p.generationStats.itl.count} steps)`,
  };
}
