// The process of `npm run bench:process-spread` (scripts/lib/process-spread-child.ts), with a real onnxruntime
// session on the built-in tiny MLP in a real child process: it answers each request with one figure per batch, its
// timing cut into slices, and keeps its session across requests unless asked for a fresh one. No timing figure is
// asserted.
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SESSION_SETTINGS } from '../../../electron/engine/bench/session-settings';
import { resolveModelArgument } from '../../../models/catalog';
import type { SpreadReply, SpreadRequest } from '../../../scripts/lib/process-spread-child';

const CHILD = join(__dirname, '..', '..', '..', 'scripts', 'lib', 'process-spread-child.js');

test('a process-spread child times every batch of each request and answers over IPC', async () => {
  const modelPath = await resolveModelArgument('builtin:mlp:tiny', { dir: mkdtempSync(join(tmpdir(), 'infermeter-spread-')) });
  const child = fork(CHILD, [], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
  const ask = (request: SpreadRequest) =>
    new Promise<SpreadReply[]>((resolve, reject) => {
      child.once('message', (replies: SpreadReply[]) => resolve(replies));
      child.once('exit', (code) => reject(new Error(`child exited with ${code}`)));
      child.send(request);
    });
  try {
    const request: SpreadRequest = { modelPath, width: 64, batches: [1, 3], threads: 1, settings: DEFAULT_SESSION_SETTINGS, warmupMs: 10, timeMs: 40, freshSession: false };
    for (const freshSession of [false, false, true]) {
      const replies = await ask({ ...request, freshSession });
      assert.deepEqual(replies.map((r) => r.batch), [1, 3]);
      for (const r of replies) {
        assert.ok(Number.isFinite(r.meanMs) && r.meanMs > 0, `mean ${r.meanMs}`);
        assert.equal(r.sliceMeansMs.length, 4, 'the timing is cut into four slices');
        assert.ok(r.runs >= 4, `at least a run a slice, got ${r.runs}`);
        if (process.platform === 'linux') {
          assert.ok(r.threads !== null && r.threads >= 1);
          assert.ok(r.waitShare !== null && r.waitShare >= 0);
          assert.ok(r.cpu !== null && r.cpu >= 0);
        }
      }
    }
  } finally {
    child.kill('SIGKILL');
  }
});
