import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { runRecordSchema, type PointResult } from '../../../electron/contract/run';
import { csvToRunRecord } from '../../../electron/engine/results/run-csv-import';
import { runToCsv } from '../../../electron/engine/results/run-csv';
import { sampleRun } from '../../fixtures/sample-run';

function rows(csv: string): Array<Record<string, string>> {
  const [header, ...body] = parse(csv) as string[][];
  return body.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ''])));
}

test("the binding's cost per run (profiled pass: JS-timed mean less onnxruntime's own) is a CSV column that imports back", () => {
  const run = sampleRun([1, 2]);
  const profiled = run.points.map((p, i): PointResult => (i === 0 && p.verdict !== 'failed' ? { ...p, ortProfile: { runs: 20, ortMeanMs: 0.5, endToEndMeanMs: 0.625 } } : p));
  const record = runRecordSchema.parse({ ...run, points: profiled });
  const [first, second] = rows(runToCsv(record));
  assert.equal(first?.['ort_run_mean_ms'], '0.5');
  assert.equal(first?.['binding_ms_per_run'], '0.125');
  assert.equal(second?.['binding_ms_per_run'], '');
  const back = csvToRunRecord('run.csv', runToCsv(record)).points[0];
  assert.deepEqual(back?.verdict !== 'failed' ? back?.ortProfile : null, { runs: 0, ortMeanMs: 0.5, endToEndMeanMs: 0.625 });
});
