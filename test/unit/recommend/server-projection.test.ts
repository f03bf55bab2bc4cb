import { test } from 'node:test';
import assert from 'node:assert/strict';
import { serverQps, serverQpsRange, simulateServerLevel, timesAt, type BatchTimes } from '../../../electron/engine/recommend/server-projection';

const REQUESTS = 60_000;

/**
 * P(W ≤ t) for M/D/1, Erlang's formula (Kleinrock, "Queueing Systems" vol. 1, 1975; also Franx, "A simple solution
 * for the M/D/c waiting time distribution", Oper. Res. Lett. 29, 2001): (1 − ρ) Σ_{k=0}^{⌊t/D⌋} (λ(kD − t))^k / k! · e^{−λ(kD − t)}.
 */
function mdOneWaitCdf(t: number, lambda: number, d: number): number {
  let sum = 0;
  let factorial = 1;
  for (let k = 0; k <= Math.floor(t / d); k++) {
    if (k > 0) factorial *= k;
    const x = lambda * (k * d - t);
    sum += (x ** k / factorial) * Math.exp(-x);
  }
  return (1 - lambda * d) * sum;
}

/** The highest λ whose sojourn (wait + D) is within `bound` for 99% of requests, by bisection on the formula. */
function mdOneQpsBound(d: number, bound: number): number {
  let lo = 0.01 / d;
  let hi = 0.9999 / d;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (mdOneWaitCdf(bound - d, mid, d) >= 0.99) lo = mid;
    else hi = mid;
  }
  return lo;
}

const constant = (ms: number): BatchTimes[] => [{ batch: 1, busyMs: ms, latencyMs: ms }];

test('batch of one, 1 ms service, 15 ms bound: the QPS found is M/D/1\'s p99 bound (Erlang\'s formula)', async () => {
  const expected = mdOneQpsBound(1, 15) * 1000; // per ms → per s: about 848/s, 85% utilisation
  assert.ok(expected > 800 && expected < 900, `analytic ${expected}`);
  const got = await serverQps(constant(1), 1, 15, 1, REQUESTS);
  assert.ok(got !== null);
  assert.ok(Math.abs(got.qps - expected) / expected < 0.04, `simulated ${got.qps.toFixed(0)}/s vs analytic ${expected.toFixed(0)}/s`);
  assert.ok(got.p99Ms <= 15);
});

test('Poisson queueing: p99 grows with utilisation, far past the service time near saturation', () => {
  const p99 = [0.3, 0.6, 0.85, 0.95].map((rho) => simulateServerLevel(constant(1), 1, rho * 1000, 1e9, 7, REQUESTS).p99Ms);
  for (let i = 1; i < p99.length; i++) assert.ok((p99[i] as number) > (p99[i - 1] as number), `p99 ${p99.join(', ')}`);
  assert.ok((p99[0] as number) < 3, `light load: p99 ${p99[0]} ms`);
  assert.ok((p99[3] as number) > 15, `95% utilisation: p99 ${p99[3]} ms`);
});

test('dynamic batching: a loose bound lets the rate approach the largest batch\'s capacity, never exceed it', async () => {
  // A batch of k takes 1 + 0.1k ms: batch 64 → 7.4 ms, capacity 64/7.4 ms ≈ 8,649/s.
  const points = [1, 2, 4, 8, 16, 32, 64].map((b) => ({ batch: b, busyMs: 1 + 0.1 * b, latencyMs: 1 + 0.1 * b }));
  const capacity = 64_000 / 7.4;
  const loose = await serverQps(points, 64, 1000, 1, REQUESTS);
  assert.ok(loose !== null && loose.qps <= capacity && loose.qps > 0.9 * capacity, `loose ${loose?.qps}`);
  // A bound a full batch cannot meet leaves smaller caps and a lower rate; one below batch 1's time leaves none.
  const tight = await serverQps(points, 64, 5, 1, REQUESTS);
  assert.ok(tight !== null && tight.cap < 64 && tight.qps < loose.qps && tight.p99Ms <= 5, `tight ${JSON.stringify(tight)}`);
  assert.equal(await serverQps(points, 64, 1, 1, REQUESTS), null);
});

test('a pipelined batch: requests wait for every stage, the GPU only for the slowest', () => {
  // The GPU is free after 1 ms, the batch's requests complete 3 ms after dispatch.
  const piped = simulateServerLevel([{ batch: 1, busyMs: 1, latencyMs: 3 }], 1, 100, 100, 3, 5000);
  const plain = simulateServerLevel(constant(1), 1, 100, 100, 3, 5000);
  assert.ok(Math.abs(piped.p50Ms - plain.p50Ms - 2) < 1e-9, `${piped.p50Ms} vs ${plain.p50Ms}`);
});

test('batch times between projected batches are linear; past the last, proportional', () => {
  const points = [{ batch: 1, busyMs: 1, latencyMs: 2 }, { batch: 4, busyMs: 4, latencyMs: 8 }];
  assert.deepEqual(timesAt(points, 2), { busyMs: 2, latencyMs: 4 });
  assert.deepEqual(timesAt(points, 8), { busyMs: 8, latencyMs: 16 });
  assert.throws(() => timesAt([], 1), /no projected batch/);
});

test('the range: slow batch times give the low end', async () => {
  const range = await serverQpsRange(constant(2), constant(1), 1, 15);
  assert.ok(range !== null && range.low < range.high, JSON.stringify(range));
});
