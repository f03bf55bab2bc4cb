import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { RunRecord } from '../../../electron/contract/run';
import { EngineError } from '../../../electron/engine/errors';
import { runToCsv } from '../../../electron/engine/results/run-csv';
import { historyDir, RunHistory, summarizeRun } from '../../../electron/engine/results/run-history';
import { sampleRun } from '../../fixtures/sample-run';

const tempDir = () => mkdtempSync(join(tmpdir(), 'infermeter-history-'));

test('the history the app and the CLI share is <data dir>/runs', () => {
  assert.equal(historyDir({ INFERMETER_DATA_DIR: '/data/im' }), join('/data/im', 'runs'));
});

test('best throughput ranks valid points only: an unstable faster point is not the run\'s best', () => {
  const run = sampleRun([1, 2, 4]);
  const valid = run.points.flatMap((p) => (p.verdict === 'valid' ? [p.stats.throughput] : []));
  const last = run.points[run.points.length - 1];
  assert.ok(last && last.verdict !== 'failed');
  const faster: RunRecord = { ...run, points: [...run.points.slice(0, -1), { ...last, verdict: 'unstable', stats: { ...last.stats, throughput: 1e9 } }] };
  assert.equal(summarizeRun(faster, 'local').bestThroughput, Math.max(...valid.slice(0, -1)));
  const none: RunRecord = { ...run, points: run.points.map((p) => (p.verdict === 'failed' ? p : { ...p, verdict: 'unstable' as const })) };
  assert.equal(summarizeRun(none, 'local').bestThroughput, null);
});

test('importing the same file twice is refused with the run it already is; a different run imports', () => {
  const history = new RunHistory(tempDir());
  const run = sampleRun([1, 2]);
  const first = history.importRun('a.csv', runToCsv(run));
  assert.throws(
    () => history.importRun('a copy.csv', runToCsv(run)),
    (e: unknown) => e instanceof EngineError && e.code === 'bad-input' && e.message.startsWith(`a copy.csv: already in the history as run ${first.id} (the same run: started `) && e.message.endsWith(', 2 points); open that one instead of a second copy'),
  );
  const other = sampleRun([1, 4]);
  assert.notEqual(history.importRun('b.json', JSON.stringify({ ...other, id: 'other-run' })).id, first.id);
  assert.equal(history.listRuns().length, 2);
});

test('a run written to another --out folder is kept in the history once', () => {
  const history = new RunHistory(tempDir());
  const run = sampleRun([1]);
  const copy = history.keepCopy(run);
  assert.ok(copy && existsSync(copy));
  assert.equal(history.keepCopy(run), null, 'already there');
  assert.deepEqual(history.listRuns().map((r) => [r.id, r.origin]), [[run.id, 'local']]);
});

test('tags and a note are kept beside the run and listed with it; empty ones clear them', () => {
  const history = new RunHistory(tempDir());
  const run = sampleRun([1]);
  history.keepCopy(run);
  const summary = history.annotate(run.id, [' baseline ', 'cli', 'baseline', ''], '  first run  ');
  assert.deepEqual([summary.tags, summary.note], [['baseline', 'cli'], 'first run']);
  assert.deepEqual(history.listRuns().map((r) => [r.id, r.tags, r.note]), [[run.id, ['baseline', 'cli'], 'first run']], 'listed with its notes, and the notes file is not a run');
  assert.ok(existsSync(join(history.dir, `${run.id}.notes.json`)));
  history.annotate(run.id, [], '');
  assert.ok(!existsSync(join(history.dir, `${run.id}.notes.json`)));
  assert.throws(() => history.annotate('no-such-run', ['x'], ''), /run no-such-run: not in the history/);
});
