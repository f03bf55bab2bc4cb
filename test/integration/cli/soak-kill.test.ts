import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { killTrial, soakKill } from '../../soak/soak-kill';

const POSIX = process.platform === 'win32' && 'uses pgrep and POSIX signals';

test('a small seeded kill soak (npm run soak:kill runs 100): no point printed is lost, every file parses, nothing hangs', { skip: POSIX }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-soak-'));
  try {
    const report = await soakKill({ trials: 4, seed: 54, dir });
    for (const trial of report.trials) t.diagnostic(`${trial.target} killed at ${trial.delayMs} ms ${trial.moment}: exit ${trial.exitCode}, ${trial.printed} printed`);
    assert.equal(report.trials.length, 4);
    assert.deepEqual(report.trials.flatMap((x) => [...x.lost, ...x.unparseable, ...(x.badEnd ? [x.badEnd] : [])]), []);
    assert.equal(report.hangs, 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a worker killed after points were printed: every printed point is in the log, the files parse', { skip: POSIX }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-soak-'));
  try {
    // Killed late enough that points were printed: the check has something to compare.
    const trial = await killTrial(0, dir, 'worker', 2500);
    assert.ok(trial.printed >= 1, `printed ${trial.printed}`);
    assert.deepEqual(trial.lost, []);
    assert.deepEqual(trial.unparseable, []);
    assert.equal(trial.badEnd, null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
