import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { runRecordSchema } from '../../../electron/contract/run';
import { EngineError } from '../../../electron/engine/errors';
import { RUN_CSV_COLUMNS, runToCsv } from '../../../electron/engine/results/run-csv';
import { RunFiles, readRunFile } from '../../../electron/engine/results/run-files';
import { RunRecordBuilder } from '../../../electron/engine/results/run-record';
import { sampleEvents, sampleRun } from '../../fixtures/sample-run';

test('CSV has one row per point, units in headers, and the numbers of the record', () => {
  const run = sampleRun([1, 2, 4]);
  const rows = parse(runToCsv(run), { columns: true }) as Record<string, string>[];
  assert.equal(rows.length, run.points.length);
  assert.deepEqual(Object.keys(rows[0]!), RUN_CSV_COLUMNS.map((c) => c.header));
  run.points.forEach((point, i) => {
    assert.ok(point.verdict !== 'failed');
    assert.equal(Number(rows[i]!['batch']), point.batch);
    assert.equal(Number(rows[i]!['mean_ms']), point.stats.meanMs);
    assert.equal(Number(rows[i]!['throughput_samples_per_s']), point.stats.throughput);
  });
});

test('CSV cells a spreadsheet would execute are neutralised', () => {
  const rows = parse(runToCsv(sampleRun([1])), { columns: true }) as Record<string, string>[];
  assert.equal(rows[0]!['hostname'], "'=evil()");
});

test('the record is valid against its schema and keeps points in plan order', () => {
  const builder = new RunRecordBuilder();
  const events = sampleEvents('r', [1, 2, 4]);
  // deliver the finished points out of order
  const [started, ...rest] = events;
  builder.apply(started!);
  for (const e of rest.reverse()) builder.apply(e);
  const record = runRecordSchema.parse(builder.snapshot());
  assert.deepEqual(record.points.map((p) => p.batch), [1, 2, 4]);
});

test('an event log cut off mid-run replays as an interrupted run with every finished point', () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const files = RunFiles.create(dir, 'cut');
  const events = sampleEvents('cut', [1, 2, 4]).slice(0, 5); // run-started + two points + the third's start
  for (const e of events) files.append(e);
  appendFileSync(files.paths.jsonl, '{"type":"point-fin'); // the line being written when the process died
  const record = readRunFile(files.paths.jsonl);
  assert.equal(record.status, 'interrupted');
  assert.deepEqual(record.points.map((p) => p.batch), [1, 2]);
});

test('snapshots round-trip through JSON and reading a non-run file names the file and the problem', () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const files = RunFiles.create(dir, 'snap');
  const run = sampleRun([1, 2]);
  files.writeSnapshot(run);
  assert.deepEqual(readRunFile(files.paths.json), run);
  assert.equal(readFileSync(files.paths.csv, 'utf8').trim().split('\n').length, 3);
  const bogus = join(dir, 'bogus.json');
  writeFileSync(bogus, '{"kind":"something-else"}');
  assert.throws(() => readRunFile(bogus), (e: unknown) => e instanceof EngineError && e.message.startsWith(`${bogus}: not an infermeter run record (`));
});
