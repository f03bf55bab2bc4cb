// The run CSV's columns for a point's independent trials and its speed-up over a baseline (run schema 3), and
// their import: a CSV exported, imported and exported again is the same file.
import type { Comparison, LatencyStats, PointResult } from '../../contract/run';
import { comparisonAxisSchema, precisionSchema } from '../../contract/run';
import type { CsvRow } from './csv-cells';

type Cell = string | number | null;
type Measured = Extract<PointResult, { verdict: 'valid' | 'unstable' }>;

const list = (values: readonly number[]): string => values.join(' ');

function measured<T>(point: PointResult, pick: (p: Measured) => T): T | null {
  return point.verdict === 'failed' ? null : pick(point);
}

const comparison = <T>(p: PointResult, pick: (c: Comparison) => T): T | null => measured(p, (m) => (m.comparison ? pick(m.comparison) : null));

type RunToRun = NonNullable<LatencyStats['trials']>['runToRun'];
const runToRun = <T>(p: PointResult, pick: (r: RunToRun) => T): T | null =>
  measured(p, (m) => (m.stats.trials?.runToRun === undefined ? null : pick(m.stats.trials.runToRun)));

/** A row's run-to-run part: absent when the columns are empty, null when no repeats were logged yet. */
function runToRunFromCsv(row: CsvRow): { runToRun?: RunToRun } {
  const repeats = row.optionalInt('run_to_run_repeats');
  if (repeats === null) return {};
  if (repeats === 0) return { runToRun: null };
  return {
    runToRun: {
      sdRelative: row.number('run_to_run_sd_relative'),
      degreesOfFreedom: row.int('run_to_run_df'),
      repeats,
      points: row.int('run_to_run_points'),
      trialsCiRelative: row.number('trials_only_ci95_relative'),
    },
  };
}

export const TRIALS_CSV_COLUMNS: readonly { header: string; value: (point: PointResult) => Cell }[] = [
  { header: 'trials', value: (p) => measured(p, (m) => m.stats.trials?.meansMs.length ?? null) },
  { header: 'trial_means_ms', value: (p) => measured(p, (m) => (m.stats.trials ? list(m.stats.trials.meansMs) : null)) },
  { header: 'trial_window_ci95_relative', value: (p) => measured(p, (m) => (m.stats.trials ? list(m.stats.trials.windowCiRelative) : null)) },
  { header: 'trial_isolation', value: (p) => measured(p, (m) => m.stats.trials?.isolation ?? null) },
  { header: 'trials_remeasured', value: (p) => measured(p, (m) => m.stats.trials?.remeasured ?? null) },
  // The machine's run-to-run part of the interval: repeats 0 when the repeat log had none yet, all empty when not used.
  { header: 'run_to_run_sd_relative', value: (p) => runToRun(p, (r) => r?.sdRelative ?? null) },
  { header: 'run_to_run_df', value: (p) => runToRun(p, (r) => r?.degreesOfFreedom ?? null) },
  { header: 'run_to_run_repeats', value: (p) => runToRun(p, (r) => r?.repeats ?? 0) },
  { header: 'run_to_run_points', value: (p) => runToRun(p, (r) => r?.points ?? null) },
  { header: 'trials_only_ci95_relative', value: (p) => runToRun(p, (r) => r?.trialsCiRelative ?? null) },
  { header: 'speedup_baseline_point', value: (p) => comparison(p, (c) => c.baselineIndex) },
  { header: 'speedup_baseline_precision', value: (p) => comparison(p, (c) => c.baselinePrecision) },
  { header: 'speedup_axis', value: (p) => comparison(p, (c) => c.axis ?? 'precision') },
  { header: 'speedup', value: (p) => comparison(p, (c) => c.speedup) },
  { header: 'speedup_ci95_low', value: (p) => comparison(p, (c) => c.low) },
  { header: 'speedup_ci95_high', value: (p) => comparison(p, (c) => c.high) },
  { header: 'speedup_pairs', value: (p) => comparison(p, (c) => c.pairs) },
];

/** The trials of a measured point's row (absent in CSVs before run schema 3). */
export function trialsFromCsv(row: CsvRow): { trials?: NonNullable<LatencyStats['trials']> } {
  if (row.text('trial_means_ms') === '') return {};
  return {
    trials: {
      meansMs: row.numbers('trial_means_ms'),
      windowCiRelative: row.numbers('trial_window_ci95_relative'),
      // CSVs before the column was added had session trials only.
      isolation: row.text('trial_isolation') === '' ? 'session' : row.oneOf('trial_isolation', ['session', 'process'] as const),
      remeasured: row.optionalInt('trials_remeasured') ?? 0,
      ...runToRunFromCsv(row),
    },
  };
}

/** The speed-up of a measured point's row, if it has one. */
export function comparisonFromCsv(row: CsvRow): { comparison?: Comparison } {
  if (row.text('speedup') === '') return {};
  return {
    comparison: {
      baselineIndex: row.int('speedup_baseline_point'),
      baselinePrecision: row.oneOf('speedup_baseline_precision', precisionSchema.options),
      // CSVs before the column compared precisions only.
      axis: row.text('speedup_axis') === '' ? 'precision' : row.oneOf('speedup_axis', comparisonAxisSchema.options),
      speedup: row.number('speedup'),
      low: row.optionalNumber('speedup_ci95_low'),
      high: row.optionalNumber('speedup_ci95_high'),
      pairs: row.int('speedup_pairs'),
    },
  };
}
