import type { PrecisionVariantInfo, RunRecord } from '../../contract/run';
import { describePoint } from '../../engine/bench/plan';
import { percentText } from '../../engine/bench/measure-text';
import { formatBytes, formatMs } from '../../../common/units';
import { textTable } from './text-table';

const rate = (x: number): string => x.toFixed(x >= 100 ? 0 : 1);

function accuracyLine(v: PrecisionVariantInfo): string {
  if (v.error) return `  ${v.precision}: not made: ${v.error.message}`;
  const a = v.generationAccuracy;
  const size = v.conversion ? `${formatBytes(v.conversion.outputBytes)}, ` : '';
  if (!a) return `  ${v.precision}: ${size}generation accuracy not measured${v.conversion?.warnings.length ? ` (${v.conversion.warnings.join('; ')})` : ''}`;
  return `  ${v.precision}: ${size}greedy tokens agree with FP32 on ${percentText(a.greedyAgreement)}% of ${a.steps * a.sequences} steps, logits cosine mean ${a.logitsCosineMean.toFixed(5)} (lowest ${a.logitsCosineMin.toFixed(5)})`;
}

/** A generation run's points: TTFT, ITL percentiles, tokens/s and cache size per provider × precision × prompt × gen × batch. */
export function formatGenerationTable(run: RunRecord): string {
  const notes: string[] = [];
  const rows = run.points.map((p) => {
    const g = p.generation;
    const id = [p.provider, p.precision, String(g?.promptTokens ?? ''), String(g?.genTokens ?? ''), String(p.batch)];
    if (p.verdict === 'failed') {
      notes.push(`${describePoint(p)}: ${p.error.message}`);
      return [...id, p.failure === 'skipped' ? 'skipped' : 'failed', '', '', '', '', '', '', '', `[${notes.length}]`];
    }
    const s = p.generationStats;
    if (!s) return [...id, p.verdict, '', '', '', '', '', '', '', 'not a generation point'];
    return [
      ...id,
      p.verdict,
      formatMs(s.ttft.p50Ms),
      formatMs(s.itl.p50Ms),
      formatMs(s.itl.p99Ms),
      rate(s.tokensPerSecondPerSequence),
      rate(s.tokensPerSecondTotal),
      s.cacheBytesPerToken === null ? 'no cache' : formatBytes(s.cacheBytesPerToken),
      String(s.generations),
      s.convention === 'no-cache' ? 'full-sequence forward per token' : '',
    ];
  });
  const table = textTable(['provider', 'precision', 'prompt', 'gen', 'batch', 'verdict', 'TTFT p50 ms', 'ITL p50 ms', 'ITL p99 ms', 'tok/s/seq', 'tok/s total', 'KV/token', 'gens', 'notes'], rows);
  const measured = run.points.find((p) => p.verdict !== 'failed' && p.generationStats);
  const rule = run.options.stopping;
  const footer = [
    ...(measured && measured.verdict !== 'failed' && measured.generationStats ? [`Method: ${measured.generationStats.method}`] : []),
    `Verdict: valid when the 95% interval of the mean generation time (windows of whole generations) is within ±${percentText(rule.targetRelativeCi)}% (--target-ci) and the last windows agree, after at least ${rule.minIterations} generations and ${formatMs(rule.minTimeMs)} ms; unstable when ${formatMs(rule.maxTimeMs)} ms (--max-time-ms) pass first.`,
    ...(run.variants.some((v) => v.precision !== 'fp32') ? ['Precisions (converted from the FP32 model; generation against it):', ...run.variants.filter((v) => v.precision !== 'fp32').map(accuracyLine)] : []),
    ...notes.map((n, i) => `[${i + 1}] ${n}`),
  ];
  return `${table}\n\n${footer.join('\n')}`;
}
