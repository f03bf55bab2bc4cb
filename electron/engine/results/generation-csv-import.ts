// A generation point's shape, figures and its variant's accuracy read back from the run CSV's generation columns
// (generation-csv.ts), so that a CSV imported and exported again is the same file. Absent in older CSVs.
import { decoderConventionSchema, type GenerationAccuracy, type GenerationOptions, type GenerationPercentiles, type GenerationShape, type GenerationStats } from '../../contract/generation';
import type { PointResult } from '../../contract/run';
import { generationMethod } from '../generate/generation-stats';
import type { CsvRow } from './csv-cells';

export function generationShapeFromCsv(row: CsvRow): GenerationShape | undefined {
  const promptTokens = row.optionalInt('prompt_tokens');
  const genTokens = row.optionalInt('gen_tokens');
  return promptTokens === null || genTokens === null ? undefined : { promptTokens, genTokens };
}

function percentilesFrom(row: CsvRow, prefix: 'ttft' | 'itl', count: number): GenerationPercentiles {
  const get = (k: string) => row.optionalNumber(`${prefix}_${k}_ms`) ?? 0;
  return { count, meanMs: get('mean'), p50Ms: get('p50'), p90Ms: get('p90'), p99Ms: get('p99'), maxMs: get('max') };
}

export function generationStatsFromCsv(row: CsvRow): GenerationStats | undefined {
  const convention = row.text('decoder_convention');
  const parsed = decoderConventionSchema.safeParse(convention);
  if (!parsed.success) return undefined;
  const generations = row.int('generations');
  return {
    convention: parsed.data,
    method: generationMethod(parsed.data),
    generations,
    ttft: percentilesFrom(row, 'ttft', generations),
    itl: percentilesFrom(row, 'itl', row.int('itl_steps')),
    meanGenerationMs: row.number('generation_mean_ms'),
    tokensPerSecondPerSequence: row.number('tokens_per_s_per_sequence'),
    tokensPerSecondTotal: row.number('tokens_per_s_total'),
    decodeTokensPerSecond: row.number('decode_tokens_per_s'),
    cacheBytesPerToken: row.optionalNumber('kv_cache_bytes_per_token'),
    cacheBytesAtEnd: row.optionalNumber('kv_cache_bytes_at_end'),
    ttftSamplesMs: [],
    itlSamplesMs: [],
  };
}

export function generationAccuracyFromCsv(row: CsvRow | undefined): GenerationAccuracy | undefined {
  const agreement = row?.optionalNumber('gen_greedy_agreement_vs_fp32') ?? null;
  const cosine = row?.optionalNumber('gen_logits_cosine_vs_fp32') ?? null;
  if (agreement === null || cosine === null) return undefined;
  return { sequences: 0, steps: 0, greedyAgreement: agreement, logitsCosineMean: cosine, logitsCosineMin: cosine, method: 'imported from a CSV: only the agreement and the mean cosine were in the file' };
}

/** The generation options of an imported run: the prompt and generated lengths its points measured. */
export function generationOptionsFromPoints(points: PointResult[]): { generation: GenerationOptions } | Record<string, never> {
  const shapes = points.map((p) => p.generation).filter((g): g is GenerationShape => g !== undefined);
  if (shapes.length === 0) return {};
  const sorted = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b);
  return { generation: { promptTokens: sorted(shapes.map((s) => s.promptTokens)), genTokens: sorted(shapes.map((s) => s.genTokens)) } };
}
