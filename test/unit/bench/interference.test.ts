import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { test } from 'node:test';
import { interferenceBetween, interferenceWarning, measureInterference, parseProcStat, snapshot, type Snapshot } from '../../../electron/engine/bench/interference';

test('/proc/stat: the aggregate cpu line, idle with iowait, steal apart', () => {
  const text = 'cpu  100 5 50 800 20 3 2 10 0 0\ncpu0 50 2 25 400 10 1 1 5 0 0\nintr 1 2 3\n';
  assert.deepEqual(parseProcStat(text), { total: 990, idle: 820, steal: 10 });
  assert.equal(parseProcStat('intr 1 2\n'), null);
  // Old kernels print fewer fields: steal is then 0.
  assert.deepEqual(parseProcStat('cpu 1 2 3 4\n'), { total: 10, idle: 4, steal: 0 });
});

const at = (atMs: number, total: number, idle: number, steal: number, ownCpuMs: number): Snapshot => ({ atMs, cpu: { total, idle, steal }, ownCpuMs, why: null });

test('shares of the window: others = busy − own, steal apart; flagged above 20% others or 5% steal', () => {
  // 2 CPUs for 1 s = 200 ticks = 2000 ms of capacity: 60 idle, 10 stolen, 130 busy (1300 ms) of which 700 ms ours.
  const i = interferenceBetween(at(0, 0, 0, 0, 0), at(1000, 200, 60, 10, 700), 2, 1.5);
  assert.ok(i.available);
  assert.ok(Math.abs(i.otherCpuShare - 0.3) < 1e-12 && Math.abs(i.ownCpuShare - 0.35) < 1e-12 && Math.abs(i.stealShare - 0.05) < 1e-12);
  assert.equal(i.loadPerCpu, 0.75);
  assert.equal(i.flagged, true);
  assert.match(interferenceWarning(i) ?? '', /^interference: other processes used 30% of the machine's CPU time .* stole 5%/);
  const quiet = interferenceBetween(at(0, 0, 0, 0, 0), at(1000, 200, 40, 0, 1500), 2, 1);
  assert.ok(quiet.available && !quiet.flagged && quiet.otherCpuShare < 0.1);
  assert.equal(interferenceWarning(quiet), null);
  const none = interferenceBetween({ atMs: 0, cpu: null, ownCpuMs: 0, why: 'not available on win32: …' }, at(1, 1, 1, 0, 0), 2, 0);
  assert.deepEqual(none, { available: false, reason: 'not available on win32: …' });
});

test('a real neighbour: a process spinning on one core while we wait shows as others’ CPU time', { skip: process.platform !== 'linux' && 'reads /proc/stat (Linux only)' }, async () => {
  const spinner = spawn(process.execPath, ['-e', 'const end = Date.now() + 5000; while (Date.now() < end) {}'], { stdio: 'ignore' });
  try {
    await new Promise((r) => setTimeout(r, 200));
    const before = snapshot();
    await new Promise((r) => setTimeout(r, 800));
    const i = measureInterference(before);
    assert.ok(i.available, JSON.stringify(i));
    // One core of this machine's CPUs spun the whole window (others may add more, never less).
    const cores = (await import('node:os')).cpus().length;
    assert.ok(i.otherCpuShare >= 0.8 / cores - 0.05, `others ${i.otherCpuShare} on ${cores} CPUs`);
    assert.ok(i.ownCpuShare < 0.2, `own ${i.ownCpuShare}`);
  } finally {
    spinner.kill('SIGKILL');
  }
});
