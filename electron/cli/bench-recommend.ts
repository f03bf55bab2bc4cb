import type { Command } from 'commander';
import type { RecommendRequest } from '../contract/recommend';
import type { RunRecord } from '../contract/run';
import { badInput } from '../engine/errors';
import { DEFAULT_HEADROOM } from '../engine/recommend/cost';
import { writeRecommendationFiles, type RecommendationFilePaths } from '../engine/results/recommendation-files';
import type { Deadlines } from '../host/point-watchdog';
import { recommendInWorker } from '../host/recommend-call';
import * as flags from './parse-flags';
import { pricesFlag } from './prices-flag';
import { withEngine } from './with-engine';

/** Only the instance counts depend on the QPS; bench uses this one unless --qps is given (recorded as such). */
export const BENCH_DEFAULT_QPS = 1000;

export type BenchRecommendFlags = { sloMs?: string; qps?: string; prices?: string };

export type BenchRecommendOptions = { sloMs: number; qps: number; qpsFrom: 'flag' | 'default'; prices: RecommendRequest['prices'] };

/** The flags `bench` takes for the recommendation written with the run. */
export function addBenchRecommendOptions(command: Command): Command {
  return command
    .option('--slo-ms <ms>', 'p99 latency bound: recommend a batch size (and rank cloud instances) under it, written as <run-id>.recommendation.json/.csv; server scenario: the bound a QPS level must meet (default 10)')
    .option('--qps <n>', `target QPS: instance counts of that recommendation (default ${BENCH_DEFAULT_QPS}); server: also try this QPS; concurrency: the in-flight count it needs (Little's law)`)
    .option('--prices <file>', 'your own prices/instances for that recommendation (JSON; entries override the shipped catalog by id)');
}

/** Parsed before the run starts, so a bad flag or price file fails at once, not after the sweep. */
export function benchRecommendOptions(f: BenchRecommendFlags): BenchRecommendOptions | null {
  if (f.sloMs === undefined) {
    if (f.prices !== undefined) throw badInput('--prices shapes the recommendation written with the run: give --slo-ms too');
    return null;
  }
  const sloMs = flags.parsePositive('--slo-ms', f.sloMs);
  const qps = f.qps === undefined ? BENCH_DEFAULT_QPS : flags.parsePositive('--qps', f.qps);
  return { sloMs, qps, qpsFrom: f.qps === undefined ? 'default' : 'flag', prices: pricesFlag(f.prices) };
}

/**
 * After a run: the batch-size recommendation under the SLO and the instance ranking, computed in the engine worker
 * (this machine's MatMul/copy rates are measured once, a few seconds, under the run's DEADLINES, then cached), written
 * next to the run files. Returns the lines to print: the one-sentence explanations.
 */
export async function writeBenchRecommendation(record: RunRecord, runFile: string, outDir: string, o: BenchRecommendOptions, deadlines: Deadlines): Promise<{ lines: string[]; paths: RecommendationFilePaths | null }> {
  const params = { run: record, otherRuns: [], sloMs: o.sloMs, qps: o.qps, headroom: DEFAULT_HEADROOM, prices: o.prices, precision: null, provider: null, refreshRates: false, runFiles: [runFile], qpsFrom: o.qpsFrom };
  const { recommendation } = await recommendInWorker(withEngine, params, deadlines, `the recommendation for run ${record.id}`);
  if (!recommendation) return { lines: [`No recommendation: no point of run ${record.id} was measured.`], paths: null };
  const { inputs, ...rec } = recommendation;
  const paths = writeRecommendationFiles(outDir, rec, inputs);
  const showThreads = new Set(rec.batch.groups.map((g) => g.threads)).size > 1;
  const groups = rec.batch.groups.map((g) => `${g.precision}/${g.provider}${showThreads ? `/${g.threads ?? 'default'} threads` : ''}: ${g.explanation}`);
  const overall = rec.batch.groups.length > 1 ? [rec.batch.explanation] : [];
  const target = rec.generation ? `${o.qps} requests/s = ${Math.round(rec.generation.tokensPerS)} generated tokens/s` : `${o.qps} QPS`;
  return { lines: [...groups, ...overall, `Instances (${target}${o.qpsFrom === 'default' ? ', the default' : ''}): ${rec.explanation}`], paths };
}
