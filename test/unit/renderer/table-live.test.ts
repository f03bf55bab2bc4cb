import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunRecord } from '../../../electron/contract/run';
import { applyEvent, etaMs, fractionDone, newLiveRun } from '../../../renderer/src/view-models/live-run';
import { ratioRows, runLabels } from '../../../renderer/src/view-models/ratios';
import { resultRows, sortRows } from '../../../renderer/src/view-models/table-rows';
import { failed, measured } from './make-points';

test('result rows: failed points carry their reason; sorting puts empty cells last both ways', () => {
  const rows = resultRows([measured(1, 'fp32', 2, 1), failed(2, 'fp32', 4, 'out of memory at batch 4'), measured(0, 'fp32', 1, 2)]);
  assert.deepEqual(rows.map((r) => r.index), [0, 1, 2]);
  assert.equal(rows[2]?.note, 'oom: out of memory at batch 4');
  assert.equal(rows[2]?.throughput, null);
  assert.deepEqual(sortRows(rows, 'throughput', 'desc').map((r) => r.index), [1, 0, 2]);
  assert.deepEqual(sortRows(rows, 'throughput', 'asc').map((r) => r.index), [0, 1, 2]);
  assert.deepEqual(sortRows(rows, 'verdict', 'asc').map((r) => r.verdict), ['failed', 'valid', 'valid']);
});

test('live run: events of the run build its points; duplicates and other runs are ignored; ETA from pace', () => {
  const run = newLiveRun('r1', 1000);
  const plan = [0, 1, 2, 3].map((index) => ({ index, provider: 'cpu' as const, precision: 'fp32' as const, batch: 2 ** index, threads: null }));
  assert.equal(applyEvent(run, { type: 'point-finished', runId: 'other', point: measured(0, 'fp32', 1, 1) }), 'none');
  run.plan = plan;
  assert.equal(etaMs(run, 2000), null);
  assert.equal(applyEvent(run, { type: 'point-started', runId: 'r1', point: plan[0]! }), 'progress');
  assert.equal(applyEvent(run, { type: 'point-finished', runId: 'r1', point: measured(0, 'fp32', 1, 1) }), 'point');
  assert.equal(applyEvent(run, { type: 'point-finished', runId: 'r1', point: measured(0, 'fp32', 1, 1) }), 'none');
  assert.equal(applyEvent(run, { type: 'point-failed', runId: 'r1', point: failed(1, 'fp32', 2, 'oom') }), 'point');
  assert.equal(fractionDone(run), 0.5);
  assert.equal(etaMs(run, 3000), 2000);
  assert.equal(applyEvent(run, { type: 'run-cancelled', runId: 'r1', finishedAt: 'x' }), 'status');
  assert.equal(run.status, 'cancelled');
  assert.equal(run.points.length, 2);
  assert.equal(etaMs(run, 4000), null);
});

test('ratio rows compare the same configuration across runs', () => {
  const run = (id: string, points: RunRecord['points']) => ({ id, points }) as RunRecord;
  const base = run('a', [measured(0, 'fp32', 1, 2), measured(1, 'fp32', 2, 2)]);
  const other = run('b', [measured(0, 'fp32', 1, 1)]);
  const rows = ratioRows(base, [other]);
  assert.equal(rows.length, 2);
  assert.equal(rows[0]?.cells[0]?.ratio, 2);
  assert.equal(rows[0]?.cells[0]?.p99Ratio, 0.5);
  assert.equal(rows[1]?.cells[0]?.ratio, null);
});

test('run labels: file, host and date; identical ones get their id appended', () => {
  const run = (id: string) => ({ id, startedAt: '2026-01-02T03:04:05.000Z', model: { path: '/m/mlp.onnx' }, hardware: { os: { hostname: 'box' } } }) as RunRecord;
  assert.deepEqual(runLabels([run('a-1'), run('b-2')]), ['mlp.onnx @ box 2026-01-02 03:04 (a-1)', 'mlp.onnx @ box 2026-01-02 03:04 (b-2)']);
  assert.deepEqual(runLabels([run('a-1')]), ['mlp.onnx @ box 2026-01-02 03:04']);
  // An imported copy's id extends the original's: the labels keep only the part that differs.
  assert.deepEqual(runLabels([run('mlp-20260102-9a44-imported-7ed4'), run('mlp-20260102-9a44')]), ['mlp.onnx @ box 2026-01-02 03:04 (imported-7ed4)', 'mlp.onnx @ box 2026-01-02 03:04 (9a44)']);
});
