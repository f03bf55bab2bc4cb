import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MachineRates } from '../../../electron/contract/recommend';
import { loadCatalog, type CatalogInstance } from '../../../electron/engine/recommend/catalog';
import { batchWork, rooflineSeconds, sourceRoofline, targetRates } from '../../../electron/engine/recommend/project';

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

test('batch work splits weights (once) from activations (per sample)', () => {
  const w = batchWork(model, 4);
  assert.equal(w.flops, 4e9);
  assert.equal(w.bytes, 6e7 + 4 * 4e7);
});

test('roofline time is the larger of compute and memory time', () => {
  assert.deepEqual(rooflineSeconds(4e9, 2.2e8, 1e11, 1e10), { t: 0.04, bound: 'compute' });
  assert.equal(rooflineSeconds(1, 1e9, 1e12, 1e9).bound, 'memory');
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

test('weights that fit the source CPU cache are not charged to its DRAM bandwidth', () => {
  // Memory-bound source: 1 MFLOP at 100 GFLOP/s = 0.01 ms; 2.4e8 bytes (2e8 weights + 4e7 activations) at 10 GB/s = 24 ms.
  const heavy = { parameterBytes: 2e8, cost: { flopsPerSample: 1e6, bytesPerSample: 2.4e8, flopsByOp: {}, unestimatedOps: [], method: 'test' } };
  const point = { batch: 1, verdict: 'valid' as const, meanMs: 8, p99Ms: 9, throughput: 125, meetsSlo: true };
  close(sourceRoofline({ runId: 'r', precision: 'fp32', model: heavy, points: [point], cacheBytes: 32 * 1024 ** 2 }, 1, rates).t * 1000, 24); // 200 MB do not fit 32 MiB
  close(sourceRoofline({ runId: 'r', precision: 'fp32', model: heavy, points: [point], cacheBytes: 256 * 1024 ** 2 }, 1, rates).t * 1000, 4); // activations only
});
