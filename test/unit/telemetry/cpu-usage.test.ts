import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cpuUsageBetween, parseProcStat } from '../../../electron/engine/telemetry/cpu-usage';

test('/proc/stat: busy is everything but idle and iowait, in ms at USER_HZ 100', () => {
  const stat = 'cpu  100 5 50 800 40 3 2 0 7 0\ncpu0 50 2 25 400 20 1 1 0 0 0\nintr 1 2 3\n';
  assert.deepEqual(parseProcStat(stat), { busyMs: (100 + 5 + 50 + 3 + 2) * 10, totalMs: (100 + 5 + 50 + 800 + 40 + 3 + 2 + 0) * 10 });
  assert.equal(parseProcStat('not proc stat'), null);
});

test('our share and the rest of the machine\'s, over the wall time between reads', () => {
  // 4 cores × 1000 ms: we used 1000 ms (25%), the machine was busy 2000 ms of its 4000 (50%), so others 25%.
  const a = { processMs: 0, machineBusyMs: 0, machineTotalMs: 0 };
  const b = { processMs: 1000, machineBusyMs: 2000, machineTotalMs: 4000 };
  assert.deepEqual(cpuUsageBetween(a, b, 1000, 4), { processPercent: 25, otherPercent: 25, logicalCores: 4 });
  const noProc = cpuUsageBetween({ ...a, machineBusyMs: null, machineTotalMs: null }, b, 1000, 4);
  assert.equal(noProc.otherPercent, null);
});
