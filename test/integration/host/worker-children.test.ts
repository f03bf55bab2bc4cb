// A worker stopped by the host (at a deadline) takes the processes it started with it: a trial process stuck where
// it cannot see its channel close must not outlive the run. Real processes; Linux lists children in /proc.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { childPids } from '../../../electron/host/child-processes';
import { forkEngineWorker } from '../../../electron/host/worker-channel';

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test('killing a worker kills the processes it started, even one that ignores its channel closing', { skip: process.platform !== 'linux' && 'children are listed from /proc on Linux only' }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-worker-children-'));
  // A grandchild that ignores SIGTERM and its parent's death, as a process blocked in native code would.
  writeFileSync(join(dir, 'stuck.js'), "process.on('SIGTERM', () => undefined); process.on('disconnect', () => undefined); setInterval(() => undefined, 1000);\n");
  writeFileSync(join(dir, 'worker.js'), "const { fork } = require('node:child_process'); const c = fork(require('node:path').join(__dirname, 'stuck.js')); process.send({ child: c.pid }); setInterval(() => undefined, 1000);\n");
  const worker = forkEngineWorker(join(dir, 'worker.js'));
  const grandchild = await new Promise<number>((resolve) => worker.onMessage((m) => resolve((m as { child: number }).child)));
  assert.deepEqual(childPids(worker.pid as number), [grandchild]);
  const exited = new Promise<void>((resolve) => worker.onExit(() => resolve()));
  worker.kill();
  await exited;
  for (let i = 0; i < 100 && alive(grandchild); i++) await new Promise((r) => setTimeout(r, 20));
  assert.equal(alive(grandchild), false, 'the worker\'s child is gone with it');
  assert.deepEqual(childPids(process.pid).filter((p) => p === grandchild), []);
});
