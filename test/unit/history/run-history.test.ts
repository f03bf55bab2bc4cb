import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { EngineEvent } from '../../../electron/contract/events';
import { RUN_SCHEMA_VERSION, runRecordSchema, type RunRecord } from '../../../electron/contract/run';
import { EngineError } from '../../../electron/engine/errors';
import { runToCsv } from '../../../electron/engine/results/run-csv';
import { csvToRunRecord } from '../../../electron/engine/results/run-csv-import';
import { RunFiles } from '../../../electron/engine/results/run-files';
import { dataDir, IMPORT_LIMIT_BYTES, RunHistory } from '../../../electron/engine/results/run-history';
import { applyAll } from '../../../electron/engine/results/run-record';
import { sampleEvents, sampleRun } from '../../fixtures/sample-run';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'infermeter-'));
}

/** A run with a measured FP32 point, an FP16 point with its conversion, and a failed point. */
function mixedRun(): RunRecord {
  const events = sampleEvents('mixed-1', [1, 2, 4]).filter((e) => e.type !== 'run-finished');
  const started = events[0] as Extract<EngineEvent, { type: 'run-started' }>;
  started.variants.push({
    precision: 'fp16',
    conversion: {
      target: 'fp16', converterVersion: 1, int8: null, sourcePath: '/m.onnx', sourceSha256: 'aa', outputPath: '/m.fp16.onnx', sourceBytes: 1000, outputBytes: 520,
      nodesTotal: 2, nodesConverted: 2, keptFp32: [], warnings: [], skipped: null, convertMs: 3,
      accuracy: { samples: 8, inputs: 'random', outputs: [], maxAbsError: 0.001, relativeL2: 0.0004, cosine: 0.99999, top1Agreement: 1 },
    },
    error: null,
  });
  const finished = events.find((e) => e.type === 'point-finished' && e.point.index === 1) as Extract<EngineEvent, { type: 'point-finished' }>;
  finished.point = { ...finished.point, precision: 'fp16', warnings: ['noisy', '=x'] };
  const failedIndex = events.findIndex((e) => e.type === 'point-finished' && e.point.index === 2);
  events[failedIndex] = {
    type: 'point-failed', runId: 'mixed-1',
    point: { index: 2, provider: 'cpu', precision: 'fp32', batch: 4, threads: 2, verdict: 'failed', criterion: 'allocation refused', warnings: [], inputShapes: { x: [4, 64] }, startedAt: '2026-11-22T00:00:03.000Z', failure: 'oom', error: { code: 'internal', message: 'Failed to allocate memory, size 1,2' } },
  };
  events.push({ type: 'run-cancelled', runId: 'mixed-1', finishedAt: '2026-11-22T00:00:05.000Z' });
  return applyAll(events);
}

test('dataDir: INFERMETER_DATA_DIR, then the platform convention', () => {
  assert.equal(dataDir({ INFERMETER_DATA_DIR: '/data/im' }, 'linux', '/home/u'), '/data/im');
  assert.equal(dataDir({}, 'linux', '/home/u'), '/home/u/.local/share/infermeter');
  assert.equal(dataDir({ XDG_DATA_HOME: '/xdg' }, 'linux', '/home/u'), '/xdg/infermeter');
  assert.equal(dataDir({ XDG_DATA_HOME: 'relative' }, 'linux', '/home/u'), '/home/u/.local/share/infermeter');
  assert.equal(dataDir({}, 'darwin', '/Users/u'), '/Users/u/Library/Application Support/infermeter');
  assert.equal(dataDir({ APPDATA: 'C:\\Users\\u\\AppData\\Roaming' }, 'win32', 'C:\\Users\\u'), 'C:\\Users\\u\\AppData\\Roaming\\infermeter');
});

test('CSV import gives back a valid record whose CSV is the same CSV', () => {
  const run = mixedRun();
  const csv = runToCsv(run);
  const imported = csvToRunRecord('mixed.csv', csv);
  assert.ok(runRecordSchema.safeParse(imported).success);
  assert.equal(runToCsv(imported), csv);
  assert.equal(imported.status, 'cancelled');
  assert.deepEqual(imported.points.map((p) => p.verdict), ['valid', 'valid', 'failed']);
  const p = imported.points[0]!;
  assert.ok(p.verdict !== 'failed' && run.points[0]!.verdict !== 'failed');
  assert.deepEqual(p.samplesMs, []);
  assert.equal(p.stats.p99Ms, run.points[0]!.stats.p99Ms);
  assert.equal(imported.hardware.cpu.model, run.hardware.cpu.model);
  assert.equal(imported.hardware.os.hostname, '=evil()');
  assert.deepEqual(imported.points[1]!.warnings, ['noisy', '=x']);
  assert.equal(imported.variants.find((v) => v.precision === 'fp16')?.conversion?.accuracy?.cosine, 0.99999);
});

