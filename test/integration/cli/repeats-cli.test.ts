// bench --repeats: the plan run n times in one command on a machine with no earlier repeats (a fresh repeat log):
// every run is kept, the first finds no run-to-run drift, the last one printed carries the drift the first showed.
// Bad values are one-line errors before anything runs. Asserts structure, never a timing figure.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runRecordSchema, type MeasuredPoint, type RunRecord } from '../../../electron/contract/run';
import { QUICK, runCli } from './run-cli';

const measured = (record: RunRecord) => record.points.filter((p): p is MeasuredPoint & { verdict: 'valid' | 'unstable' } => p.verdict !== 'failed');

test('bench --repeats 2 on a fresh repeat log: two runs kept, the printed last one carries the first run\'s drift', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'infermeter-repeats-'));
  const out = join(dataDir, 'out');
  const { code, stdout, stderr } = await runCli(
    ['bench', 'builtin:mlp:tiny', '--batch', '1', '--ep', 'cpu', '--trials', '2', '--max-trials', '2', '--no-ort-profile', '--repeats', '2', '--out', out, '--json', ...QUICK],
    { INFERMETER_DATA_DIR: dataDir },
  );
  assert.ok(code === 0 || code === 3, `exit ${code}: ${stderr}`);
  assert.match(stderr, /run 1 of 2 \(--repeats\), 1 points: results in /);
  assert.match(stderr, /run 2 of 2 \(--repeats\); the 1 before it are in the history and taught the repeat log/);
  const files = readdirSync(out).filter((f) => f.endsWith('.json')).sort();
  assert.equal(files.length, 2, `both runs kept: ${files.join(', ')}`);
  const runs = files.map((f) => runRecordSchema.parse(JSON.parse(readFileSync(join(out, f), 'utf8'))));
  const printed = runRecordSchema.parse(JSON.parse(stdout));
  const [first, last] = [...runs].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  assert.ok(first && last);
  assert.equal(printed.id, last.id, 'the last run is the one printed');
  assert.equal(measured(first)[0]?.stats.trials?.runToRun, null, 'the first run: no earlier repeats');
  const r = measured(last)[0]?.stats.trials?.runToRun;
  assert.ok(r, 'the last run carries a run-to-run part');
  assert.deepEqual([r.repeats, r.points, r.degreesOfFreedom], [2, 1, 1]);
  assert.equal(readFileSync(join(dataDir, 'repeat-log.jsonl'), 'utf8').trim().split('\n').length, 2, 'each run logged its point');
});

test('bench --repeats: bad values and --no-repeat-log are one-line errors naming the flag', async () => {
  for (const [args, message] of [
    [['--repeats', '0'], /--repeats 0: expected a positive number/],
    [['--repeats', '1.5'], /--repeats 1\.5: must be a whole number of runs, 1 or more/],
    [['--repeats', '2', '--no-repeat-log'], /--repeats 2 with --no-repeat-log: /],
    [['--repeats', '2', '--repeat-gap-s', '-1'], /--repeat-gap-s -1: must be a number of seconds, 0 or more/],
  ] as const) {
    const { code, stderr } = await runCli(['bench', 'builtin:mlp:tiny', '--batch', '1', ...args, ...QUICK]);
    assert.equal(code, 2, `${args.join(' ')}: ${stderr}`);
    assert.match(stderr, message);
    assert.equal(stderr.trim().split('\n').length, 1, `one line: ${stderr}`);
  }
});
