import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MachineRates } from '../../../electron/contract/recommend';
import { loadCatalog, type CatalogInstance } from '../../../electron/engine/recommend/catalog';
import { batchWork, projectBest, projectPoint, rooflineSeconds, targetRates } from '../../../electron/engine/recommend/project';

const close = (a: number | undefined, b: number, tol = 1e-9) => assert.ok(a !== undefined && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);
const catalog = loadCatalog();
const instance = (id: string): CatalogInstance => {
  const x = catalog.instances.find((i) => i.id === id);
  assert.ok(x, id);
  return x;
};

// 1 GFLOP and 100 MB per sample at batch 1, of which 60 MB are weights: activations 40 MB per sample.
const model = { parameterBytes: 6e7, cost: { flopsPerSample: 1e9, bytesPerSample: 1e8, flopsByOp: {}, unestimatedOps: [], method: 'test' } };
const rates: MachineRates = { provider: 'cpu', precision: 'fp32', gflops: 100, gbs: 10, matmulMs: 1, copyMs: 1, cpuModel: 'x', ortVersion: '1', measuredAt: '', method: '' };
const source = { runId: 'r', precision: 'fp32' as const, model, points: [{ batch: 4, verdict: 'valid' as const, meanMs: 80, p99Ms: 100, throughput: 50, meetsSlo: true }] };

test('batch work splits weights (once) from activations (per sample)', () => {
  const w = batchWork(model, 4);
  assert.equal(w.flops, 4e9);
  assert.equal(w.bytes, 6e7 + 4 * 4e7);
});

test('roofline time is the larger of compute and memory time', () => {
  assert.deepEqual(rooflineSeconds(4e9, 2.2e8, 1e11, 1e10), { t: 0.04, bound: 'compute' });
  assert.equal(rooflineSeconds(1, 1e9, 1e12, 1e9).bound, 'memory');
});

test('projection onto a T4, hand-computed', () => {
  const t4 = targetRates(instance('g4dn.xlarge'), catalog, 'fp32');
  assert.ok(!('missing' in t4));
  assert.equal(t4.flopsPerS, 8.1e12);
  assert.equal(t4.bytesPerS, 320e9);
  // Source: F = 4e9 at 100 GFLOP/s = 40 ms, B = 2.2e8 at 10 GB/s = 22 ms → t_ideal = 40 ms; measured 80 ms → eff 0.5.
  // Target: 4e9/8.1e12 = 0.494 ms, 2.2e8/320e9 = 0.6875 ms (memory-bound) → t_target = 0.6875/0.5 = 1.375 ms.
  const p = projectPoint(source, source.points[0] as (typeof source.points)[0], rates, t4, 50);
  close(p.detail.tIdealSourceMs, 40);
  close(p.detail.efficiency, 0.5);
  close(p.detail.tIdealTargetMs, 0.6875);
  assert.equal(p.detail.bound, 'memory');
  close(p.detail.tTargetMs, 1.375);
  close(p.throughput, 4 / 1.375e-3);
  close(p.p99Ms, 100 * (1.375 / 80)); // p99 scaled like the mean
  assert.equal(p.meetsSlo, true);
  assert.equal(p.capped, false);
});

test('multi-GPU instances count each device as a replica', () => {
  const p4d = targetRates(instance('p4d.24xlarge'), catalog, 'fp32');
  assert.ok(!('missing' in p4d));
  assert.equal(p4d.devices, 8);
  const one = { ...p4d, devices: 1 };
  const pt = source.points[0] as (typeof source.points)[0];
  close(projectPoint(source, pt, rates, p4d, 50).throughput, 8 * projectPoint(source, pt, rates, one, 50).throughput);
});

test('CPU instances: per-vCPU peak and a vCPU share of the socket bandwidth', () => {
  const c5 = targetRates(instance('c5.xlarge'), catalog, 'fp32');
  assert.ok(!('missing' in c5));
  close(c5.flopsPerS, 96e9 * 4);
  close(c5.bytesPerS, 140.8e9 * (4 / 48));
  assert.match(c5.note ?? '', /derived share/);
});