test('CSV import errors name the file, the row and the column', () => {
  const csv = runToCsv(sampleRun([1, 2]));
  const lines = csv.split('\n');
  const header = lines[0]!.split(',');
  const batchCol = header.indexOf('batch');
  const cells = lines[2]!.split(',');
  cells[batchCol] = 'two';
  const bad = [lines[0], lines[1], cells.join(','), ''].join('\n');
  assert.throws(() => csvToRunRecord('x.csv', bad), (e: unknown) => e instanceof EngineError && e.code === 'bad-input' && e.message === "x.csv: row 3, column batch: 'two' is not a whole number; import a CSV written by infermeter (bench --out or Export CSV)");
  assert.throws(() => csvToRunRecord('y.csv', 'a,b\n1,2\n'), /y\.csv: not an infermeter run CSV \(no run_id, run_status, model, point, provider, precision, batch, verdict columns/);
  assert.throws(() => csvToRunRecord('z.csv', lines[0]!), /z\.csv: no rows/);
  const twoRuns = [lines[0], lines[1], lines[2]!.replace('run-1', 'run-2'), ''].join('\n');
  assert.throws(() => csvToRunRecord('w.csv', twoRuns), /w\.csv: row 3 is from run run-2, row 2 from run run-1/);
});

test('history lists snapshots, replays logs without one (interrupted), and imports', () => {
  const dir = tempDir();
  const history = new RunHistory(dir);
  assert.deepEqual(history.listRuns(), []);
  const complete = RunFiles.create(dir, 'run-1');
  for (const e of sampleEvents('run-1', [1, 2])) complete.append(e);
  complete.writeSnapshot(sampleRun([1, 2]));
  // A run whose process died after two points, before any snapshot: only its log is there.
  const partial = RunFiles.create(dir, 'run-2');
  for (const e of sampleEvents('run-2', [1, 2, 4]).slice(0, 5)) partial.append(e);
  const runs = history.listRuns();
  assert.deepEqual(runs.map((r) => [r.id, r.status, r.points, r.origin]).sort(), [['run-1', 'complete', 2, 'local'], ['run-2', 'interrupted', 2, 'local']]);
  const one = runs.find((r) => r.id === 'run-1')!;
  assert.equal(one.model, 'mlp.onnx');
  assert.equal(one.machine, 'Test CPU');
  const record = sampleRun([1, 2]);
  const throughputs = record.points.map((p) => (p.verdict === 'failed' ? 0 : p.stats.throughput));
  assert.equal(one.bestThroughput, Math.max(...throughputs));
  assert.equal(history.getRun('run-2').points.length, 2);

  const fromJson = history.importRun('run-1.json', JSON.stringify(record));
  assert.equal(fromJson.origin, 'imported');
  assert.notEqual(fromJson.id, 'run-1'); // the history has run-1 already: the import gets an id of its own
  const fromCsv = history.importRun('other.csv', runToCsv(mixedRun()));
  assert.equal(fromCsv.id, 'mixed-1');
  assert.deepEqual(readdirSync(join(dir, 'imported')).sort(), [`${fromJson.id}.json`, 'mixed-1.json'].sort());
  const listed = history.listRuns();
  assert.equal(listed.length, 4);
  assert.deepEqual(listed.filter((r) => r.origin === 'imported').map((r) => r.id).sort(), [fromJson.id, 'mixed-1'].sort());
  assert.equal(history.getRun('mixed-1').points.length, 3);
});

test('a record still marked running is listed as running only while its run is active', () => {
  const dir = tempDir();
  const files = RunFiles.create(dir, 'run-3');
  const events = sampleEvents('run-3', [1, 2]).slice(0, 3);
  for (const e of events) files.append(e);
  files.writeSnapshot(applyAll(events));
  const history = new RunHistory(dir);
  assert.equal(history.listRuns(new Set(['run-3']))[0]?.status, 'running');
  assert.equal(history.listRuns()[0]?.status, 'interrupted');
});

test('imports refuse bad input with the file named', () => {
  const history = new RunHistory(tempDir());
  const newer = { ...sampleRun([1]), schemaVersion: RUN_SCHEMA_VERSION + 1 };
  assert.throws(() => history.importRun('new.json', JSON.stringify(newer)), new RegExp(`new\\.json: written by a newer infermeter \\(run schema ${RUN_SCHEMA_VERSION + 1}; this one reads ${RUN_SCHEMA_VERSION}\\): update infermeter`));
  // A record of run schema 1 (per-iteration intervals, before windows) is still read.
  const older = new RunHistory(tempDir());
  const v1 = older.importRun('v1.json', JSON.stringify({ ...sampleRun([1]), id: 'v1-run', schemaVersion: 1 }));
  assert.equal(older.getRun(v1.id).schemaVersion, 1);
  assert.throws(() => history.importRun('a.json', '{"kind":"other"}'), /a\.json: not an infermeter run record/);
  assert.throws(() => history.importRun('b.json', '{"kind":'), /b\.json: not valid JSON/);
  const broken = { ...sampleRun([1]), points: [{ verdict: 'valid' }] };
  assert.throws(() => history.importRun('c.json', JSON.stringify(broken)), /c\.json: not a valid infermeter run record \(points\.0/);
  assert.throws(() => history.importRun('e.csv', '  \n'), /e\.csv: the file is empty/);
  assert.throws(() => history.importRun('big.csv', 'x'.repeat(IMPORT_LIMIT_BYTES + 1)), /big\.csv: 50 MB is over the 50 MB import limit/);
  assert.throws(() => history.getRun('../etc'), /run id '\.\.\/etc': not a run id/);
  assert.throws(() => history.getRun('nope'), /run nope: not in the history/);
  writeFileSync(join(history.dir, 'junk.json'), 'not json'); // a foreign file does not break the listing
  assert.deepEqual(history.listRuns(), []);
});
