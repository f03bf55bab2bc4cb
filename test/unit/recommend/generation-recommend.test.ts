import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recommendationSchema, type MachineRates } from '../../../electron/contract/recommend';
import { loadCatalog } from '../../../electron/engine/recommend/catalog';
import { buildGenerationRecommendation, chooseShape, pickGenerationBatch } from '../../../electron/engine/recommend/generation-recommend';
import { decodeStepWork, projectGeneration, sourceEfficiencies, type GenerationSource, type GenerationSourcePoint } from '../../../electron/engine/recommend/generation-project';
import type { RangeTarget } from '../../../electron/engine/recommend/project-range';
import { recommendationToCsv } from '../../../electron/engine/results/recommendation-csv';
import { parse } from 'csv-parse/sync';
import { generationRun, LLAMA_FACTS } from './generation-run';

const catalog = loadCatalog();
const rates: MachineRates = { provider: 'cpu', precision: 'fp32', gflops: 100, gbs: 40, matmulMs: 1, copyMs: 1, cpuModel: 'Test CPU', ortVersion: '1.30.0', measuredAt: '', method: 'test' };

// Batch 1: a 30 ms step, TTFT 240 ms; batch 4: 45 ms, TTFT 900 ms (prompt 128, gen 32, like the base built-in here).
const run = generationRun([{ batch: 1, ttftMs: 240, itlMs: 30 }, { batch: 4, ttftMs: 900, itlMs: 45 }]);

function source(): GenerationSource {
  const points: GenerationSourcePoint[] = [
    { batch: 1, promptTokens: 128, genTokens: 32, ttftMeanMs: 240, itlMeanMs: 30, itlP99Ms: 45, cacheBytesPerToken: LLAMA_FACTS.cacheBytesPerToken },
    { batch: 4, promptTokens: 128, genTokens: 32, ttftMeanMs: 900, itlMeanMs: 45, itlP99Ms: 67.5, cacheBytesPerToken: LLAMA_FACTS.cacheBytesPerToken },
  ];
  return { precision: 'fp32', model: run.model, points };
}

const cpuTarget = (flopsPerS: number, bytesPerS: number): RangeTarget => ({ flopsPerS, bytesPerS, devices: 1, runtime: 'cpu', acceleratorId: null, crossIsa: false, bandwidthDerived: false });

test('a decode step streams the weights once plus the cache of every sequence; the efficiency is its roofline over the measured ITL', () => {
  const at = source().points[0] as GenerationSourcePoint;
  const step = decodeStepWork(run.model, 'fp32', at);
  // 538 MB of weights + 1 × (128 + 16) tokens × 46,080 bytes of cache.
  assert.equal(step.bytes, 538e6 + 144 * 46080);
  assert.ok(Math.abs(step.flops - 2 * 162.8e6 * (538e6 / 651.3e6)) < 1);
  assert.equal(decodeStepWork(run.model, 'int8', at).bytes, 538e6 * 0.25 + 144 * 46080, 'INT8 weights are a quarter; the cache stays as measured');
  const effs = sourceEfficiencies(source(), rates);
  // Memory bound at 40 GB/s: 13.8 ms of roofline in a 30 ms step.
  assert.ok(Math.abs((effs.decode[0]?.eff ?? 0) - step.bytes / 40e9 / 0.030) < 1e-9);
  // The prefills beat the measured MatMul (34.4 GFLOP in 240 ms is 143 GFLOP/s, 4 × that in 900 ms 153): the faster is
  // the ceiling, so batch 4's prefill has efficiency 1 and batch 1's (1/0.24)/(4/0.9).
  assert.ok(Math.abs((effs.prefill[1]?.eff ?? 0) - 1) < 1e-12);
  assert.ok(Math.abs((effs.prefill[0]?.eff ?? 0) - (1 / 0.24) / (4 / 0.9)) < 1e-9);
  assert.ok([...effs.decode, ...effs.prefill].every((e) => e.eff > 0 && e.eff <= 1));
});

