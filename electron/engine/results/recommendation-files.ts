import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  recommendationFileSchema, recommendationInputsSchema, type Recommendation, type RecommendationFile, type RecommendationInputs,
} from '../../contract/recommend';
import { badInput, EngineError } from '../errors';
import type { Catalog } from '../recommend/catalog';
import { recommendationToCsv } from './recommendation-csv';
import { checkOutputDir } from './output-dir';
import { writeAtomically } from './run-files';

export { recommendationFileSchema, recommendationInputsSchema, type RecommendationFile, type RecommendationInputs };

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
  checkOutputDir(dir, flag);
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
