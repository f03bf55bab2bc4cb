// A generation run with figures chosen by the test, on a model of builtin:llama's size (162.8 M parameters, 621 MiB,
// of which a decode step reads 538 MB: every weight but the embedding rows a Gather skips), so recommendations have
// answers known in advance.
import type { ProviderId } from '../../../electron/contract/hardware';
import type { PointResult, Precision, RunRecord } from '../../../electron/contract/run';
import { generationStats } from '../../../electron/engine/generate/generation-stats';
import { syntheticPoint, syntheticRun } from './synthetic-run';

export const LLAMA_FACTS = { parameterCount: 162.8e6, parameterBytes: 651.3e6, bytesPerStep: 538e6, nodeCount: 1769, vocabulary: 49152, cacheBytesPerToken: 46080 };

export type GenSpec = { batch: number; promptTokens?: number; genTokens?: number; ttftMs: number; itlMs: number; precision?: Precision; provider?: ProviderId; verdict?: 'valid' | 'unstable' };

/** A generation point whose every TTFT is `ttftMs` and whose steps take `itlMs` (one step in 100 takes 1.5×). */
export function generationPoint(index: number, s: GenSpec): PointResult {
  const promptTokens = s.promptTokens ?? 128;
  const genTokens = s.genTokens ?? 32;
  const generations = 10;
  const itlMs = Array.from({ length: generations * (genTokens - 1) }, (_, i) => (i % 100 === 50 ? 1.5 * s.itlMs : s.itlMs));
  const stats = generationStats({ convention: 'optimum', batch: s.batch, promptTokens, genTokens, ttftMs: Array.from({ length: generations }, () => s.ttftMs), itlMs, cacheBytesPerToken: LLAMA_FACTS.cacheBytesPerToken });
  const base = syntheticPoint(index, { batch: s.batch, meanMs: stats.meanGenerationMs, precision: s.precision, provider: s.provider, verdict: s.verdict });
  if (base.verdict === 'failed') throw new Error('unreachable');
  return { ...base, stats: { ...base.stats, throughput: s.batch / (stats.meanGenerationMs / 1000) }, generation: { promptTokens, genTokens }, generationStats: stats };
}

/** A generation run of builtin:llama's size on this test's CPU ('Test CPU'). */
export function generationRun(specs: GenSpec[], id = 'gen-local'): RunRecord {
  const run = syntheticRun([], id);
  const prompts = [...new Set(specs.map((s) => s.promptTokens ?? 128))];
  const gens = [...new Set(specs.map((s) => s.genTokens ?? 32))];
  return {
    ...run,
    options: { ...run.options, generation: { promptTokens: prompts, genTokens: gens } },
    model: {
      ...run.model,
      parameterCount: LLAMA_FACTS.parameterCount,
      parameterBytes: LLAMA_FACTS.parameterBytes,
      nodeCount: LLAMA_FACTS.nodeCount,
      outputs: [{ name: 'logits', elemType: 'float32', shape: ['batch', 'sequence_length', LLAMA_FACTS.vocabulary] }],
      cost: { ...run.model.cost, flopsPerSample: 0, bytesPerSample: LLAMA_FACTS.bytesPerStep },
    },
    points: specs.map((s, i) => generationPoint(i, s)),
  };
}
