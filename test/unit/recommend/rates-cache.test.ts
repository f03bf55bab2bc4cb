import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MachineRates } from '../../../electron/contract/recommend';
import { machineRates, ratesCacheKey, RatesUnavailableError, type RateOptions } from '../../../electron/engine/recommend/machine-rates';

function fakeRates(o: RateOptions, gflops: number): MachineRates {
  return {
    provider: o.provider, precision: o.precision, gflops, gbs: 10, matmulMs: 1, copyMs: 1, cpuModel: 'test CPU', ortVersion: '0',
    measuredAt: '2026-01-01T00:00:00.000Z', method: 'fake',
  };
}

function tempCache(): string {
  return join(mkdtempSync(join(tmpdir(), 'infermeter-rates-')), 'machine-rates.json');
}

test('the cache key names the CPU model, onnxruntime version, provider and precision', () => {
  assert.equal(ratesCacheKey('cuda', 'int8', 'Xeon', '1.30.0'), 'Xeon | onnxruntime 1.30.0 | cuda | int8');
  assert.notEqual(ratesCacheKey('cpu', 'fp16'), ratesCacheKey('cuda', 'fp16'));
  assert.notEqual(ratesCacheKey('cpu', 'fp16'), ratesCacheKey('cpu', 'int8'));
});

test('each provider × precision is measured once and read back under its own key', async () => {
  const cacheFile = tempCache();
  const calls: string[] = [];
  const measure = (o: RateOptions) => {
    calls.push(`${o.provider}/${o.precision}`);
    return Promise.resolve(fakeRates(o, o.provider === 'cuda' ? 5000 : o.precision === 'int8' ? 200 : 60));
  };
  const gpu = await machineRates({ provider: 'cuda', precision: 'fp16', cacheFile, measure });
  const cpu = await machineRates({ provider: 'cpu', precision: 'int8', cacheFile, measure });
  assert.equal(gpu.gflops, 5000);
  assert.equal(cpu.gflops, 200);
  const again = await machineRates({ provider: 'cuda', precision: 'fp16', cacheFile, measure });
  assert.equal(again.cached, true);
  assert.equal(again.gflops, 5000);
  assert.deepEqual(calls, ['cuda/fp16', 'cpu/int8']);
  const stored = JSON.parse(readFileSync(cacheFile, 'utf8')) as Record<string, MachineRates>;
  assert.deepEqual(Object.keys(stored).sort(), [ratesCacheKey('cpu', 'int8'), ratesCacheKey('cuda', 'fp16')].sort());
  assert.equal(stored[ratesCacheKey('cuda', 'fp16')]?.provider, 'cuda');
});

test('a precision a provider cannot run natively is cached as unavailable, with its reason, until refreshed', async () => {
  const cacheFile = tempCache();
  let calls = 0;
  const refuse = (o: RateOptions) => {
    calls += 1;
    return Promise.reject(new RatesUnavailableError({ provider: o.provider, precision: o.precision, unavailable: 'not measurable on cpu: casts', cpuModel: 'x', ortVersion: '0', measuredAt: 'now' }));
  };
  await assert.rejects(machineRates({ provider: 'cpu', precision: 'fp16', cacheFile, measure: refuse }), /not measurable on cpu: casts/);
  await assert.rejects(machineRates({ provider: 'cpu', precision: 'fp16', cacheFile, measure: refuse }), RatesUnavailableError);
  assert.equal(calls, 1);
  const ok = await machineRates({ provider: 'cpu', precision: 'fp16', cacheFile, refresh: true, measure: (o) => Promise.resolve(fakeRates(o, 90)) });
  assert.equal(ok.gflops, 90);
});

test('any other failure is not cached', async () => {
  const cacheFile = tempCache();
  await assert.rejects(machineRates({ provider: 'cuda', precision: 'fp32', cacheFile, measure: () => Promise.reject(new Error('no CUDA')) }), /no CUDA/);
  const ok = await machineRates({ provider: 'cuda', precision: 'fp32', cacheFile, measure: (o) => Promise.resolve(fakeRates(o, 1)) });
  assert.equal(ok.cached, false);
});

test('rates measured on a busy machine are measured again once it is quiet, and only then', async () => {
  const cacheFile = tempCache();
  let measured = 0;
  const measureAt = (loadPerCpu: number, gflops: number) => (o: RateOptions) => {
    measured++;
    return Promise.resolve({ ...fakeRates(o, gflops), loadPerCpu });
  };
  const busy = await machineRates({ provider: 'cpu', precision: 'fp32', cacheFile, measure: measureAt(4.5, 49), loadNow: () => 4.5 });
  assert.equal(busy.gflops, 49);
  const stillBusy = await machineRates({ provider: 'cpu', precision: 'fp32', cacheFile, measure: measureAt(3, 60), loadNow: () => 3 });
  assert.equal(stillBusy.cached, true, 'no quieter now: the cached figure stands');
  const quiet = await machineRates({ provider: 'cpu', precision: 'fp32', cacheFile, measure: measureAt(0.1, 149), loadNow: () => 0.1 });
  assert.equal(quiet.cached, false);
  assert.equal(quiet.gflops, 149);
  const kept = await machineRates({ provider: 'cpu', precision: 'fp32', cacheFile, measure: measureAt(0.1, 150), loadNow: () => 0.1 });
  assert.equal(kept.cached, true, 'quiet rates are not measured again');
  assert.equal(kept.gflops, 149);
  assert.equal(measured, 2);
});