test('projected ITL follows the memory bandwidth and TTFT the compute peak; tokens/s is B·N over TTFT + (N − 1)·ITL', () => {
  const at = source().points[0] as GenerationSourcePoint;
  const base = projectGeneration(source(), rates, cpuTarget(1e12, 100e9), at);
  const wideBus = projectGeneration(source(), rates, cpuTarget(1e12, 200e9), at);
  const fastMath = projectGeneration(source(), rates, cpuTarget(2e12, 100e9), at);
  assert.ok(base && wideBus && fastMath);
  assert.equal(base.bound, 'memory');
  assert.ok(base.itlMs.low < base.itlMs.high && base.ttftMs.low < base.ttftMs.high && base.tokensPerS.low < base.tokensPerS.high);
  assert.ok(Math.abs(wideBus.itlMs.high / base.itlMs.high - 0.5) < 1e-9, 'twice the bandwidth, half the step');
  assert.ok(Math.abs(wideBus.ttftMs.high - base.ttftMs.high) < 1e-9, 'the prefill is compute bound: bandwidth does not change it');
  assert.ok(Math.abs(fastMath.ttftMs.high / base.ttftMs.high - 0.5) < 1e-9, 'twice the peak, half the TTFT');
  assert.ok(Math.abs(fastMath.itlMs.high - base.itlMs.high) < 1e-9);
  const expected = (1 * 32) / ((base.ttftMs.high + 31 * base.itlMs.high) / 1000);
  assert.ok(Math.abs(base.tokensPerS.low - expected) < 1e-9 * expected);
  // The measured step's p99/mean (45/30 here) carries over.
  assert.ok(Math.abs(base.itlP99Ms.high / base.itlMs.high - 1.5) < 1e-9);
});

test('on a GPU the decode loop pays the cache copies over PCIe each step, and a replica must fit the device memory', () => {
  const big = { ...source().points[1] as GenerationSourcePoint, promptTokens: 4096 };
  const src = { ...source(), points: [big] };
  const gpu = (pcie: string): RangeTarget => ({ flopsPerS: 100e12, bytesPerS: 2000e9, devices: 1, runtime: 'cuda', acceleratorId: pcie, crossIsa: false, bandwidthDerived: false });
  const gen3 = projectGeneration(src, rates, gpu('nvidia-t4'), big);
  const gen5 = projectGeneration(src, rates, gpu('nvidia-h100-sxm'), big);
  assert.ok(gen3 && gen5);
  assert.ok(gen3.itlMs.high > gen5.itlMs.high, 'a slower host link, a slower step');
  // 4 sequences × (4096 + 32) tokens × 46,080 bytes of cache + 651 MB of weights.
  assert.equal(gen3.memoryBytes, 651.3e6 + 4 * 4128 * 46080);
});

test('the recommendation ranks instances by the cost of serving the tokens/s target under the ITL p99 SLO', () => {
  const rec = buildGenerationRecommendation({ run, sloMs: 100, qps: 1, tokensPerS: 640, headroom: 0.3, catalog, rates, now: '2026-12-02T00:00:00.000Z' });
  recommendationSchema.parse(rec);
  assert.equal(rec.qps, 20, '640 tokens/s of 32-token generations is 20 requests/s');
  assert.deepEqual({ p: rec.generation?.promptTokens, n: rec.generation?.genTokens, t: rec.generation?.tokensPerS }, { p: 128, n: 32, t: 640 });
  assert.match(rec.generation?.localAnswer ?? '', /^Best under ITL p99 ≤ 100 ms: batch 4 /);
  assert.match(rec.batch.explanation, /tokens\/s with ITL p99 /);
  const ranked = rec.instances.filter((x) => x.servingCostPer1M !== null);
  assert.ok(ranked.length > 0);
  for (const x of ranked) {
    const g = x.generation;
    assert.ok(g && x.batch !== null && x.throughput !== null);
    // Requests/s × 32 tokens is tokens/s (the pessimistic ends agree), and instances are counted on requests/s.
    assert.ok(Math.abs(x.throughput * 32 - g.tokensPerS.low) < 1e-6 * g.tokensPerS.low, x.instanceId);
    assert.equal(x.p99Ms, g.itlP99Ms.high);
    assert.equal(x.instancesNeeded, Math.ceil((20 * 1.3) / x.throughput - 1e-9));
  }
  const costs = ranked.filter((x) => x.meetsSlo).map((x) => x.servingCostPer1M as number);
  assert.deepEqual(costs, [...costs].sort((a, b) => a - b), 'cheapest first among those meeting the SLO');
  assert.equal(rec.recommended, ranked.find((x) => x.meetsSlo)?.instanceId);
  assert.match(rec.explanation, /is the cheapest way to serve 640 generated tokens\/s \(requests of prompt 128 \+ 32 generated tokens\) with 30% headroom at ITL p99 ≤ 100 ms: .* per 1M generated tokens/);
  assert.equal(rec.instances.find((x) => x.instanceId === 'inf2.xlarge')?.needsRuntime?.startsWith('AWS Neuron SDK'), true, 'no runtime path: listed, not ranked');
  // The CSV carries the generation ranges and the cost per 1M tokens.
  const rows = parse(recommendationToCsv({ ...rec, inputs: { qpsFrom: 'flag', precision: null, provider: null, runFiles: [], pricesFile: null, catalogFiles: [], priceDates: {} } }), { columns: true }) as Record<string, string>[];
  const first = rows.find((r) => r['instance_id'] === ranked[0]?.instanceId);
  assert.equal(Number(first?.['tokens_per_s_low']), ranked[0]?.generation?.tokensPerS.low);
  assert.ok(Math.abs(Number(first?.['serving_cost_per_1m_tokens_usd']) - (ranked[0]?.servingCostPer1M as number) / 32) < 1e-9);
});

