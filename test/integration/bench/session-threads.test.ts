// The intra-op threads a point ran on, counted from the threads its real onnxruntime session started
// (engine/bench/session-threads.ts), in a trial process and in the engine's own process. Linux only: elsewhere
// the tests say why they skip. No timing is asserted.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import type { PlanPoint, SessionSettings } from '../../../electron/contract/run';
import { prepareForBench } from '../../../electron/engine/model/prepare-model';
import { runTrial, type PointContext, type Trial } from '../../../electron/engine/bench/run-point';
import { DEFAULT_SESSION_SETTINGS } from '../../../electron/engine/bench/session-settings';
import { runTrialInProcess } from '../../../electron/engine/bench/trial-process';
import { resolveModelArgument } from '../../../models/catalog';
import { sampleOptions } from '../../fixtures/sample-run';

const dir = mkdtempSync(join(tmpdir(), 'infermeter-session-threads-'));
const stopping = { warmupIterations: 2, warmupMs: 0, minIterations: 10, minTimeMs: 0, maxTimeMs: 100, targetRelativeCi: 0.5, maxIterations: 100 };
const trialNumber = { number: 1, of: 1, round: 1, remeasured: false };
const skip = existsSync('/proc/self/task') ? false : 'threads are counted from /proc/self/task, which only Linux has';
if (skip) console.log(`# session-threads: skipped: ${skip}`);

async function context(settings: SessionSettings = DEFAULT_SESSION_SETTINGS): Promise<PointContext> {
  const path = await resolveModelArgument('builtin:mlp:tiny', { dir: join(dir, 'cache') });
  const prepared = await prepareForBench(path);
  return { runId: 'r', info: prepared.info, sessionSource: prepared.sessionSource, options: { ...sampleOptions([1]), modelPath: path }, settings, emit: () => undefined, signal: new AbortController().signal };
}

const point = (threads: number | null): PlanPoint => ({ index: 0, provider: 'cpu', precision: 'fp32', batch: 1, threads });

function measured(t: Awaited<ReturnType<typeof runTrial>>): Trial {
  assert.ok('measured' in t, JSON.stringify(t));
  return t;
}

test('--threads 2 counts 2 in a trial process and in this one, --threads 1 counts 1', { skip }, async () => {
  const ctx = await context();
  for (const run of [runTrialInProcess, runTrial]) {
    for (const threads of [2, 1]) {
      const t = measured(await run(ctx, point(threads), stopping, trialNumber));
      assert.deepEqual([t.threadsUsed, t.threadsSource], [threads, 'counted'], `${run.name}, --threads ${threads}`);
    }
  }
});

test("onnxruntime's default is counted too: at least the calling thread", { skip }, async () => {
  const ctx = await context();
  for (const run of [runTrialInProcess, runTrial]) {
    const t = measured(await run(ctx, point(null), stopping, trialNumber));
    assert.equal(t.threadsSource, 'counted');
    assert.ok(t.threadsUsed !== null && t.threadsUsed >= 1, `${run.name}: ${t.threadsUsed}`);
  }
});

test('parallel execution with the inter-op pool set: its threads are taken out of the count', { skip }, async () => {
  const ctx = await context({ ...DEFAULT_SESSION_SETTINGS, executionMode: 'parallel', interOpNumThreads: 3 });
  const t = measured(await runTrial(ctx, point(2), stopping, trialNumber));
  assert.deepEqual([t.threadsUsed, t.threadsSource], [2, 'counted']);
  const unset = measured(await runTrial(await context({ ...DEFAULT_SESSION_SETTINGS, executionMode: 'parallel' }), point(2), stopping, trialNumber));
  assert.deepEqual([unset.threadsUsed, unset.threadsSource], [2, 'requested'], 'inter-op left to onnxruntime: the two pools cannot be told apart');
});
