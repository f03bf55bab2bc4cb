// This machine's repeat log on disk: appended lines read back into the pooled run-to-run estimate, only this
// machine's, recent and other runs' lines, a damaged line skipped, and a point key that tells points apart.
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { PlanPoint } from '../../../electron/contract/run';
import { appendRepeat, machineFingerprint, pointKey, readRepeats, repeatLogPath, runToRunWith, REPEAT_MAX_AGE_DAYS, type PointIdentity } from '../../../electron/engine/bench/repeat-log';
import { pooledRunToRun } from '../../../electron/engine/stats/run-to-run';

const point: PlanPoint = { index: 0, provider: 'cpu', precision: 'fp32', batch: 16, threads: null };
const identity: PointIdentity = { modelSha256: 'ab'.repeat(32), point, inputShapes: { x: [16, 8] }, settings: { graph: 'all' }, isolation: 'process' };

test('the repeat log lives in the data directory (INFERMETER_DATA_DIR moves it)', () => {
  assert.equal(repeatLogPath({ INFERMETER_DATA_DIR: '/data/im' }), join('/data/im', 'repeat-log.jsonl'));
});

test('point key: the same point is the same key, whatever its index; batch, threads, precision, shapes, model or isolation make another', () => {
  const key = pointKey(identity);
  assert.equal(pointKey({ ...identity, point: { ...point, index: 7 } }), key);
  const others = [
    { ...identity, point: { ...point, batch: 32 } },
    { ...identity, point: { ...point, threads: 2 } },
    { ...identity, point: { ...point, precision: 'int8' as const } },
    { ...identity, inputShapes: { x: [16, 9] } },
    { ...identity, modelSha256: 'cd'.repeat(32) },
    { ...identity, isolation: 'session' as const },
  ].map(pointKey);
  assert.equal(new Set([key, ...others]).size, 7);
});

test('read back: runs of this machine by point, other machines and old lines left out, damage skipped; the current run joins', async () => {
  const file = join(mkdtempSync(join(tmpdir(), 'infermeter-repeats-')), 'nested', 'repeat-log.jsonl');
  const machine = machineFingerprint();
  assert.deepEqual(await readRepeats(file, machine), { repeats: new Map(), problem: null }, 'no log yet: nothing learned');
  const now = Date.parse('2026-06-01T12:00:00Z');
  const at = (daysAgo: number) => new Date(now - daysAgo * 24 * 3600 * 1000);
  const facts = (runId: string, meanMs: number) => ({ identity, runId, meanMs, seRelative: 0.01, trials: 3, trialsCiRelative: 0.04 });
  const other = { ...identity, point: { ...point, batch: 1 } };
  for (const [runId, mean, days] of [['r1', 1.0, 3], ['r2', 1.2, 2], ['r3', 1.1, 1]] as const) assert.equal(await appendRepeat(file, machine, facts(runId, mean), at(days)), null);
  assert.equal(await appendRepeat(file, machine, { ...facts('r1', 0.5), identity: other }, at(3)), null);
  assert.equal(await appendRepeat(file, machine, { ...facts('r2', 0.52), identity: other }, at(2)), null);
  // Left out: another machine, a run older than the window, and a damaged line; the current run's line is replaced.
  assert.equal(await appendRepeat(file, 'another-machine', facts('x1', 9), at(1)), null);
  assert.equal(await appendRepeat(file, machine, facts('old', 5), at(REPEAT_MAX_AGE_DAYS + 1)), null);
  assert.equal(await appendRepeat(file, machine, facts('now', 7), at(0)), null);
  appendFileSync(file, '{"v":1,"machine":\n');
  const read = await readRepeats(file, machine, now);
  const runs = (means: number[]) => means.map((meanMs) => ({ meanMs, seRelative: 0.01 }));
  assert.equal(read.problem, null);
  const ids = (ids: string[], means: number[]) => means.map((meanMs, i) => ({ runId: ids[i], meanMs, seRelative: 0.01 }));
  assert.deepEqual([...read.repeats.values()], [ids(['r1', 'r2', 'r3', 'now'], [1.0, 1.2, 1.1, 7]), ids(['r1', 'r2'], [0.5, 0.52])]);
  // The current run's mean of a point joins its key's earlier runs; a point never measured before stands alone.
  const current = { meanMs: 1.05, seRelative: 0.02 };
  const withCurrent = runToRunWith(read.repeats, pointKey(identity), 'now', current);
  assert.deepEqual(withCurrent, pooledRunToRun([[...runs([1.0, 1.2, 1.1]), current], runs([0.5, 0.52])]));
  assert.deepEqual([withCurrent?.repeats, withCurrent?.points, withCurrent?.degreesOfFreedom], [6, 2, 4]);
  const fresh = runToRunWith(read.repeats, 'new-point', 'now', current);
  assert.deepEqual([fresh?.repeats, fresh?.points, fresh?.degreesOfFreedom], [6, 2, 4], "the current run's logged line of the first point counts there");
  assert.equal(runToRunWith(new Map(), 'new-point', 'now', current), null, 'one run of one point: nothing to learn from');
});

test('a log that cannot be read or written is a problem named, never a thrown error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-repeats-bad-'));
  const blocker = join(dir, 'file');
  writeFileSync(blocker, 'not a folder');
  const written = await appendRepeat(join(blocker, 'repeat-log.jsonl'), machineFingerprint(), { identity, runId: 'r', meanMs: 1, seRelative: 0, trials: 2, trialsCiRelative: 0 });
  assert.match(written ?? '', /^repeat log .*repeat-log\.jsonl could not be written: /);
  const read = await readRepeats(dir, machineFingerprint());
  assert.equal(read.repeats.size, 0);
  assert.match(read.problem ?? '', /^repeat log .* could not be read: /);
});
