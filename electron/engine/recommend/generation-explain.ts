import type { GenerationShape } from '../../contract/generation';
import type { InstanceEstimate } from '../../contract/recommend';
import { hardwareName } from './explain';

const money = (x: number) => (x >= 1 ? `$${x.toFixed(2)}` : x >= 0.01 ? `$${x.toFixed(3)}` : `$${x.toPrecision(2)}`);
const count = (x: number) => (x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));
const span = (lo: number, hi: number, f: (x: number) => string) => (f(lo) === f(hi) ? f(lo) : `${f(lo)}–${f(hi)}`);

/** Cost per 1M generated tokens from the cost per 1M requests (one request generates `genTokens`). */
export function perMillionTokens(perMillionRequests: number | null, genTokens: number): number | null {
  return perMillionRequests === null ? null : perMillionRequests / genTokens;
}

/** The generation recommendation in one sentence: the cheapest instance serving the tokens/s target within the ITL p99 SLO. */
export function explainGeneration(rec: InstanceEstimate | null, ranked: readonly InstanceEstimate[], o: { tokensPerS: number; headroom: number; sloMs: number; shape: GenerationShape }): string {
  const g = rec?.generation;
  const perToken = perMillionTokens(rec?.servingCostPer1M ?? null, o.shape.genTokens);
  if (rec === null || !g || perToken === null || rec.instancesNeeded === null || rec.servingCostPerHour === null) {
    return ranked.some((x) => x.servingCostPer1M !== null)
      ? `No instance meets ITL p99 ≤ ${o.sloMs} ms, measured or projected (on the pessimistic end of its range), so none is recommended.`
      : "No instance could be estimated: see each row's reason.";
  }
  const n = rec.instancesNeeded;
  const fleet = n === 1 ? `one at ${money(rec.pricePerHour)}/h` : `${n} at ${money(rec.pricePerHour)}/h each (${money(rec.servingCostPerHour)}/h)`;
  const how = rec.basis === 'measured'
    ? `MEASURED ${count(g.tokensPerS.low)} tokens/s per instance at batch ${rec.batch ?? '?'}, ITL p99 ${span(g.itlP99Ms.low, g.itlP99Ms.high, count)} ms, TTFT ${count(g.ttftMs.low)} ms`
    : `a PROJECTED ${span(g.tokensPerS.low, g.tokensPerS.high, count)} tokens/s per instance at batch ${rec.batch ?? '?'}, ITL p99 ${span(g.itlP99Ms.low, g.itlP99Ms.high, count)} ms, ` +
      `TTFT ${span(g.ttftMs.low, g.ttftMs.high, count)} ms (${rec.runtime ?? 'projected'}; ranked on the low end)`;
  const next = ranked.find((x) => x !== rec && x.meetsSlo === true && x.servingCostPer1M !== null);
  const runnerUp = next ? `; next: ${next.instanceId} at ${money(perMillionTokens(next.servingCostPer1M, o.shape.genTokens) as number)} per 1M tokens` : '';
  return `${rec.instanceId} (${hardwareName(rec)}) is the cheapest way to serve ${count(o.tokensPerS)} generated tokens/s (requests of prompt ${o.shape.promptTokens} + ${o.shape.genTokens} generated tokens) ` +
    `with ${Math.round(o.headroom * 100)}% headroom at ITL p99 ≤ ${o.sloMs} ms: ${fleet} cost ${money(perToken)} per 1M generated tokens, ${Math.round((rec.utilisation ?? 0) * 100)}% utilised, on ${how}${runnerUp}.`;
}
