import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { machineRatesSchema } from '../../../electron/contract/recommend';
import { machineRates, measureMachineRates, ratesCacheKey, RatesUnavailableError } from '../../../electron/engine/recommend/machine-rates';
import { matmulKernel, precisionFallback } from '../../../electron/engine/recommend/rate-kernels';

const small = { provider: 'cpu' as const, precision: 'fp32' as const, matmulN: 256, copyBytes: 4 * 1024 * 1024, runs: 2 };

test('measures GFLOP/s and GB/s through onnxruntime on the CPU provider', async () => {
  const r = await measureMachineRates(small);
  assert.doesNotThrow(() => machineRatesSchema.parse(r));
  // 2·256³ FLOPs in matmulMs; 18 passes of 4 MiB in copyMs.
  assert.ok(Math.abs(r.gflops - (2 * 256 ** 3) / (r.matmulMs / 1000) / 1e9) < 1e-6 * r.gflops);
  assert.ok(Math.abs(r.gbs - (18 * 4 * 1024 * 1024) / (r.copyMs / 1000) / 1e9) < 1e-6 * r.gbs);
  assert.ok(r.gflops > 0.1 && r.gflops < 1e5, `${r.gflops}`);
  assert.ok(r.gbs > 0.1 && r.gbs < 1e4, `${r.gbs}`);
  assert.match(r.method, /MatMul 256×256/);
});

test('rates are cached per CPU model, onnxruntime version, provider and precision', async () => {
  const cacheFile = join(mkdtempSync(join(tmpdir(), 'infermeter-')), 'sub', 'machine-rates.json');
  const first = await machineRates({ ...small, cacheFile });
  assert.equal(first.cached, false);
  const stored = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, unknown>;
  assert.deepEqual(Object.keys(stored), [ratesCacheKey('cpu', 'fp32')]);
  const second = await machineRates({ ...small, cacheFile });
  assert.equal(second.cached, true);
  assert.equal(second.gflops, first.gflops);
  const refreshed = await machineRates({ ...small, cacheFile, refresh: true });
  assert.equal(refreshed.cached, false);
});

test('int8 is measured with the DynamicQuantizeMatMul the INT8 converter emits', async () => {
  const r = await measureMachineRates({ ...small, precision: 'int8' });
  assert.equal(r.precision, 'int8');
  assert.ok(Math.abs(r.gflops - (2 * 256 ** 3) / (r.matmulMs / 1000) / 1e9) < 1e-6 * r.gflops);
  assert.match(r.method, /int8 DynamicQuantizeMatMul .*256×256/);
});

test('fp16 on the CPU provider: measured when onnxruntime runs it in float16, refused with the reason when it casts to float32', async () => {
  const cacheFile = join(mkdtempSync(join(tmpdir(), 'infermeter-')), 'machine-rates.json');
  const fallback = await precisionFallback(matmulKernel('fp16', 8), 'cpu', 'fp16');
  if (fallback === null) {
    const r = await machineRates({ ...small, precision: 'fp16', cacheFile });
    assert.match(r.method, /float16 MatMul/);
    return;
  }
  assert.match(fallback, /not measurable on cpu: .*Casts to float32/);
  await assert.rejects(machineRates({ ...small, precision: 'fp16', cacheFile }), (e: unknown) => e instanceof RatesUnavailableError && e.message === fallback);
  // The refusal is cached under its own key, so the next call does not build the session again.
  const stored = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, { unavailable?: string }>;
  assert.equal(stored[ratesCacheKey('cpu', 'fp16')]?.unavailable, fallback);
  const never = () => Promise.reject(new Error('measured again'));
  await assert.rejects(machineRates({ ...small, precision: 'fp16', cacheFile, measure: never }), RatesUnavailableError);
});