test('an SLO no projection meets recommends nothing; without rates nothing is projected and the reason is given', () => {
  const strict = buildGenerationRecommendation({ run, sloMs: 0.01, qps: 5, headroom: 0.3, catalog, rates });
  assert.equal(strict.recommended, null);
  assert.match(strict.explanation, /^No instance meets ITL p99 ≤ 0.01 ms/);
  assert.ok(strict.instances.every((x) => x.meetsSlo !== true));
  const none = buildGenerationRecommendation({ run, sloMs: 100, qps: 5, headroom: 0.3, catalog, rates: null, ratesMissing: 'not measured in this test' });
  assert.ok(none.instances.every((x) => x.basis === 'none' && x.missing !== null));
  assert.ok(none.instances.some((x) => x.missing === 'not measured in this test'));
});

test('a generation run from T4 hardware at the same shape makes the T4 instances measured', () => {
  const t4 = generationRun([{ batch: 1, ttftMs: 20, itlMs: 8, provider: 'cuda' }, { batch: 8, ttftMs: 60, itlMs: 10, provider: 'cuda' }], 'from-t4');
  t4.hardware = { ...t4.hardware, gpus: [{ vendor: 'NVIDIA', model: 'Tesla T4', vramBytes: 16e9, driver: null, cudaVersion: null, utilizationPercent: null, memoryUsedBytes: null, source: 'nvidia-smi' }] };
  const rec = buildGenerationRecommendation({ run, otherRuns: [t4], sloMs: 50, qps: 10, headroom: 0.3, catalog, rates });
  const x = rec.instances.find((i) => i.instanceId === 'g4dn.xlarge');
  assert.equal(x?.basis, 'measured');
  assert.equal(x?.basisRun, 'from-t4');
  // 10 requests/s × 1.3: batch 8 (8 sequences in 60 + 31·10 ms ≈ 21.6/s) serves it with one instance; batch 1 (2.7/s) would need 5.
  assert.equal(x?.batch, 8);
  assert.equal(x?.instancesNeeded, 1);
  const t4Point = t4.points[1];
  assert.ok(t4Point && t4Point.verdict !== 'failed' && t4Point.generationStats);
  assert.equal(x?.generation?.tokensPerS.low, t4Point.generationStats.tokensPerSecondTotal);
});

test('the shape: the one asked, else the longest prompt and generation; an unmeasured one is bad input naming the flags', () => {
  const two = generationRun([{ batch: 1, ttftMs: 240, itlMs: 30 }, { batch: 1, promptTokens: 512, ttftMs: 1000, itlMs: 36 }]);
  assert.deepEqual(chooseShape(two).shape, { promptTokens: 512, genTokens: 32 });
  assert.deepEqual(chooseShape(two, { promptTokens: 128, genTokens: 32 }).shape, { promptTokens: 128, genTokens: 32 });
  assert.throws(() => chooseShape(two, { promptTokens: 64, genTokens: 32 }), /--prompt 64 --gen 32: run gen-local measured no such generation \(it measured prompt 128, gen 32; prompt 512, gen 32\)/);
});

test('the serving batch: fewest instances among those meeting the ITL SLO, else the lowest ITL p99', () => {
  const options = [{ batch: 1, throughput: 3, itlP99Ms: 20 }, { batch: 4, throughput: 9, itlP99Ms: 40 }, { batch: 16, throughput: 20, itlP99Ms: 90 }];
  assert.equal(pickGenerationBatch(options, 10, 0.3, 50)?.pick.batch, 4);
  assert.equal(pickGenerationBatch(options, 10, 0.3, 100)?.pick.batch, 16);
  assert.deepEqual(pickGenerationBatch(options, 10, 0.3, 10), { pick: options[0], meets: false });
});
