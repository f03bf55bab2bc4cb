import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { providerIdSchema } from '../../contract/hardware';
import { recommendationSchema, type Recommendation } from '../../contract/recommend';
import { precisionSchema } from '../../contract/run';
import { badInput, EngineError } from '../errors';
import type { Catalog } from '../recommend/catalog';
import { recommendationToCsv } from './recommendation-csv';
import { ensureWritableDir, writeAtomically } from './run-files';

/**
 * What a recommendation was computed from, beyond the SLO, QPS and headroom the Recommendation itself carries: the
 * run files, the filters, the user's price file and the date of every catalog price (prices go stale; some dates
 * are approximate and say so).
 */
export const recommendationInputsSchema = z.object({
  /** `flag` when the user gave --qps; `default` when bench used its default (only instance counts depend on it). */
  qpsFrom: z.enum(['flag', 'default']),
  precision: precisionSchema.nullable(),
  provider: providerIdSchema.nullable(),
  runFiles: z.array(z.string()),
  pricesFile: z.string().nullable(),
  catalogFiles: z.array(z.string()),
  /** Catalog price date by instance id, as the catalog states it. */
  priceDates: z.record(z.string(), z.string()),
});
export type RecommendationInputs = z.infer<typeof recommendationInputsSchema>;

/** `<run-id>.recommendation.json`: the Recommendation, with its inputs. */
export const recommendationFileSchema = recommendationSchema.extend({ inputs: recommendationInputsSchema });
export type RecommendationFile = z.infer<typeof recommendationFileSchema>;

export type RecommendationFilePaths = { json: string; csv: string };

export function recommendationFilePaths(dir: string, runId: string): RecommendationFilePaths {
  return { json: join(dir, `${runId}.recommendation.json`), csv: join(dir, `${runId}.recommendation.csv`) };
}

export type InputsOptions = {
  catalog: Catalog;
  runFiles: readonly string[];
  qpsFrom: RecommendationInputs['qpsFrom'];
  pricesFile?: string;
  precision?: RecommendationInputs['precision'];
  provider?: RecommendationInputs['provider'];
};

export function recommendationInputs(o: InputsOptions): RecommendationInputs {
  return {
    qpsFrom: o.qpsFrom,
    precision: o.precision ?? null,
    provider: o.provider ?? null,
    runFiles: [...o.runFiles],
    pricesFile: o.pricesFile ?? null,
    catalogFiles: [...o.catalog.files],
    priceDates: Object.fromEntries(o.catalog.instances.map((x) => [x.id, x.price_date])),
  };
}

/**
 * Writes `<run-id>.recommendation.json` and `.csv` into DIR, each atomically. The object is validated first: a
 * recommendation that does not match its schema is a bug here, not something to put on disk.
 */
export function writeRecommendationFiles(dir: string, recommendation: Recommendation, inputs: RecommendationInputs, flag = '--out'): RecommendationFilePaths {
  const checked = recommendationFileSchema.safeParse({ ...recommendation, inputs });
  if (!checked.success) {
    const issue = checked.error.issues[0];
    throw new EngineError('internal', `the recommendation for run ${recommendation.runId} does not match its schema (${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'})`);
  }
  ensureWritableDir(dir, flag);
  const paths = recommendationFilePaths(dir, checked.data.runId);
  writeAtomically(paths.json, `${JSON.stringify(checked.data, null, 1)}\n`);
  writeAtomically(paths.csv, recommendationToCsv(checked.data));
  return paths;
}

/** Reads a `.recommendation.json` back, validated; bad input naming the file when it is not one. */
export function readRecommendationFile(path: string): RecommendationFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw badInput(`${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw badInput(`${path}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof parsed === 'object' && parsed !== null && (parsed as { kind?: unknown }).kind !== 'infermeter-recommendation') {
    throw badInput(`${path}: not an infermeter recommendation (no "kind": "infermeter-recommendation"): give a .recommendation.json written by \`infermeter recommend --out\` or \`bench --slo-ms\``);
  }
  const result = recommendationFileSchema.safeParse(parsed);
  if (!result.success) {
    const issue = result.error.issues[0];
    throw badInput(`${path}: not a valid infermeter recommendation (${issue?.path.join('.') || 'root'}: ${issue?.message ?? 'invalid'})`);
  }
  return result.data;
}
