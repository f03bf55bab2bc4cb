import type { Comparison, PointResult, PrecisionVariantInfo, RunRecord } from '../../contract/run';
import { threadsText } from '../../contract/threads-text';
import { describePoint } from '../../engine/bench/plan';
import { textTable } from './text-table';
import { percentText } from '../../engine/bench/measure-text';
import { STABILITY_SHARE, STABLE_WINDOWS, WINDOW_COUNT } from '../../engine/stats/windows';
import { formatBytes, formatMs } from '../../../common/units';
import { trialSchedule } from '../../engine/bench/trials';
import { runToRunCell, runToRunOf, runToRunSentence } from '../../contract/run-to-run-text';

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

/** What a point is compared with, in the words of its axis: "fp32", "threads 1", "default threads", "cpu". */
function baselineText(c: Comparison, baseline: PointResult | undefined): string {
  if (c.axis === 'threads' && baseline) return baseline.threads === null ? 'default threads' : `threads ${baseline.threads}`;
  if (c.axis === 'provider' && baseline) return `${baseline.provider}${baseline.device === undefined ? '' : ` device ${baseline.device}`}`;
  return c.baselinePrecision;
}

/** "Speed-ups ..." and one line per compared point: "cpu int8 batch 16 over fp32: 2.31× [2.05, 2.60] (3 paired trials)". */
export function speedupLines(run: RunRecord): string[] {
  const lines: string[] = [];
  for (const p of run.points) {
    if (p.verdict === 'failed' || !p.comparison) continue;
    const c = p.comparison;
    const baseline = run.points.find((q) => q.index === c.baselineIndex);
    const interval = c.low === null || c.high === null ? 'no interval from 1 trial' : `[${c.low.toFixed(2)}, ${c.high.toFixed(2)}]`;
    lines.push(`  ${describePoint(p)} over ${baselineText(c, baseline)}: ${c.speedup.toFixed(2)}× ${interval} (${c.pairs} paired trial${c.pairs === 1 ? '' : 's'})`);
  }
  if (lines.length === 0) return [];
  return ['Speed-ups (throughput over the baseline at the same batch; trials alternated; 95% interval, t on the paired log ratios):', ...lines];
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
    const id = [p.provider, p.precision, String(p.batch), threadsText(p)];
    if (p.verdict === 'failed') return [...id, p.failure === 'skipped' ? 'skipped' : 'failed', '', '', '', '', '', '', '', '', note(`${describePoint(p)}: ${p.error.message}`)];
    const s = p.stats;
    return [
      ...id,
      p.verdict,
      formatMs(s.meanMs),
      formatMs(s.p50Ms),
      formatMs(s.p99Ms),
      s.throughput.toFixed(s.throughput >= 100 ? 0 : 1),
      `±${(s.ciRelative * 100).toFixed(1)}%`,
      runToRunCell(p),
      String(s.trials?.meansMs.length ?? 1),
      String(s.iterations),
      p.warnings.map(warningLabel).join('; '),
    ];
  });
  const header = ['provider', 'precision', 'batch', 'threads', 'verdict', 'mean ms', 'p50 ms', 'p99 ms', 'samples/s', 'ci95', 'run-to-run', 'trials', 'iters', 'notes'];
  // The run-to-run column only where some point's interval used the repeat log.
  const drop = run.points.some((p) => runToRunOf(p) !== undefined) ? -1 : header.indexOf('run-to-run');
  const table = textTable(header.filter((_, i) => i !== drop), rows.map((r) => r.filter((_, i) => i !== drop)));
  const rule = run.options.stopping;
  const schedule = trialSchedule(rule);
  const verdictRule =
    schedule.max > 1
      ? `Verdict: valid when the 95% interval of the mean, Student t over the means of ${schedule.min} or more independent trials ` +
        `(each a fresh session, the precisions of a batch interleaved; up to ${schedule.max}, --trials/--max-trials), is within ±${percentText(rule.targetRelativeCi)}% (--target-ci); ` +
        `unstable when ${formatMs(rule.maxTimeMs)} ms of timing (--max-time-ms, shared by the trials) pass first.`
      : `Verdict: valid when the 95% interval of the mean, from ${WINDOW_COUNT} consecutive windows of iterations, is within ` +
        `±${percentText(rule.targetRelativeCi)}% (--target-ci) and the last ${STABLE_WINDOWS} windows agree within ${percentText(STABILITY_SHARE)}%, ` +
        `after at least ${rule.minIterations} iterations and ${formatMs(rule.minTimeMs)} ms; unstable when ${formatMs(rule.maxTimeMs)} ms (--max-time-ms) pass first.`;
  const speedups = speedupLines(run);
  const drift = runToRunSentence(run);
  const warned = run.points.some((p) => p.warnings.length > 0);
  const variants = run.variants.filter((v) => v.precision !== 'fp32').map((v) => variantLine(v, run.model.fileBytes));
  const footer = [
    ...(run.points.some((p) => p.verdict !== 'failed') ? [verdictRule] : []),
    ...(drift ? [drift] : []),
    ...speedups,
    ...(variants.length ? ['Precisions (converted from the FP32 model, accuracy against it):', ...variants] : []),
    ...notes.map((n, i) => `[${i + 1}] ${n}`), ...(warned ? ['Warnings in full: the CSV (warnings column) or --json.'] : [])];
  return footer.length === 0 ? table : `${table}\n\n${footer.join('\n')}`;
}
