// A comparison of generation runs: tokens/s, TTFT and ITL p99 against batch size with every run's lines on one chart
// (a line per run × precision × provider × prompt × gen), and the ratios of each configuration against the base run.
import type { RunRecord } from '../../../electron/contract/run';
import { generationPoints, generationSeries, isGenerationRun, type GenerationMetric, type GenerationPoint } from './generation';
import { groupLabel, type Series } from './series';

/** Every run's series of a metric, each tagged with its run (the chart tells runs apart by marker and dash). */
export function generationCompareSeries(runs: ReadonlyArray<{ run: RunRecord; label: string }>, metric: GenerationMetric): Array<{ runIndex: number; series: Series[] }> {
  return runs.map(({ run, label }, runIndex) => ({
    runIndex,
    series: generationSeries(run.points, metric).map((s) => ({ ...s, key: `${run.id}|${s.key}`, label: `${label} · ${s.label}`, runId: run.id })),
  }));
}

export function anyGenerationRun(runs: readonly RunRecord[]): boolean {
  return runs.some((r) => isGenerationRun(r.points));
}

export interface GenerationRatioRow {
  label: string;
  promptTokens: number;
  genTokens: number;
  batch: number;
  baseTokensPerS: number;
  baseTtftMs: number;
  baseItlP99Ms: number;
  /** One cell per other run, in the order given; nulls where that run did not measure the configuration. */
  cells: Array<{ runId: string; tokensPerS: number | null; tokensRatio: number | null; ttftRatio: number | null; itlP99Ratio: number | null }>;
}

function key(p: GenerationPoint): string {
  return `${p.precision}|${p.provider}|${p.threads ?? ''}|${p.batch}|${p.generation.promptTokens}|${p.generation.genTokens}`;
}

const ratio = (a: number, b: number) => (b > 0 ? a / b : null);

/** Each generation configuration of the base run against the same (precision, provider, batch, prompt, gen) in the others. */
export function generationRatioRows(base: RunRecord, others: readonly RunRecord[]): GenerationRatioRow[] {
  const indexes = others.map((run) => new Map(generationPoints(run.points).map((p) => [key(p), p])));
  const rows = generationPoints(base.points).map((p) => {
    const s = p.generationStats;
    return {
      label: groupLabel(p.precision, p.provider, p.threads),
      promptTokens: p.generation.promptTokens,
      genTokens: p.generation.genTokens,
      batch: p.batch,
      baseTokensPerS: s.tokensPerSecondTotal,
      baseTtftMs: s.ttft.p50Ms,
      baseItlP99Ms: s.itl.p99Ms,
      cells: others.map((run, i) => {
        const q = indexes[i]?.get(key(p))?.generationStats;
        if (!q) return { runId: run.id, tokensPerS: null, tokensRatio: null, ttftRatio: null, itlP99Ratio: null };
        return { runId: run.id, tokensPerS: q.tokensPerSecondTotal, tokensRatio: ratio(q.tokensPerSecondTotal, s.tokensPerSecondTotal), ttftRatio: ratio(q.ttft.p50Ms, s.ttft.p50Ms), itlP99Ratio: ratio(q.itl.p99Ms, s.itl.p99Ms) };
      }),
    };
  });
  return rows.sort((a, b) => a.label.localeCompare(b.label) || a.promptTokens - b.promptTokens || a.genTokens - b.genTokens || a.batch - b.batch);
}
