// The repeatability bench's table: per mode and point, coverage of the intervals as reported (with the run-to-run
// part the repeat log learned from the bench's own earlier runs) beside the trials-only intervals, widths of both,
// and the cost; then one line per mode over all points.
import * as os from 'node:os';
import { median } from '../../common/stats/percentile';

/** half: the interval as reported; trialsHalf: the trials' alone; learned: the run-to-run part was in it. */
export type Repeat = { mean: number; half: number; trialsHalf: number; learned: boolean; learnedSd: number | null; valid: boolean; pointS: number; trials: number; flagged: boolean; others: number | null; load: number | null };

type Coverage = { pairs: number; covered: number; repeat: number; trialsCovered: number; learnedPairs: number; learnedCovered: number; learnedTrialsCovered: number };

const pct = (x: number, digits = 1): string => (Number.isFinite(x) ? `${(100 * x).toFixed(digits)}%` : 'n/a');

/**
 * Over ordered pairs (A, B): B's mean inside A's reported interval (`covered`), inside A's trials-only interval
 * (`trialsCovered`), and inside A's repeat interval (`repeat`): the reported half-width widened by √(1 + k_A/k_B),
 * where the mean of a repeat with k_B trials is expected to fall (its own error added to A's). A perfect 95% interval
 * of the mean covers a repeat's mean less often than 95% (about 83% for many trials), the repeat interval 95% when
 * nothing drifts between runs. The `learned` counts are over the pairs whose A had a run-to-run part.
 */
export function coverage(reps: readonly Repeat[]): Coverage {
  const c: Coverage = { pairs: 0, covered: 0, repeat: 0, trialsCovered: 0, learnedPairs: 0, learnedCovered: 0, learnedTrialsCovered: 0 };
  for (const a of reps) {
    for (const b of reps) {
      if (a === b) continue;
      c.pairs++;
      const gap = Math.abs(b.mean - a.mean);
      const inside = gap <= a.half;
      const insideTrials = gap <= a.trialsHalf;
      if (inside) c.covered++;
      if (insideTrials) c.trialsCovered++;
      if (gap <= a.half * Math.sqrt(1 + a.trials / b.trials)) c.repeat++;
      if (!a.learned) continue;
      c.learnedPairs++;
      if (inside) c.learnedCovered++;
      if (insideTrials) c.learnedTrialsCovered++;
    }
  }
  return c;
}

type Totals = Coverage & { widths: number[]; trialsWidths: number[]; learnedWidths: number[]; learnedSds: number[]; seconds: number[]; valid: number; points: number; flagged: number; others: number[]; validSeconds: number[]; validLoads: number[] };

const COLUMNS: [string, number][] = [['mode', -7], ['point', -36], ['runs', 4], ['cov rep', 7], ['cov tri', 7], ['learned rep/tri', 16], ['repeat', 6], ['spread', 7], ['width rep', 9], ['width tri', 9], ['trials', 6], ['s/point', 7], ['valid', 6]];
const row = (cells: string[]): string => cells.map((c, i) => { const w = (COLUMNS[i] as [string, number])[1]; return w < 0 ? c.padEnd(-w) : c.padStart(w); }).join(' ');

/** Prints the table and the per-mode lines; returns nothing, the figures are the output. */
export function printRepeatability(byPoint: ReadonlyMap<string, Repeat[]>): void {
  process.stdout.write(`${row(COLUMNS.map(([h]) => h))}\n`);
  const totals = new Map<string, Totals>();
  for (const [key, reps] of byPoint) {
    const [mode, point] = key.split('\t') as [string, string];
    const t = totals.get(mode) ?? { pairs: 0, covered: 0, repeat: 0, trialsCovered: 0, learnedPairs: 0, learnedCovered: 0, learnedTrialsCovered: 0, widths: [], trialsWidths: [], learnedWidths: [], learnedSds: [], seconds: [], valid: 0, points: 0, flagged: 0, others: [], validSeconds: [], validLoads: [] };
    totals.set(mode, t);
    const c = coverage(reps);
    for (const k of ['pairs', 'covered', 'repeat', 'trialsCovered', 'learnedPairs', 'learnedCovered', 'learnedTrialsCovered'] as const) t[k] += c[k];
    const means = reps.map((x) => x.mean);
    const widths = reps.map((x) => x.half / x.mean);
    const trialsWidths = reps.map((x) => x.trialsHalf / x.mean);
    t.widths.push(...widths);
    t.trialsWidths.push(...trialsWidths);
    t.learnedWidths.push(...reps.filter((x) => x.learned).map((x) => x.half / x.mean));
    t.learnedSds.push(...reps.flatMap((x) => (x.learnedSd === null ? [] : [x.learnedSd])));
    t.seconds.push(...reps.map((x) => x.pointS));
    t.valid += reps.filter((x) => x.valid).length;
    t.validSeconds.push(...reps.filter((x) => x.valid).map((x) => x.pointS));
    t.validLoads.push(...reps.flatMap((x) => (x.valid && x.load !== null ? [x.load] : [])));
    t.flagged += reps.filter((x) => x.flagged).length;
    t.others.push(...reps.flatMap((x) => (x.others === null ? [] : [x.others])));
    t.points += reps.length;
    const learned = c.learnedPairs > 0 ? `${pct(c.learnedCovered / c.learnedPairs, 0)}/${pct(c.learnedTrialsCovered / c.learnedPairs, 0)} (${c.learnedPairs})` : '—';
    process.stdout.write(
      `${row([mode, point, String(reps.length), pct(c.covered / c.pairs, 0), pct(c.trialsCovered / c.pairs, 0), learned, pct(c.repeat / c.pairs, 0), pct((Math.max(...means) - Math.min(...means)) / median(means)), `±${pct(median(widths))}`, `±${pct(median(trialsWidths))}`, median(reps.map((x) => x.trials)).toFixed(0), median(reps.map((x) => x.pointS)).toFixed(1), `${reps.filter((x) => x.valid).length}/${reps.length}`])}\n`,
    );
  }
  process.stdout.write('\n');
  for (const [mode, t] of totals) {
    const learned = t.learnedPairs > 0 ? `${pct(t.learnedCovered / t.learnedPairs, 0)} as reported vs ${pct(t.learnedTrialsCovered / t.learnedPairs, 0)} trials-only over the ${t.learnedPairs} pairs whose A had a run-to-run part (median width there ±${pct(median(t.learnedWidths))}; learned run-to-run sd median ${pct(median(t.learnedSds))}, range ${pct(Math.min(...t.learnedSds))}–${pct(Math.max(...t.learnedSds))})` : 'no pair had a run-to-run part';
    const valid = t.validSeconds.length > 0 ? `median ${median(t.validSeconds).toFixed(1)} s per valid point (load ${median(t.validLoads).toFixed(2)} on ${os.cpus().length} CPUs)` : 'no valid point';
    process.stdout.write(
      `All points, ${mode}: coverage ${pct(t.covered / t.pairs, 0)} as reported, ${pct(t.trialsCovered / t.pairs, 0)} trials-only (goal ≥ 90%); ${learned}; of the repeat interval ${pct(t.repeat / t.pairs, 0)}; ` +
        `median interval ±${pct(median(t.widths))} as reported, ±${pct(median(t.trialsWidths))} trials-only; median ${median(t.seconds).toFixed(1)} s of wall time per point; ${t.valid}/${t.points} valid (${valid}); ` +
        `${t.flagged} flagged for interference; other processes took ${t.others.length > 0 ? pct(median(t.others), 0) : 'n/a'} of the CPUs (median over points).\n`,
    );
  }
}
