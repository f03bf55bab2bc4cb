import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { analyseConcurrency, measureConcurrencyLevel } from '../../../electron/engine/bench/scenario-concurrency';
import { runServerLevel } from '../../../electron/engine/bench/scenario-server';
import { meanServiceMs } from '../../../electron/engine/bench/scenario-session';
import { mlpModel, seededFloats } from '../../fixtures/tiny-models';

const WIDTH = 256;

function feeds(batch: number): Record<string, ort.Tensor> {
  return { x: new ort.Tensor('float32', seededFloats(batch * WIDTH, batch), [batch, WIDTH]) };
}

test('server scenario: latency near measured capacity is far above latency at 20% of it (queueing theory)', async () => {
  const session = await ort.InferenceSession.create(mlpModel({ layers: 4, width: WIDTH }));
  try {
    const byBatch = [feeds(1), feeds(1)];
    const serviceMs = await meanServiceMs(() => session.run(byBatch[1] as Record<string, ort.Tensor>), 300);
    const capacity = 1000 / serviceMs;
    // Batch 1 only: an M/G/1 queue. At ρ = 0.2 the mean wait is a fraction of a service time; near ρ = 1 it
    // grows as ρ/(1 − ρ) (Pollaczek–Khinchine mean-value formula for M/G/1: Kleinrock, "Queueing Systems" vol. 1, 1975, §5.7), so mean latency must rise several times (M/D/1: 1.1 → 10.5 service times).
    const opts = { sloMs: 1000, maxBatch: 1, maxQueueDelayMs: 0, levelMs: 1000 };
    const low = await runServerLevel(session, byBatch, opts, 0.2 * capacity, 1);
    assert.ok(low.requests >= 300, `requests ${low.requests}`);
    assert.ok(Math.abs(low.achievedQps / low.targetQps - 1) < 0.15, `achieved ${low.achievedQps} of ${low.targetQps}`);
    // The capacity estimate comes from a short probe on a shared machine and can be off; walking the load up past
    // it must reach the knee, where queueing makes latency rise sharply. Mean, not p99: on a shared 2-core machine
    // a single scheduler stall of tens of ms sets both p99s.
    const tried: string[] = [];
    let high = null;
    for (const [i, load] of [0.95, 1.5, 2.5, 4].entries()) {
      const level = await runServerLevel(session, byBatch, opts, load * capacity, 2 + i);
      tried.push(`${load}: ${level.meanMs.toFixed(3)} ms`);
      if (level.meanMs > 3 * low.meanMs) {
        high = level;
        break;
      }
    }
    assert.ok(high, `mean latency never rose 3× over ${low.meanMs.toFixed(3)} ms at 20% of capacity (service ${serviceMs.toFixed(3)} ms): ${tried.join(', ')}`);
    assert.ok(high.meanQueueMs > low.meanQueueMs, 'queueing grows with load');
    assert.deepEqual(Object.keys(low.batchHistogram), ['1']);
  } finally {
    await session.release();
  }
});

test('concurrency scenario: USL fit is finite and in-flight requests obey Little\'s law', async () => {
  const session = await ort.InferenceSession.create(mlpModel({ layers: 4, width: WIDTH }));
  try {
    const levels = [];
    for (const n of [1, 2, 4]) levels.push(await measureConcurrencyLevel([session], feeds(1), n, 400, 'one-session'));
    const { usl, little } = analyseConcurrency(levels, 1000);
    const fit = usl[0];
    assert.ok(fit && Number.isFinite(fit.alpha) && Number.isFinite(fit.beta) && fit.alpha >= 0 && fit.beta >= 0, JSON.stringify(fit));
    const [one, two, four] = levels as [(typeof levels)[0], (typeof levels)[0], (typeof levels)[0]];
    // More requests in flight never collapses throughput on one session (they queue, they do not thrash). Compared
    // as the best of three short windows each, interleaved, so a neighbour's burst on a shared machine cannot land
    // on one level only (the fastest window is what the machine can do, as in timeit).
    const best = { 1: one.throughput, 2: two.throughput };
    for (let round = 0; round < 3; round++) {
      for (const n of [1, 2] as const) best[n] = Math.max(best[n], (await measureConcurrencyLevel([session], feeds(1), n, 150, 'one-session')).throughput);
    }
    assert.ok(best[2] >= 0.6 * best[1], `N=2 ${best[2]}/s vs N=1 ${best[1]}/s (best windows)`);
    // Little (1961): L = λ·W, for a closed loop of N clients the measured λ·W is N (within timing slack).
    for (const l of [one, two, four]) {
      const inFlight = (l.throughput * l.meanMs) / 1000;
      assert.ok(Math.abs(inFlight / l.inFlight - 1) < 0.25, `N=${l.inFlight}: λ·W = ${inFlight}`);
    }
    assert.equal(little.length, 1);
  } finally {
    await session.release();
  }
});
