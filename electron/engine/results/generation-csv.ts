// The run CSV's generation columns (one row per generation point): prompt and generated tokens, TTFT and ITL
// percentiles, tokens per second, KV cache size, and the variant's greedy agreement and logits cosine against FP32.
// Empty for batch points, failed points and CSVs made before generation was measured.
import type { GenerationStats } from '../../contract/generation';
import type { PointResult, RunRecord } from '../../contract/run';

type Cell = string | number | null;
type Column = { header: string; value: (point: PointResult, run: RunRecord) => Cell };

function statsOf(p: PointResult): GenerationStats | null {
  return p.verdict === 'failed' ? null : (p.generationStats ?? null);
}

const stat = (header: string, pick: (s: GenerationStats) => number | null): Column => ({ header, value: (p) => { const s = statsOf(p); return s ? pick(s) : null; } });

function accuracyOf(p: PointResult, run: RunRecord) {
  return run.variants.find((v) => v.precision === p.precision)?.generationAccuracy ?? null;
}

export const GENERATION_CSV_COLUMNS: readonly Column[] = [
  { header: 'prompt_tokens', value: (p) => p.generation?.promptTokens ?? null },
  { header: 'gen_tokens', value: (p) => p.generation?.genTokens ?? null },
  { header: 'decoder_convention', value: (p) => statsOf(p)?.convention ?? null },
  stat('generations', (s) => s.generations),
  stat('ttft_mean_ms', (s) => s.ttft.meanMs),
  stat('ttft_p50_ms', (s) => s.ttft.p50Ms),
  stat('ttft_p90_ms', (s) => s.ttft.p90Ms),
  stat('ttft_p99_ms', (s) => s.ttft.p99Ms),
  stat('ttft_max_ms', (s) => s.ttft.maxMs),
  stat('itl_steps', (s) => s.itl.count),
  stat('itl_mean_ms', (s) => s.itl.meanMs),
  stat('itl_p50_ms', (s) => s.itl.p50Ms),
  stat('itl_p90_ms', (s) => s.itl.p90Ms),
  stat('itl_p99_ms', (s) => s.itl.p99Ms),
  stat('itl_max_ms', (s) => s.itl.maxMs),
  stat('generation_mean_ms', (s) => s.meanGenerationMs),
  stat('tokens_per_s_per_sequence', (s) => s.tokensPerSecondPerSequence),
  stat('tokens_per_s_total', (s) => s.tokensPerSecondTotal),
  stat('decode_tokens_per_s', (s) => s.decodeTokensPerSecond),
  stat('kv_cache_bytes_per_token', (s) => s.cacheBytesPerToken),
  stat('kv_cache_bytes_at_end', (s) => s.cacheBytesAtEnd),
  { header: 'gen_greedy_agreement_vs_fp32', value: (p, r) => (p.generation ? (accuracyOf(p, r)?.greedyAgreement ?? null) : null) },
  { header: 'gen_logits_cosine_vs_fp32', value: (p, r) => (p.generation ? (accuracyOf(p, r)?.logitsCosineMean ?? null) : null) },
];
