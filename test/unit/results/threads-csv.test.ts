// A point's intra-op threads: counted or requested (threads_source), in the CSV and back, in the tables' words,
// and CSVs written before threads were counted still import.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { runRecordSchema, type PointResult } from '../../../electron/contract/run';
import { threadsText } from '../../../electron/contract/threads-text';
import { csvToRunRecord } from '../../../electron/engine/results/run-csv-import';
import { runToCsv } from '../../../electron/engine/results/run-csv';
import { sampleRun } from '../../fixtures/sample-run';

function withThreads(threads: Array<[number | null, number | null, 'counted' | 'requested' | null]>) {
  const run = sampleRun(threads.map((_t, i) => i + 1));
  const points = run.points.map((p, i): PointResult => {
    const [asked, used, source] = threads[i] ?? [null, null, null];
    return p.verdict === 'failed' ? p : { ...p, threads: asked, threadsUsed: used, threadsSource: source };
  });
  return runRecordSchema.parse({ ...run, points });
}

function rows(csv: string): Array<Record<string, string>> {
  const [header, ...body] = parse(csv) as string[][];
  return body.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ''])));
}

test('counted and requested thread counts are CSV columns that import back', () => {
  const record = withThreads([[null, 1, 'counted'], [2, 2, 'requested'], [null, null, null]]);
  const csv = runToCsv(record);
  assert.deepEqual(rows(csv).map((r) => [r['threads_requested'], r['threads_used'], r['threads_source']]), [['default', '1', 'counted'], ['2', '2', 'requested'], ['default', '', '']]);
  const back = csvToRunRecord('run.csv', csv).points.map((p) => (p.verdict === 'failed' ? null : [p.threads, p.threadsUsed, p.threadsSource]));
  assert.deepEqual(back, [[null, 1, 'counted'], [2, 2, 'requested'], [null, null, undefined]]);
});

test('a CSV from before threads were counted imports with its threads_used as the requested count', () => {
  const csv = runToCsv(withThreads([[2, 2, 'requested']]));
  const [header, ...body] = parse(csv) as string[][];
  const drop = (header ?? []).indexOf('threads_source');
  const old = stringify([header, ...body].map((r) => (r ?? []).filter((_c, i) => i !== drop)));
  const point = csvToRunRecord('old.csv', old).points[0];
  assert.ok(point && point.verdict !== 'failed');
  assert.equal(point.threadsUsed, 2);
  assert.equal(point.threadsSource, undefined, 'as in a JSON record of then');
  assert.equal(threadsText(point), '2');
});

test('a threads_source that is neither counted nor requested is refused with the file, row and column', () => {
  const csv = runToCsv(withThreads([[2, 2, 'counted']])).replace(',counted,', ',guessed,');
  assert.throws(() => csvToRunRecord('bad.csv', csv), /bad\.csv: row 2, column threads_source: 'guessed' is not one of counted, requested/);
});

test('the tables show the count asked for, and the counted one where it says more', () => {
  assert.equal(threadsText({ threads: 2, threadsUsed: 2, threadsSource: 'counted' }), '2');
  assert.equal(threadsText({ threads: null, threadsUsed: 1, threadsSource: 'counted' }), 'default (ran 1)');
  assert.equal(threadsText({ threads: 4, threadsUsed: 1, threadsSource: 'counted' }), '4 (ran 1)');
  assert.equal(threadsText({ threads: null, threadsUsed: null, threadsSource: null }), 'default');
  assert.equal(threadsText({ threads: 4, threadsUsed: 4, threadsSource: 'requested' }), '4');
  assert.equal(threadsText({ threads: null }), 'default', 'a failed point or an older record');
});
