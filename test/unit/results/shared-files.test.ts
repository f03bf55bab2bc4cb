import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { RUN_SCHEMA_VERSION, type RunRecord } from '../../../electron/contract/run';
import { EngineError } from '../../../electron/engine/errors';
import { neutralizeFormula, runToCsv } from '../../../electron/engine/results/run-csv';
import { csvToRunRecord } from '../../../electron/engine/results/run-csv-import';
import { IMPORT_LIMIT_BYTES, RunHistory } from '../../../electron/engine/results/run-history';
import { sampleRun } from '../../fixtures/sample-run';

// Files users share: what a spreadsheet would execute is neutralised on export, and an import says exactly
// why it refuses a file (schema, version, size, first bad row and field).

const DANGEROUS = ['=HYPERLINK("http://evil.example","x")', '+1+cmd|" /C calc"!A0', '-2+3', '@SUM(A1:A9)', '\t=1+1', '\r=1+1'];

function withHostname(hostname: string): RunRecord {
  const run = sampleRun([1]);
  return { ...run, hardware: { ...run.hardware, os: { ...run.hardware.os, hostname } } };
}

test('CSV export quotes text cells starting with = + - @ tab or CR, and import gives the text back', () => {
  for (const text of DANGEROUS) {
    const csv = runToCsv(withHostname(text));
    const cell = (parse(csv, { columns: true }) as Record<string, string>[])[0]!['hostname']!;
    assert.equal(cell, `'${text}`, JSON.stringify(text));
    assert.equal(csvToRunRecord('x.csv', csv).hardware.os.hostname, text, JSON.stringify(text));
  }
  for (const safe of ['host-1', 'a=b', ' =x', '']) assert.equal(neutralizeFormula(safe), safe);
  assert.equal(neutralizeFormula(-2), -2, 'numbers are numbers, not formulas');
});

test('a CSV carries its schema version, and one from a newer infermeter is refused by name', () => {
  const csv = runToCsv(sampleRun([1, 2]));
  const rows = parse(csv, { columns: true }) as Record<string, string>[];
  assert.ok(rows.every((r) => r['schema_version'] === String(RUN_SCHEMA_VERSION)));
  const newer = csv.replace(new RegExp(`,${RUN_SCHEMA_VERSION}\\r?\\n`, 'g'), (m) => m.replace(String(RUN_SCHEMA_VERSION), String(RUN_SCHEMA_VERSION + 1)));
  assert.throws(() => csvToRunRecord('future.csv', newer), (e) => e instanceof EngineError && e.code === 'bad-input' && e.message === `future.csv: written by a newer infermeter (run schema ${RUN_SCHEMA_VERSION + 1}; this one reads ${RUN_SCHEMA_VERSION}): update infermeter to import it`);
  const garbled = csv.replace(new RegExp(`,${RUN_SCHEMA_VERSION}\\r?\\n`), ',v2\n');
  assert.throws(() => csvToRunRecord('g.csv', garbled), /g\.csv: row 2, column schema_version: 'v2' is not a whole number/);
  // Written before the column existed: read as version 1.
  const header = csv.split('\n')[0]!.split(',');
  const legacy = csv.split('\n').map((line) => line.split(',').slice(0, header.length - 1).join(',')).join('\n');
  assert.equal(csvToRunRecord('old.csv', legacy).points.length, 2);
});

test('imports refuse, naming the file: a newer JSON version, a wrong schema, oversize, the first bad row and field', () => {
  const history = new RunHistory(mkdtempSync(join(tmpdir(), 'infermeter-')));
  const run = sampleRun([1, 2, 4]);
  assert.throws(() => history.importRun('v9.json', JSON.stringify({ ...run, schemaVersion: 9 })), new RegExp(`v9\\.json: written by a newer infermeter \\(run schema 9; this one reads ${RUN_SCHEMA_VERSION}\\): update infermeter`));
  assert.throws(() => history.importRun('kind.json', JSON.stringify({ ...run, kind: 'other' })), /kind\.json: not an infermeter run record/);
  assert.throws(() => history.importRun('status.json', JSON.stringify({ ...run, status: 'exploded' })), /status\.json: not a valid infermeter run record \(status: /);
  const badPoint = { ...run, points: run.points.map((p, i) => (i === 1 ? { ...p, batch: 'two' } : p)) };
  assert.throws(() => history.importRun('point.json', JSON.stringify(badPoint)), /point\.json: not a valid infermeter run record \(points\.1\.batch: /);
  assert.throws(() => history.importRun('huge.json', `{"kind":"infermeter-run","pad":"${'x'.repeat(IMPORT_LIMIT_BYTES)}"}`), /huge\.json: 50 MB is over the 50 MB import limit/);
  // CSV: the first bad row and field, though later rows are bad too.
  const csv = runToCsv(run).split('\n');
  const header = csv[0]!.split(',');
  const bad = csv.map((line, i) => {
    if (i < 2 || line === '') return line;
    const cells = line.split(',');
    cells[header.indexOf('p99_ms')] = 'fast';
    return cells.join(',');
  });
  assert.throws(() => history.importRun('rows.csv', bad.join('\n')), (e) => e instanceof EngineError && e.message.startsWith("rows.csv: row 3, column p99_ms: 'fast' is not a number"));
  assert.deepEqual(history.listRuns(), [], 'nothing refused was added to the history');
});
