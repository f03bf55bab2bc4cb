// The repeatability bench's replay: each run's points get the interval each estimator would have given them from
// the earlier runs only, in the order the runs started, so a run's first appearance has none and a drifting point's
// later runs widen.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { MeasuredPoint, RunRecord } from '../../../electron/contract/run';
import { combinedInterval, moderatedRunToRun } from '../../../electron/engine/stats/run-to-run';
import { trialInterval } from '../../../electron/engine/stats/trial-interval';
import { replay, replayLines } from '../../../scripts/lib/run-to-run-replay';
import { sampleRun } from '../../fixtures/sample-run';

/** A run of one point (batch 1) started at minute `minute` whose trials read `meansMs`. */
function runAt(minute: number, meansMs: number[]): RunRecord {
  const record = sampleRun([1]);
  const point = record.points[0] as MeasuredPoint;
  const trials = { meansMs, windowCiRelative: meansMs.map(() => 0.01), isolation: 'process' as const, remeasured: 0 };
  return { ...record, startedAt: `2026-12-03T00:${String(minute).padStart(2, '0')}:00.000Z`, points: [{ ...point, stats: { ...point.stats, trials } }] };
}

test('replay: history is the earlier runs in start order; the first run has the trials alone, later ones the estimators', () => {
  // Given out of order: the replay sorts by start time.
  const runs = [runAt(2, [1.2, 1.21, 1.19]), runAt(0, [1.0, 1.01, 0.99]), runAt(1, [1.1, 1.11, 1.09])];
  const points = replay(runs.map((record) => ({ job: 'mlp', record })));
  assert.deepEqual(points.map((p) => [p.mean.toFixed(2), p.learned, p.earlier]), [['1.00', false, 0], ['1.10', true, 1], ['1.20', true, 2]]);
  const first = points[0];
  assert.ok(first);
  for (const e of ['trials only', 'pooled', 'moderated'] as const) assert.equal(first.half[e], trialInterval([1.0, 1.01, 0.99]).halfWidth);
  // The third run's moderated interval is the one from the first two runs' means and its own.
  const mean = (xs: number[]) => xs.reduce((s, v) => s + v, 0) / xs.length;
  const runMean = (xs: number[]) => {
    const m = mean(xs);
    return { meanMs: m, seRelative: Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1)) / Math.sqrt(xs.length) / m };
  };
  const expected = moderatedRunToRun([], [runMean([1.0, 1.01, 0.99]), runMean([1.1, 1.11, 1.09]), runMean([1.2, 1.21, 1.19])]);
  assert.ok(expected && expected.sdRelative > 0.05);
  assert.ok(Math.abs((points[2]?.half.moderated ?? 0) - combinedInterval([1.2, 1.21, 1.19], expected).halfWidth) < 1e-12);
  assert.ok((points[2]?.half.moderated ?? 0) > 5 * (points[2]?.half['trials only'] ?? Infinity), 'runs 10% apart widen an interval of trials 1% apart');
  const lines = replayLines(points);
  assert.equal(lines.length, 3);
  assert.match(lines[0] ?? '', /^ {2}trials only coverage 0% of 6 pairs, 0% of 4 whose A had history \(median ±[\d.]+%\), 0% of 2 whose A was a third run or later/);
  assert.match(lines[2] ?? '', /^ {2}moderated {3}coverage \d+% of 6 pairs/);
});
