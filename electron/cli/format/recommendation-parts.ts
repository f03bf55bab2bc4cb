import type { BatchGroup, MachineRates, Recommendation } from '../../contract/recommend';
import { formatMs } from '../../../common/units';
import { BUSY_LOAD_PER_CPU } from '../../engine/recommend/machine-load';
import { tensorRtRange } from '../../contract/tensorrt-note';
import { textTable } from './text-table';

// Pieces of the terminal recommendation shared by the batch-sweep and generation renderings.

export const rate = (x: number | null) => (x === null ? '—' : x >= 100 ? Math.round(x).toLocaleString('en-US') : x.toPrecision(3));
export const dollars = (x: number | null) => (x === null ? '—' : x >= 100 ? `$${x.toFixed(0)}` : x >= 0.01 ? `$${x.toFixed(x >= 1 ? 2 : 3)}` : `$${x.toPrecision(2)}`);

export function groupText(g: BatchGroup, showThreads: boolean): string {
  const title = `${g.precision} / ${g.provider}${showThreads ? ` / ${g.threads ?? 'default'} threads` : ''}`;
  const rows = g.points.map((p) => [
    String(p.batch), formatMs(p.meanMs), formatMs(p.p99Ms), rate(p.throughput), p.meetsSlo ? 'yes' : 'no',
    [p.batch === g.batch ? '← chosen' : '', p.batch === g.kneeBatch ? 'knee' : '', p.batch === g.saturationBatch ? 'saturated' : '', p.verdict === 'unstable' ? 'unstable' : ''].filter(Boolean).join(', '),
  ]);
  const lines = [title, textTable(['batch', 'mean ms', 'p99 ms', 'samples/s', 'meets SLO', ''], rows)];
  if (g.fit) {
    const asym = g.asymptoticThroughput === null ? 'no asymptote (no marginal cost)' : `asymptote ${rate(g.asymptoticThroughput)} samples/s`;
    const setup = g.fit.setupConstrained ? '0 (held at ≥ 0, see note)' : formatMs(g.fit.setupMs);
    lines.push(`T(B) = ${setup} + ${g.fit.marginalMs.toPrecision(3)}·B ms (R² ${g.fit.r2.toFixed(3)}); ${asym}; knee ${g.kneeBatch ?? '—'}; saturation ${g.saturationBatch ?? 'not reached'}`);
  }
  lines.push(g.explanation, ...g.notes.map((n) => `  note: ${n}`));
  return lines.join('\n');
}

export function busyNote(r: MachineRates): string {
  if (r.loadPerCpu === undefined || r.loadPerCpu <= BUSY_LOAD_PER_CPU) return '';
  return `; the machine was busy then (load ${r.loadPerCpu.toFixed(1)} per CPU), so these rates and the projections are low: re-measure on a quiet machine with --refresh-rates`;
}

/** Long reasons shared by several rows become numbered notes under the table. */
export function rowNote(x: Recommendation['instances'][number], footnotes: string[]): string {
  if (x.needsRuntime !== null) {
    const at = footnotes.indexOf(x.needsRuntime);
    return `not ranked: needs [${(at < 0 ? footnotes.push(x.needsRuntime) : at + 1)}]`;
  }
  if (x.missing && x.missing.length > 80) {
    const at = footnotes.indexOf(x.missing);
    return `cannot project [${(at < 0 ? footnotes.push(x.missing) : at + 1)}]`;
  }
  if (x.missing) return `cannot project: ${x.missing}`;
  const parts: string[] = [];
  if (x.meetsSlo === false) parts.push('misses SLO');
  if (x.basis === 'measured') parts.push(`measured in run ${x.basisRun}`);
  if (x.runtime && x.basis === 'projected') parts.push(x.runtime);
  if (x.overheadBound && x.overheadFloorMs) parts.push(`overhead-bound (floor ${formatMs(x.overheadFloorMs.low)}–${formatMs(x.overheadFloorMs.high)} ms a batch)`);
  else if (x.overheadBound) parts.push("overhead-bound");
  else if (x.projection) parts.push(`${x.projection.bound}-bound, eff ≥ ${(x.projection.efficiency * 100).toFixed(0)}%`);
  const trt = tensorRtRange(x.notes);
  if (trt) parts.push(`TensorRT provider ${rate(trt.low)}–${rate(trt.high)}/s`);
  return parts.join('; ');
}