test('a missing catalog figure gives a reason, never a number', () => {
  const a10g = targetRates(instance('g5.xlarge'), catalog, 'fp16');
  assert.deepEqual(a10g, { missing: 'no published fp16 peak for the A10G 24GB' });
  const n2 = targetRates(instance('n2-standard-4'), catalog, 'fp32');
  assert.ok('missing' in n2 && /names no CPU model/.test(n2.missing));
  const c5int8 = targetRates(instance('c5.xlarge'), catalog, 'int8');
  assert.ok('missing' in c5int8 && /int8 peak/.test(c5int8.missing));
});

test('a source point slightly faster than the measured roofline is capped at efficiency 1', () => {
  const fast = { ...source, points: [{ ...source.points[0], meanMs: 35, p99Ms: 40 } as (typeof source.points)[0]] };
  const t4 = targetRates(instance('g4dn.xlarge'), catalog, 'fp32');
  assert.ok(!('missing' in t4));
  const p = projectPoint(fast, fast.points[0] as (typeof source.points)[0], rates, t4, 50);
  assert.equal(p.detail.efficiency, 1);
  assert.equal(p.capped, true);
  assert.equal((projectBest(fast, rates, t4, 50) as { batch: number }).batch, 4);
});

test('points far faster than the measured roofline are not projected, and the reason says so', () => {
  // t_ideal(src) = 40 ms, measured 20 ms: eff would be 2.
  const fast = { ...source, points: [{ ...source.points[0], meanMs: 20, p99Ms: 25 } as (typeof source.points)[0]] };
  const t4 = targetRates(instance('g4dn.xlarge'), catalog, 'fp32');
  assert.ok(!('missing' in t4));
  const p = projectBest(fast, rates, t4, 50);
  assert.ok('missing' in p && /faster than this machine's measured roofline/.test(p.missing), JSON.stringify(p));
});

test('projectBest takes the highest projected throughput under the SLO, else the lowest p99', () => {
  const two = { ...source, points: [{ batch: 1, verdict: 'valid' as const, meanMs: 30, p99Ms: 35, throughput: 33, meetsSlo: true }, source.points[0] as (typeof source.points)[0]] };
  const c5 = targetRates(instance('c5.xlarge'), catalog, 'fp32');
  assert.ok(!('missing' in c5));
  const loose = projectBest(two, rates, c5, 1000);
  assert.ok(!('missing' in loose));
  assert.equal(loose.batch, 4);
  const tight = projectBest(two, rates, c5, 0.001);
  assert.ok(!('missing' in tight));
  assert.equal(tight.meetsSlo, false);
  assert.equal(tight.batch, 1);
});

test('weights that fit the source CPU cache are not charged to its DRAM bandwidth; the target still streams them', () => {
  // Memory-bound source: 1 MFLOP at 100 GFLOP/s = 0.01 ms; 2.4e8 bytes (2e8 weights + 4e7 activations) at 10 GB/s = 24 ms.
  const heavy = { parameterBytes: 2e8, cost: { flopsPerSample: 1e6, bytesPerSample: 2.4e8, flopsByOp: {}, unestimatedOps: [], method: 'test' } };
  const point = { batch: 1, verdict: 'valid' as const, meanMs: 8, p99Ms: 9, throughput: 125, meetsSlo: true };
  const t4 = targetRates(instance('g4dn.xlarge'), catalog, 'fp32');
  assert.ok(!('missing' in t4));
  const inDram = projectPoint({ runId: 'r', precision: 'fp32', model: heavy, points: [point], cacheBytes: 32 * 1024 ** 2 }, point, rates, t4, 50);
  const inCache = projectPoint({ runId: 'r', precision: 'fp32', model: heavy, points: [point], cacheBytes: 256 * 1024 ** 2 }, point, rates, t4, 50);
  close(inDram.detail.tIdealSourceMs, 24); // 200 MB of weights do not fit a 32 MiB cache
  close(inCache.detail.tIdealSourceMs, 4); // only the 4e7 bytes of activations at 10 GB/s
  close(inCache.detail.tIdealTargetMs, inDram.detail.tIdealTargetMs); // the target's roofline is unchanged
});
