// A real short run: FP32 and INT8 of a small MLP measured as interleaved trials, each a fresh onnxruntime session.
// Asserts the structure and the arithmetic of what is reported (trial means, their interval, the paired speed-up
// and its interval in JSON, CSV and table), never a timing figure.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { runRecordSchema, type MeasuredPoint } from '../../../electron/contract/run';
import { csvToRunRecord } from '../../../electron/engine/results/run-csv-import';
import { runToCsv } from '../../../electron/engine/results/run-csv';
import { pairedRatioInterval, trialInterval } from '../../../electron/engine/stats/trial-interval';
import { combinedInterval } from '../../../electron/engine/stats/run-to-run';
import { mlpModel, writeModel } from '../../fixtures/tiny-models';
import { QUICK, runCli } from './run-cli';

test('bench --trials 3: trial means, a t interval over them, and an INT8-over-FP32 speed-up with its paired interval', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-trials-'));
  const model = writeModel(dir, 'mlp.onnx', mlpModel({ layers: 2, width: 128 }));
  const out = join(dir, 'out');
  const { code, stdout, stderr } = await runCli(['bench', model, '--batch', '1,4', '--ep', 'cpu', '--precision', 'fp32,int8', '--trials', '3', '--max-trials', '4', '--no-ort-profile', '--out', out, ...QUICK]);
  assert.ok(code === 0 || code === 3, `exit ${code}: ${stderr}`);
  const files = readdirSync(out);
  const json = files.find((f) => f.endsWith('.json')) as string;
  const csv = files.find((f) => f.endsWith('.csv')) as string;
  const record = runRecordSchema.parse(JSON.parse(readFileSync(join(out, json), 'utf8')));
  assert.equal(record.schemaVersion, 3);
  const measured = record.points.filter((p): p is MeasuredPoint & { verdict: 'valid' | 'unstable' } => p.verdict !== 'failed');
  assert.equal(measured.length, 4, JSON.stringify(record.points.map((p) => p.criterion)));
  for (const p of measured) {
    const trials = p.stats.trials;
    assert.ok(trials && trials.meansMs.length >= 3 && trials.meansMs.length <= 4, `trials ${JSON.stringify(trials)}`);
    assert.equal(trials.windowCiRelative.length, trials.meansMs.length);
    assert.equal(trials.isolation, 'process', 'each trial ran in a process of its own');
    // Other tests' runs of the same points in this data directory may have taught the repeat log a run-to-run part.
    const interval = trials.runToRun ? combinedInterval(trials.meansMs, trials.runToRun) : trialInterval(trials.meansMs);
    assert.ok(Math.abs(p.stats.meanMs - interval.mean) <= 1e-12 * interval.mean && Math.abs(p.stats.ciHalfWidthMs - interval.halfWidth) <= 1e-12 * interval.mean);
    assert.equal(p.verdict === 'valid', interval.relative <= record.options.stopping.targetRelativeCi, 'valid exactly when the reported interval meets the target');
    assert.match(p.criterion, new RegExp(`^95% CI half-width [\\d.]+% \\(${trials.meansMs.length} trials, fresh process each; t over the trial means`));
  }
  for (const batch of [1, 4]) {
    const fp32 = measured.find((p) => p.batch === batch && p.precision === 'fp32');
    const int8 = measured.find((p) => p.batch === batch && p.precision === 'int8');
    assert.ok(fp32 && int8 && !fp32.comparison);
    const c = int8.comparison;
    assert.ok(c, 'the INT8 point carries its speed-up over FP32');
    assert.equal(c.baselineIndex, fp32.index);
    // Trial j of every point ran in round j, so the pairs are the first rounds both points ran.
    const pairs = Math.min(fp32.stats.trials?.meansMs.length ?? 0, int8.stats.trials?.meansMs.length ?? 0);
    const expected = pairedRatioInterval(fp32.stats.trials?.meansMs.slice(0, pairs) ?? [], int8.stats.trials?.meansMs.slice(0, pairs) ?? []);
    assert.deepEqual(c, { baselineIndex: fp32.index, baselinePrecision: 'fp32', axis: 'precision', speedup: expected.ratio, low: expected.low, high: expected.high, pairs });
    assert.ok(c.low !== null && c.high !== null && c.low <= c.speedup && c.speedup <= c.high);
    assert.match(stdout, new RegExp(`cpu int8 batch ${batch} over fp32: [\\d.]+× \\[[\\d.]+, [\\d.]+\\] \\(${pairs} paired trials\\)`));
  }
  // The CSV carries trials and speed-ups, and an import gives them back.
  const text = readFileSync(join(out, csv), 'utf8');
  const imported = csvToRunRecord(csv, text);
  for (const p of measured) {
    const back = imported.points.find((q) => q.index === p.index);
    assert.ok(back && back.verdict !== 'failed');
    assert.deepEqual(back.stats.trials, p.stats.trials);
    assert.deepEqual(back.comparison, p.comparison);
  }
  assert.equal(runToCsv(imported), text, 'exported, imported and exported again: the same CSV');
});

test('bench --threads 1,2: the thread counts of a batch alternate in trials (fresh processes), and 2 over 1 carries its paired interval', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-trials-threads-'));
  const model = writeModel(dir, 'mlp.onnx', mlpModel({ layers: 2, width: 128 }));
  const out = join(dir, 'out');
  const { code, stdout, stderr } = await runCli(['bench', model, '--batch', '2', '--ep', 'cpu', '--threads', '1,2', '--trials', '2', '--max-trials', '2', '--no-ort-profile', '--out', out, ...QUICK]);
  assert.ok(code === 0 || code === 3, `exit ${code}: ${stderr}`);
  const files = readdirSync(out);
  const record = runRecordSchema.parse(JSON.parse(readFileSync(join(out, files.find((f) => f.endsWith('.json')) as string), 'utf8')));
  const [one, two] = [1, 2].map((t) => record.points.find((p) => p.threads === t));
  assert.ok(one && two && one.verdict !== 'failed' && two.verdict !== 'failed', JSON.stringify(record.points.map((p) => p.criterion)));
  assert.equal(one.comparison, undefined);
  assert.equal(two.stats.trials?.isolation, 'process');
  const pairs = Math.min(one.stats.trials?.meansMs.length ?? 0, two.stats.trials?.meansMs.length ?? 0);
  const expected = pairedRatioInterval(one.stats.trials?.meansMs.slice(0, pairs) ?? [], two.stats.trials?.meansMs.slice(0, pairs) ?? []);
  assert.deepEqual(two.comparison, { baselineIndex: one.index, baselinePrecision: 'fp32', axis: 'threads', speedup: expected.ratio, low: expected.low, high: expected.high, pairs });
  assert.match(stdout, new RegExp(`cpu fp32 batch 2 threads 2 over threads 1: [\\d.]+× \\[[\\d.]+, [\\d.]+\\] \\(${pairs} paired trials\\)`));
  const csv = files.find((f) => f.endsWith('.csv')) as string;
  const back = csvToRunRecord(csv, readFileSync(join(out, csv), 'utf8')).points.find((p) => p.index === two.index);
  assert.ok(back && back.verdict !== 'failed');
  assert.deepEqual(back.comparison, two.comparison, 'the CSV keeps the axis');
});
