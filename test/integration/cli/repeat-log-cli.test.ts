// Two real runs of the same points with a repeat log of their own: the first finds no earlier repeats and says so,
// both log their points, the second carries the machine's run-to-run part in its record, its criterion, CSV and
// table; --no-repeat-log leaves it out and logs nothing. Asserts structure and arithmetic, never a timing figure.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runRecordSchema, type MeasuredPoint, type RunRecord } from '../../../electron/contract/run';
import { csvToRunRecord } from '../../../electron/engine/results/run-csv-import';
import { combinedInterval } from '../../../electron/engine/stats/run-to-run';
import { trialInterval } from '../../../electron/engine/stats/trial-interval';
import { QUICK, runCli } from './run-cli';

const dataDir = mkdtempSync(join(tmpdir(), 'infermeter-repeat-log-'));
const logFile = join(dataDir, 'repeat-log.jsonl');

async function bench(name: string, extra: string[] = []): Promise<{ record: RunRecord; csv: string; stdout: string }> {
  const out = join(dataDir, name);
  const { code, stdout, stderr } = await runCli(['bench', 'builtin:mlp:tiny', '--batch', '1,2', '--ep', 'cpu', '--trials', '2', '--max-trials', '2', '--no-ort-profile', '--out', out, ...QUICK, ...extra], { INFERMETER_DATA_DIR: dataDir });
  assert.ok(code === 0 || code === 3, `exit ${code}: ${stderr}`);
  const files = readdirSync(out);
  const record = runRecordSchema.parse(JSON.parse(readFileSync(join(out, files.find((f) => f.endsWith('.json')) as string), 'utf8')));
  return { record, csv: readFileSync(join(out, files.find((f) => f.endsWith('.csv')) as string), 'utf8'), stdout };
}

const measured = (record: RunRecord) => record.points.filter((p): p is MeasuredPoint & { verdict: 'valid' | 'unstable' } => p.verdict !== 'failed');
const logLines = () => readFileSync(logFile, 'utf8').trim().split('\n');

test('two runs with a fresh repeat log: the first has no run-to-run part yet, the second carries it', async () => {
  const first = await bench('first');
  const one = measured(first.record);
  assert.equal(one.length, 2, JSON.stringify(first.record.points.map((p) => p.criterion)));
  for (const p of one) {
    assert.equal(p.stats.trials?.runToRun, null, 'no earlier repeats: null, not absent');
    assert.match(p.criterion, /run-to-run drift on this machine: not yet measured — no earlier repeats/);
    assert.ok(Math.abs(p.stats.ciHalfWidthMs - trialInterval(p.stats.trials?.meansMs ?? []).halfWidth) <= 1e-12 * p.stats.meanMs, 'the trials-only interval');
  }
  assert.match(first.stdout, /Run-to-run drift on this machine: not yet measured/);
  assert.equal(logLines().length, 2, 'each measured point logged once');

  const second = await bench('second');
  const two = measured(second.record);
  assert.equal(two.length, 2);
  for (const p of two) {
    const r = p.stats.trials?.runToRun;
    assert.ok(r, `the second run carries the run-to-run part: ${p.criterion}`);
    // Batch 1's block knows the first run's points and its own mean; batch 2's also this run's batch 1, logged before it.
    const expected = p.batch === 1 ? [2, 1, 1] : [4, 2, 2];
    assert.deepEqual([r.repeats, r.points, r.degreesOfFreedom], expected, `batch ${p.batch}`);
    assert.ok(r.sdRelative >= 0 && Number.isFinite(r.sdRelative));
    const means = p.stats.trials?.meansMs ?? [];
    assert.ok(Math.abs(p.stats.ciHalfWidthMs - combinedInterval(means, r).halfWidth) <= 1e-9 * p.stats.meanMs, 'the interval adds the run part');
    assert.ok(Math.abs(r.trialsCiRelative - trialInterval(means).relative) <= 1e-12);
    assert.ok(p.stats.ciRelative >= r.trialsCiRelative, 'never narrower than the trials alone');
    assert.match(p.criterion, new RegExp(`run-to-run drift on this machine sd [\\d.]+% \\(from ${expected[0]} runs of ${expected[1] === 1 ? '1 point' : `${expected[1]} points`}, this one's included\\) added`));
  }
  assert.match(second.stdout, /run-to-run/);
  assert.match(second.stdout, /Run-to-run drift on this machine: sd [\d.]+% between runs, from 4 runs of 2 points/);
  const imported = csvToRunRecord('second.csv', second.csv);
  assert.deepEqual(measured(imported).map((p) => p.stats.trials?.runToRun), two.map((p) => p.stats.trials?.runToRun));
  assert.equal(logLines().length, 4);

  const off = await bench('off', ['--no-repeat-log']);
  for (const p of measured(off.record)) {
    assert.equal(p.stats.trials && 'runToRun' in p.stats.trials, false, '--no-repeat-log: no run-to-run part');
    assert.doesNotMatch(p.criterion, /run-to-run/);
  }
  assert.equal(off.record.options.repeatLog, false);
  assert.equal(logLines().length, 4, '--no-repeat-log logs nothing');
});
