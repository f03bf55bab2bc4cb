import type { PrecisionVariantInfo, RunRecord } from '../../contract/run';
import { describePoint } from '../../engine/bench/plan';
import { textTable } from './text-table';
import { percentText } from '../../engine/bench/measure-text';
import { STABILITY_SHARE, STABLE_WINDOWS, WINDOW_COUNT } from '../../engine/stats/windows';
import { formatBytes, formatMs } from '../../../common/units';

function variantLine(v: PrecisionVariantInfo, fp32Bytes: number): string {
  if (v.error || !v.conversion) return `  ${v.precision}: not made: ${v.error?.message ?? 'unknown reason'}`;
  const c = v.conversion;
  const size = `${formatBytes(c.outputBytes)} (${((100 * c.outputBytes) / fp32Bytes).toFixed(0)}% of FP32)`;
  const nodes = `${c.nodesConverted}/${c.nodesTotal} nodes converted`;
  const a = c.accuracy;
  const accuracy = a ? `cosine ${a.cosine.toFixed(5)}, rel L2 ${a.relativeL2.toExponential(2)}, max abs ${a.maxAbsError.toExponential(2)}${a.top1Agreement === null ? '' : `, top-1 ${(100 * a.top1Agreement).toFixed(1)}%`}` : 'accuracy not measured';
  return [`  ${v.precision}: ${c.skipped ? `${c.skipped}; ` : ''}${size}, ${nodes}; ${accuracy}`, ...c.warnings.map((w) => `    note: ${w}`)].join('\n');
}

/** A warning's headline: "noisy machine: the standard deviation is 47% ..." -> "noisy machine". */
function warningLabel(warning: string): string {
  const outliers = /^\d+ outliers \(([\d.]+%) of/.exec(warning);
  return outliers ? `${outliers[1]} outliers` : (warning.split(':')[0] ?? warning);
}

/**
 * The run's points as a terminal table, one row per point: failures as numbered notes below it, warnings by their
 * headline (in full in the CSV's warnings column and the JSON).
 */
export function formatResultsTable(run: RunRecord): string {
  const notes: string[] = [];
  const note = (text: string): string => {
    notes.push(text);
    return `[${notes.length}]`;
  };
  const rows = run.points.map((p) => {
    const id = [p.provider, p.precision, String(p.batch), p.threads === null ? 'default' : String(p.threads)];
    if (p.verdict === 'failed') return [...id, p.failure === 'skipped' ? 'skipped' : 'failed', '', '', '', '', '', '', note(`${describePoint(p)}: ${p.error.message}`)];
    const s = p.stats;
    return [
      ...id,
      p.verdict,
      formatMs(s.meanMs),
      formatMs(s.p50Ms),
      formatMs(s.p99Ms),
      s.throughput.toFixed(s.throughput >= 100 ? 0 : 1),
      `±${(s.ciRelative * 100).toFixed(1)}%`,
      String(s.iterations),
      p.warnings.map(warningLabel).join('; '),
    ];
  });
  const table = textTable(['provider', 'precision', 'batch', 'threads', 'verdict', 'mean ms', 'p50 ms', 'p99 ms', 'samples/s', 'ci95', 'iters', 'notes'], rows);
  const rule = run.options.stopping;
  const verdictRule =
    `Verdict: valid when the 95% interval of the mean, from ${WINDOW_COUNT} consecutive windows of iterations, is within ` +
    `±${percentText(rule.targetRelativeCi)}% (--target-ci) and the last ${STABLE_WINDOWS} windows agree within ${percentText(STABILITY_SHARE)}%, ` +
    `after at least ${rule.minIterations} iterations and ${formatMs(rule.minTimeMs)} ms; unstable when ${formatMs(rule.maxTimeMs)} ms (--max-time-ms) pass first.`;
  const warned = run.points.some((p) => p.warnings.length > 0);
  const variants = run.variants.filter((v) => v.precision !== 'fp32').map((v) => variantLine(v, run.model.fileBytes));
  const footer = [
    ...(run.points.some((p) => p.verdict !== 'failed') ? [verdictRule] : []),
    ...(variants.length ? ['Precisions (converted from the FP32 model, accuracy against it):', ...variants] : []),...notes.map((n, i) => `[${i + 1}] ${n}`), ...(warned ? ['Warnings in full: the CSV (warnings column) or --json.'] : [])];
  return footer.length === 0 ? table : `${table}\n\n${footer.join('\n')}`;
}
