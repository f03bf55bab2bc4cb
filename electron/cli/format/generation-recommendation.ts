import type { Recommendation } from '../../contract/recommend';
import type { RunRecord } from '../../contract/run';
import { perMillionTokens } from '../../engine/recommend/generation-explain';
import { formatMs } from '../../../common/units';
import { busyNote, dollars, rate, rowNote } from './recommendation-parts';
import { textTable } from './text-table';

type Span = { low: number; high: number };
const span = (s: Span | undefined, f: (x: number | null) => string) => (s === undefined ? '—' : f(s.low) === f(s.high) ? f(s.low) : `${f(s.low)}–${f(s.high)}`);
const ms = (x: number | null) => (x === null ? '—' : formatMs(x));

/** The terminal rendering of a generation run's recommendation: tokens/s under the ITL p99 SLO, then the instances. */
export function formatGenerationRecommendation(rec: Recommendation, run: RunRecord, ratesCached?: boolean): string {
  const g = rec.generation;
  if (!g) return '';
  const out: string[] = [`Generation under ITL p99 ≤ ${rec.sloMs} ms — run ${rec.runId} (${run.model.path}), prompt ${g.promptTokens}, gen ${g.genTokens}`];
  if (g.shapesMeasured.length > 1) out.push(`The run measured ${g.shapesMeasured.map((s) => `prompt ${s.promptTokens} gen ${s.genTokens}`).join(', ')}: another with --prompt/--gen.`);
  out.push('');
  for (const group of rec.batch.groups) {
    const rows = group.points.map((p) => [String(p.batch), formatMs(p.meanMs), formatMs(p.p99Ms), rate(p.throughput), p.meetsSlo ? 'yes' : 'no', [p.batch === group.batch ? '← chosen' : '', p.verdict === 'unstable' ? 'unstable' : ''].filter(Boolean).join(', ')]);
    out.push(`${group.precision} / ${group.provider}`, textTable(['batch', 'ITL mean ms', 'ITL p99 ms', 'tokens/s total', 'meets SLO', ''], rows), group.explanation, '');
  }
  out.push(g.localAnswer, '');
  const r = rec.machineRates;
  if (r) out.push(`This machine (${r.cpuModel}, onnxruntime ${r.ortVersion}, ${r.provider} ${r.precision}): ${rate(r.gflops)} ${r.precision === 'int8' ? 'GOP/s' : 'GFLOP/s'} MatMul, ${rate(r.gbs)} GB/s copy${ratesCached ? ` (cached, measured ${r.measuredAt})` : ' (measured now)'}${busyNote(r)}.`, '');
  const src = rec.source ? `${rec.source.precision} on ${rec.source.provider}` : 'no source';
  out.push(`Instances for ${rate(g.tokensPerS)} generated tokens/s (${rate(rec.qps)} requests/s of prompt ${g.promptTokens} + ${g.genTokens} generated tokens) with ${Math.round(rec.headroom * 100)}% headroom (${src}), ` +
    'ranked by the cost of serving it per 1M generated tokens. PROJECTED rows are low–high ranges from this run, ranked on the low end, not measurements.');
  const footnotes: string[] = [];
  const rows = rec.instances.map((x) => [
    x.instanceId, x.accelerator.split(' (')[0] + (x.acceleratorCount > 1 ? ` ×${x.acceleratorCount}` : ''), dollars(x.pricePerHour),
    x.basis === 'projected' ? 'PROJECTED' : x.basis, x.batch === null ? '—' : String(x.batch), span(x.generation?.tokensPerS, rate), span(x.generation?.itlP99Ms, ms), span(x.generation?.ttftMs, ms),
    x.instancesNeeded === null ? '—' : String(x.instancesNeeded), x.utilisation === null ? '—' : `${Math.round(x.utilisation * 100)}%`,
    dollars(perMillionTokens(x.servingCostPer1M, g.genTokens)), dollars(perMillionTokens(x.costPer1MOnDemand, g.genTokens)), generationNote(x, footnotes),
  ]);
  out.push(textTable(['instance', 'accelerator', '$/h', 'basis', 'batch', 'tokens/s', 'ITL p99 ms', 'TTFT ms', 'needed', 'util', '$/1M tok served', '$/1M tok sat.', 'note'], rows));
  out.push(...footnotes.map((n, i) => `[${i + 1}] ${n}`), '', `Recommendation: ${rec.explanation}`, '', `Method: ${rec.method}`);
  return out.join('\n');
}

function generationNote(x: Recommendation['instances'][number], footnotes: string[]): string {
  const note = rowNote(x, footnotes);
  const bound = x.generation?.bound;
  if (x.basis !== 'projected' || bound === undefined || bound === 'measured') return note;
  // rowNote names the encoder roofline's bound; a generation row says what bounds a decode step.
  return note.replace(/(compute|memory)-bound, eff ≥ \d+%|overhead-bound[^;]*/, bound === 'overhead' ? 'decode overhead-bound' : `decode ${bound}-bound`);
}
