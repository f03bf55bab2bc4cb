import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { PlanPoint, StoppingRule } from '../../../electron/contract/run';
import type { PointMeasurement } from '../../../electron/engine/bench/measure-point';
import type { Trial } from '../../../electron/engine/bench/run-point';
import { DEFAULT_TRIALS, pointFromTrials, trialSchedule, wantsMoreTrials } from '../../../electron/engine/bench/trials';
import { combinedInterval } from '../../../electron/engine/stats/run-to-run';
import { profileNote } from '../../../electron/engine/bench/run-block';
import { summarize } from '../../../electron/engine/stats/summarize';

const rule: StoppingRule = { warmupIterations: 1, warmupMs: 0, minIterations: 10, minTimeMs: 500, maxTimeMs: 12_000, targetRelativeCi: 0.05, maxIterations: 60_000 };
const point: PlanPoint = { index: 0, provider: 'cpu', precision: 'fp32', batch: 4, threads: null };

function trial(samples: number[], round: number, flagged = false): Trial {
  const samplesMs = Float64Array.from(samples);
  const stats = summarize(samplesMs, 4, true);
  const measured: PointMeasurement = {
    samplesMs,
    stats,
    verdict: 'valid',
    criterion: 'c',
    warnings: [`${samples.length} outliers (1% of ${samples.length} samples) beyond 3×IQR`],
    firstInferenceMs: 9,
    clockResolutionMs: 0.001,
    interference: { available: true, otherCpuShare: flagged ? 0.4 : 0, ownCpuShare: 0.5, stealShare: 0, loadPerCpu: 1, flagged },
  };
  const telemetry = {} as Trial['telemetry'];
  return { measured, inputShapes: { x: [4, 8] }, startedAt: `t${round}`, sessionCreateMs: 5, peakRssBytes: round * 100, gpuMemoryBytes: null, telemetry, threadsUsed: 2, round, remeasured: false, pid: 1, isolation: 'session' };
}

test('schedule: 3 trials by default, up to 6, sharing the point budget; 1 trial keeps the rule as it is', () => {
  const s = trialSchedule(rule);
  assert.deepEqual([s.min, s.max, s.rule.maxTimeMs, s.rule.minTimeMs, s.rule.maxIterations], [DEFAULT_TRIALS, 2 * DEFAULT_TRIALS, 2000, 500, 10_000]);
  assert.deepEqual(trialSchedule({ ...rule, trials: 1 }).rule, { ...rule, trials: 1 });
  assert.equal(trialSchedule({ ...rule, trials: 4, maxTrials: 2 }).max, 4);
});

test('a point from trials: mean of the trial means, t interval over them, valid only within the target', () => {
  // Trial means 1, 1.1, 1.2 ms: mean 1.1, sd 0.1, half-width 4.302653 · 0.1 / √3 = 0.248414 (22.6%).
  const trials = [trial([0.9, 1.1], 1), trial([1.0, 1.2], 2, true), trial([1.1, 1.3], 3)];
  const p = pointFromTrials(point, trials, trialSchedule(rule), 0.05);
  assert.ok(Math.abs(p.stats.meanMs - 1.1) < 1e-12);
  assert.ok(Math.abs(p.stats.ciHalfWidthMs - 0.248414) < 1e-6);
  assert.ok(Math.abs(p.stats.throughput - 4 / 1.1e-3) < 1e-6);
  assert.equal(p.verdict, 'unstable');
  assert.match(p.criterion, /^95% CI half-width 23% \(3 trials, fresh session each; t over the trial means; .*after 3 trials \(at most 6, --max-trials\) \(target 5%\); a trial was measured under interference$/);
  assert.deepEqual(p.stats.trials?.meansMs.map((m) => Number(m.toFixed(12))), [1, 1.1, 1.2]);
  assert.equal(p.stats.iterations, 6);
  assert.equal(p.samplesMs.length, 6);
  assert.equal(p.peakRssBytes, 300);
  assert.ok(p.interference?.available && p.interference.flagged);
  // The same outlier warning from three trials is reported once.
  assert.equal(p.warnings.filter((w) => /outliers/.test(w)).length, 1);
  assert.equal(pointFromTrials(point, trials, trialSchedule(rule), 0.3).verdict, 'valid');
});

test("a point from trials with the machine's run-to-run part: the combined interval decides, and the criterion says where it came from", () => {
  const trials = [trial([0.9, 1.1], 1), trial([1.0, 1.2], 2), trial([1.1, 1.3], 3)];
  const estimate = { sdRelative: 0.15, degreesOfFreedom: 12, repeats: 16, points: 4 };
  const p = pointFromTrials(point, trials, trialSchedule(rule), 0.3, estimate);
  const expected = combinedInterval([1, 1.1, 1.2], estimate);
  assert.ok(Math.abs(p.stats.ciHalfWidthMs - expected.halfWidth) < 1e-9 && expected.halfWidth > 0.248414, 'wider than the trials-only 0.248414 ms');
  assert.ok(Math.abs((p.stats.trials?.runToRun?.trialsCiRelative ?? 0) - 0.248414 / 1.1) < 1e-6);
  assert.deepEqual({ ...p.stats.trials?.runToRun, trialsCiRelative: 0 }, { ...estimate, trialsCiRelative: 0 });
  assert.match(p.criterion, /; run-to-run drift on this machine sd 15% \(from 16 runs of 4 points, this one's included\) added/);
  assert.equal(p.verdict, expected.relative <= 0.3 ? 'valid' : 'unstable');
  // No repeats yet: the trials' interval, and the criterion says so; not used: no field at all.
  const first = pointFromTrials(point, trials, trialSchedule(rule), 0.05, null);
  assert.equal(first.stats.trials?.runToRun, null);
  assert.ok(Math.abs(first.stats.ciHalfWidthMs - 0.248414) < 1e-6);
  assert.match(first.criterion, /run-to-run drift on this machine: not yet measured — no earlier repeats/);
  assert.equal('runToRun' in (pointFromTrials(point, trials, trialSchedule(rule), 0.05).stats.trials ?? {}), false);
  // More trials only while they can still bring the point within the target: not when the run part alone misses it.
  assert.equal(wantsMoreTrials(trials, null, 0.05), true);
  assert.equal(wantsMoreTrials(trials, estimate, 0.05), false);
  assert.equal(wantsMoreTrials(trials, { ...estimate, sdRelative: 0.001 }, 0.05), true);
  // A run part of 8% with 12 df lowers t to t(11): the interval still never reads narrower than the trials'.
  const small = pointFromTrials(point, trials, trialSchedule(rule), 0.05, { ...estimate, sdRelative: 0.08 });
  assert.ok(Math.abs(small.stats.ciHalfWidthMs - 0.248414) < 1e-6);
});

test('a profiled pass far slower than the timed mean is called out as the profiler’s cost', () => {
  assert.equal(profileNote(null, 1), null);
  assert.equal(profileNote({ ortMeanMs: 1.3, endToEndMeanMs: 1.4 }, 1), null);
  assert.match(profileNote({ ortMeanMs: 0.6021, endToEndMeanMs: 0.7076 }, 0.1179) ?? '', /^profiled run time: onnxruntime's profiler reads 0\.602 ms a run, but its profiled pass ran 6\.0× slower than the timed mean \(0\.708 ms against 0\.118 ms\)/);
});
