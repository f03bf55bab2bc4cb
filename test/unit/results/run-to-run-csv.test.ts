// The run-to-run part of a point's interval in the CSV, and in words beside every table that shows the interval: a
// measured estimate, "none yet" (no earlier repeats) and not used (--no-repeat-log, older records) stay apart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { runRecordSchema, type PointResult } from '../../../electron/contract/run';
import { runToRunCell, runToRunSentence } from '../../../electron/contract/run-to-run-text';
import { formatResultsTable } from '../../../electron/cli/format/results-table';
import { csvToRunRecord } from '../../../electron/engine/results/run-csv-import';
import { runToCsv } from '../../../electron/engine/results/run-csv';
import { sampleRun } from '../../fixtures/sample-run';

const estimate = { sdRelative: 0.042, degreesOfFreedom: 9, repeats: 12, points: 3, trialsCiRelative: 0.031 };
const trials = { meansMs: [1, 1.1, 1.2], windowCiRelative: [0.01, 0.02, 0.01], isolation: 'process' as const, remeasured: 0 };

function withRunToRun(runToRun: typeof estimate | null | undefined) {
  const run = sampleRun([1, 2, 4]);
  const points = run.points.map((p, i): PointResult => {
    if (p.verdict === 'failed') return p;
    const t = i === 0 ? { ...trials, runToRun } : i === 1 ? { ...trials, runToRun: null } : trials;
    return { ...p, stats: { ...p.stats, trials: runToRun === undefined ? trials : t } };
  });
  return runRecordSchema.parse({ ...run, points });
}

test('CSV: the run-to-run columns export and import back, with null and absent kept apart', () => {
  const record = withRunToRun(estimate);
  const csv = runToCsv(record);
  const back = csvToRunRecord('run.csv', csv);
  const picked = back.points.map((p) => (p.verdict === 'failed' ? 'failed' : p.stats.trials?.runToRun));
  assert.deepEqual(picked, [estimate, null, undefined]);
  assert.equal(runToCsv(back), csv, 'exported, imported and exported again: the same CSV');
});

test('in words: the cell and the sentence under the table, for an estimate, none yet, and not used', () => {
  const record = withRunToRun(estimate);
  assert.deepEqual(record.points.map(runToRunCell), ['4.2%', 'none yet', '']);
  assert.match(runToRunSentence(record) ?? '', /^Run-to-run drift on this machine: sd 4\.2% between runs, from 12 runs of 3 points/);
  const table = formatResultsTable(record);
  assert.match(table, /run-to-run/);
  assert.match(table, /none yet/);
  const first = withRunToRun(null);
  assert.match(runToRunSentence(first) ?? '', /^Run-to-run drift on this machine: not yet measured — no earlier repeats/);
  const off = withRunToRun(undefined);
  assert.equal(runToRunSentence(off), null);
  assert.doesNotMatch(formatResultsTable(off), /run-to-run/, 'no column where no interval used the log');
});
