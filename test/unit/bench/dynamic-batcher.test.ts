import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateBatcher } from '../../../electron/engine/bench/dynamic-batcher';
import { poissonArrivals } from '../../../electron/engine/bench/poisson';
import { searchServerQps } from '../../../electron/engine/bench/scenario-server';
import type { ServerLevel } from '../../../electron/contract/scenario';

const mean = (a: Float64Array) => a.reduce((s, x) => s + x, 0) / a.length;

test('poisson arrivals: rate, exponential gaps (CV 1), determinism by seed', () => {
  const a = poissonArrivals(1000, 100_000, 7); // λ = 1/ms over 100 s: ~100k arrivals
  assert.ok(Math.abs(a.length - 100_000) < 4 * Math.sqrt(100_000), `count ${a.length}`);
  const gaps = Float64Array.from({ length: a.length - 1 }, (_, i) => (a[i + 1] as number) - (a[i] as number));
  const m = mean(gaps);
  const sd = Math.sqrt(gaps.reduce((s, g) => s + (g - m) ** 2, 0) / gaps.length);
  assert.ok(Math.abs(m - 1) < 0.02, `mean gap ${m}`);
  assert.ok(Math.abs(sd / m - 1) < 0.03, `coefficient of variation ${sd / m}`);
  for (let i = 1; i < a.length; i++) assert.ok((a[i] as number) >= (a[i - 1] as number));
  assert.deepEqual(poissonArrivals(50, 1000, 3), poissonArrivals(50, 1000, 3));
  assert.notDeepEqual(poissonArrivals(50, 1000, 3), poissonArrivals(50, 1000, 4));
});

test('batch size 1, deterministic service: mean queue wait matches M/D/1 (Pollaczek–Khinchine)', () => {
  // Pollaczek–Khinchine for M/D/1: Wq = ρ / (2μ(1 − ρ)), μ = 1/D (Kleinrock, "Queueing Systems" vol. 1, 1975, §5.7).
  const D = 1; // ms
  for (const rho of [0.5, 0.8]) {
    const arrivals = poissonArrivals(rho * 1000, 400_000, 11);
    const out = simulateBatcher(arrivals, () => D, { maxBatch: 1, maxQueueDelayMs: 0 });
    const expected = rho / (2 * (1 / D) * (1 - rho));
    const got = mean(out.queueMs);
    assert.ok(Math.abs(got - expected) / expected < 0.06, `ρ=${rho}: Wq ${got} vs ${expected}`);
    assert.ok(out.batchSizes.every((b) => b === 1));
    // Latency is queueing plus the service time, request by request.
    assert.ok(Math.abs((out.latencyMs[5] as number) - (out.queueMs[5] as number) - D) < 1e-9);
  }
});

test('batch formation: full batches go at once, partial ones after the max queue delay', () => {
  const arrivals = Float64Array.from([0, 0.1, 0.2, 0.3, 10, 30]);
  const out = simulateBatcher(arrivals, (b) => 1 + b, { maxBatch: 4, maxQueueDelayMs: 2 });
  // four arrive within 0.3 ms: a full batch dispatched at 0.3; then 10 alone waits its 2 ms; 30 is the last: no wait.
  assert.deepEqual(out.batchSizes, [4, 1, 1]);
  assert.ok(Math.abs((out.queueMs[0] as number) - 0.3) < 1e-9);
  assert.ok(Math.abs((out.queueMs[3] as number) - 0) < 1e-9);
  assert.ok(Math.abs((out.queueMs[4] as number) - 2) < 1e-9);
  assert.ok(Math.abs((out.latencyMs[4] as number) - 4) < 1e-9);
  assert.ok(Math.abs((out.queueMs[5] as number) - 0) < 1e-9);
});

test('a busy server queues arrivals: they go together as the next batch', () => {
  const arrivals = Float64Array.from([0, 1, 2, 3]);
  const out = simulateBatcher(arrivals, () => 5, { maxBatch: 8, maxQueueDelayMs: 0 });
  assert.deepEqual(out.batchSizes, [1, 3]);
  assert.ok(Math.abs((out.latencyMs[1] as number) - 9) < 1e-9); // arrived 1, batch 5..10
});

test('batching raises capacity: at a load batch 1 cannot carry, batches grow and waits stay bounded', () => {
  // service(b) = 1 + 0.1·b ms: batch 1 serves 909/s at most, batch 8 serves 4444/s. Offer 2000/s.
  const arrivals = poissonArrivals(2000, 20_000, 5);
  const batched = simulateBatcher(arrivals, (b) => 1 + 0.1 * b, { maxBatch: 8, maxQueueDelayMs: 0.5 });
  const single = simulateBatcher(arrivals, (b) => 1 + 0.1 * b, { maxBatch: 1, maxQueueDelayMs: 0 });
  assert.ok(mean(batched.latencyMs) < 10, `batched mean ${mean(batched.latencyMs)}`);
  assert.ok(mean(single.latencyMs) > 10 * mean(batched.latencyMs), `single mean ${mean(single.latencyMs)}`);
  const meanBatch = batched.batchSizes.reduce((a, b) => a + b, 0) / batched.batchSizes.length;
  assert.ok(meanBatch > 2, `mean batch ${meanBatch}`);
});

test('server search: bisection converges on the highest QPS meeting the SLO', async () => {
  const level = (qps: number, meets: boolean): ServerLevel => ({ targetQps: qps, achievedQps: qps, requests: 100, dropped: 0, late: 0, meanMs: 1, p50Ms: 1, p90Ms: 1, p99Ms: meets ? 1 : 99, maxMs: 1, meanQueueMs: 0, batchHistogram: {}, meetsSlo: meets });
  const found = await searchServerQps(async (qps) => level(qps, qps <= 730), 1000, 6);
  assert.ok(found.bestQps !== null && found.bestQps <= 730 && found.bestQps > 730 - 900 / 64, `best ${found.bestQps}`);
  assert.equal(found.levels.length, 8);
  const none = await searchServerQps(async (qps) => level(qps, false), 1000, 6);
  assert.equal(none.bestQps, null);
  assert.equal(none.levels.length, 1);
  const all = await searchServerQps(async (qps) => level(qps, true), 1000, 6);
  assert.equal(all.bestQps, 1000);
});
