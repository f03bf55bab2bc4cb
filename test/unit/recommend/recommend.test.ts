import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recommendationSchema, type MachineRates } from '../../../electron/contract/recommend';
import { loadCatalog } from '../../../electron/engine/recommend/catalog';
import { namesMatch } from '../../../electron/engine/recommend/hardware-match';
import { buildRecommendation } from '../../../electron/engine/recommend/recommend';
import { linearCurve, syntheticPoint, syntheticRun } from './synthetic-run';

const catalog = loadCatalog();
const rates: MachineRates = { provider: 'cpu', precision: 'fp32', gflops: 100, gbs: 10, matmulMs: 1, copyMs: 1, cpuModel: 'Test CPU', ortVersion: '1.30.0', measuredAt: '', method: 'test' };

function localRun() {
  const run = syntheticRun(linearCurve([1, 2, 4, 8, 16], 2, 2), 'local');
  // 0.1 GFLOP and 10 MB (6 MB of weights) per sample: at 100 GFLOP/s and 10 GB/s, efficiency 0.25 (batch 1) to 0.47 (batch 16).
  return { ...run, model: { ...run.model, parameterBytes: 6e6, cost: { ...run.model.cost, flopsPerSample: 1e8, bytesPerSample: 1e7 } } };
}

test('every instance is measured, projected or says what is missing; the result matches the contract', () => {
  const rec = buildRecommendation({ run: localRun(), sloMs: 50, qps: 2000, headroom: 0.3, catalog, rates, now: '2026-11-22T00:00:00.000Z' });
  assert.doesNotThrow(() => recommendationSchema.parse(rec));
  assert.equal(rec.instances.length, catalog.instances.length);
  assert.equal(rec.batch.best?.batch, 16);
  const g5 = rec.instances.find((x) => x.instanceId === 'g5.xlarge');
  assert.equal(g5?.basis, 'none');
  assert.equal(g5?.projection, null);
  assert.equal(g5?.throughput, null);
  assert.equal(g5?.costPer1MOnDemand, null);
  assert.equal(g5?.missing, 'no published fp32 peak for the A10G 24GB');
  const t4 = rec.instances.find((x) => x.instanceId === 'g4dn.xlarge');
  assert.equal(t4?.basis, 'projected');
  assert.ok(t4?.projection && t4.throughput !== null && t4.instancesNeeded !== null);
  assert.equal(t4.instancesNeeded, Math.ceil((2000 * 1.3) / t4.throughput));
  assert.ok(Math.abs((t4.costPer1MOnDemand ?? 0) - (0.526 / (t4.throughput * 3600)) * 1e6) < 1e-12);
  assert.ok(Math.abs((t4.costPer1MSpot ?? 0) - (0.1869 / (t4.throughput * 3600)) * 1e6) < 1e-12);
  assert.equal(rec.instances.find((x) => x.instanceId === 'Standard_ND96isr_H100_v5')?.costPer1MSpot, null);
  // Ranked by the cost of serving 2,000 QPS (pessimistic end); the recommendation is the first SLO-meeting row.
  const costs = rec.instances.filter((x) => x.servingCostPer1M !== null && x.meetsSlo).map((x) => x.servingCostPer1M as number);
  assert.deepEqual(costs, [...costs].sort((a, b) => a - b));
  assert.equal(rec.recommended, rec.instances.find((x) => x.servingCostPer1M !== null && x.meetsSlo)?.instanceId);
  assert.ok(Math.abs((t4.servingCostPer1M ?? 0) - ((t4.instancesNeeded * 0.526) / (2000 * 3600)) * 1e6) < 1e-12);
  assert.ok(t4.throughputHigh !== null && t4.throughputHigh > t4.throughput, 'a projection is a range');
  assert.equal(t4.runtime, 'onnxruntime CUDA provider');
  // The TensorRT provider's projection at the same batch stands beside the CUDA one, not ranked.
  const trt = t4.notes.find((n) => /TensorRT provider instead/.test(n));
  assert.match(trt ?? '', new RegExp(`PROJECTED [0-9,.]+–[0-9,.]+ inferences/s at batch ${t4.batch ?? 0} \\(not ranked\\)`));
  assert.ok(!rec.instances.find((x) => x.instanceId === 'c6i.xlarge')?.notes.some((n) => /TensorRT/.test(n)), 'CPU rows get no TensorRT figure');
  assert.match(rec.explanation, /cheapest way to serve 2,000 QPS .* per 1M requests served/);
  // Inferentia has no onnxruntime provider: listed with what it needs, not ranked.
  const inf2 = rec.instances.find((x) => x.instanceId === 'inf2.xlarge');
  assert.equal(inf2?.basis, 'none');
  assert.match(inf2?.needsRuntime ?? '', /AWS Neuron/);
  // This machine's efficiency at the batch projected: its measured neighbours' lowest, less 10%.
  const at = t4.batch ?? 0;
  assert.ok(Math.abs(t4.projection.efficiency - 0.9 * Math.min(...[1, 2, 4, 8, 16].filter((b) => b >= at / 2 && b <= at * 2).map((b) => b / (2 + 2 * b)))) < 1e-9);
  assert.ok(rec.breakEven.length > 0 && rec.breakEven.every((b) => b.met === b.qpsRatio > b.qpsRatioNeeded));
});

test('a run imported from T4 hardware makes the T4 instances measured', () => {
  const t4Run = syntheticRun(linearCurve([1, 8, 64], 0.5, 0.01, { provider: 'cuda' }), 'from-t4');
  t4Run.hardware = { ...t4Run.hardware, gpus: [{ vendor: 'NVIDIA', model: 'Tesla T4', vramBytes: 16e9, driver: null, cudaVersion: null, utilizationPercent: null, memoryUsedBytes: null, source: 'nvidia-smi' }] };
  const rec = buildRecommendation({ run: localRun(), otherRuns: [t4Run], sloMs: 50, qps: 2000, headroom: 0.3, catalog, rates });
  for (const id of ['g4dn.xlarge', 'g4dn.2xlarge', 'Standard_NC4as_T4_v3']) {
    const x = rec.instances.find((i) => i.instanceId === id);
    assert.equal(x?.basis, 'measured', id);
    assert.equal(x?.basisRun, 'from-t4');
    // At 2,000 QPS batch 8 (13.8k/s) already needs one instance, and its first request waits 3.5 ms for the other 7: the smallest such batch.
    assert.equal(x?.batch, 8);
    assert.ok(Math.abs((x?.throughput ?? 0) - 8 / (0.58 / 1000)) < 1e-6);
  }
  assert.equal(rec.instances.find((i) => i.instanceId === 'g6.xlarge')?.basis, 'projected');
});

test('without measured rates nothing is projected, and the reason is given', () => {
  const rec = buildRecommendation({ run: localRun(), sloMs: 50, qps: 100, headroom: 0.3, catalog, rates: null, ratesMissing: 'measuring fp16 rates is not built yet' });
  assert.ok(rec.instances.every((x) => x.basis === 'none'));
  assert.ok(rec.instances.every((x) => x.needsRuntime !== null || x.missing === 'measuring fp16 rates is not built yet'));
  assert.equal(rec.recommended, null);
  assert.match(rec.explanation, /No instance could be estimated/);
});

test('device names match catalog entries by model word and memory size', () => {
  const acc = (id: string) => catalog.accelerators.get(id) as NonNullable<ReturnType<typeof catalog.accelerators.get>>;
  assert.equal(namesMatch('NVIDIA A100-SXM4-40GB', acc('nvidia-a100-40gb-sxm')), true);
  assert.equal(namesMatch('NVIDIA A100-SXM4-80GB', acc('nvidia-a100-40gb-sxm')), false);
  assert.equal(namesMatch('NVIDIA A10G', acc('nvidia-a10g')), true);
  assert.equal(namesMatch('NVIDIA A10G', acc('nvidia-a10')), false);
  assert.equal(namesMatch('Intel(R) Xeon(R) Platinum 8275CL CPU @ 3.00GHz', acc('intel-xeon-8275cl')), true);
  assert.equal(namesMatch('AMD EPYC', acc('amd-epyc-7r13')), false);
});

test('a CPU run counts as measured only on the instance with its CPU model and vCPU count', () => {
  const cpuRun = (cores: number) => {
    const r = syntheticRun(linearCurve([1, 4], 1, 1), `xeon-${cores}`);
    r.hardware = { ...r.hardware, cpu: { ...r.hardware.cpu, model: 'Intel(R) Xeon(R) Platinum 8375C CPU @ 2.90GHz', logicalCores: cores } };
    return r;
  };
  const four = buildRecommendation({ run: localRun(), otherRuns: [cpuRun(4)], sloMs: 50, qps: 100, headroom: 0.3, catalog, rates });
  const c6i = four.instances.find((x) => x.instanceId === 'c6i.xlarge');
  assert.equal(c6i?.basis, 'measured');
  assert.equal(c6i?.basisRun, 'xeon-4');
  // 100 QPS: batch 1 (500/s, 2.4 ms p99, no one to wait for) serves it on one instance.
  assert.ok(Math.abs((c6i?.throughput ?? 0) - 1 / 0.002) < 1e-9);
  assert.equal(four.instances.find((x) => x.instanceId === 'c5.xlarge')?.basis, 'projected');
  const eight = buildRecommendation({ run: localRun(), otherRuns: [cpuRun(8)], sloMs: 50, qps: 100, headroom: 0.3, catalog, rates });
  assert.equal(eight.instances.find((x) => x.instanceId === 'c6i.xlarge')?.basis, 'projected');
});

test('an INT8 run projects with INT8 rates onto the catalog\'s INT8 peaks, and says where a CPU has none', () => {
  const run = localRun();
  const int8 = { ...run, points: linearCurve([1, 2, 4, 8, 16], 1, 0.5, { precision: 'int8' }).map((p, i) => syntheticPoint(i, p)) };
  const int8Rates: MachineRates = { ...rates, precision: 'int8', gflops: 400 };
  const rec = buildRecommendation({ run: int8, sloMs: 50, qps: 2000, headroom: 0.3, catalog, rates: int8Rates, now: '2026-11-22T00:00:00.000Z' });
  assert.deepEqual(rec.source, { precision: 'int8', provider: 'cpu' });
  const t4 = rec.instances.find((x) => x.instanceId === 'g4dn.xlarge');
  assert.equal(t4?.basis, 'projected');
  // At the projected batch b: b·0.1 GOP; bytes = int8 weights (6 MB/4) + b × 4 MB of activations. On the source the
  // weights fit the 8 MiB L3 and are left off its DRAM roofline; the efficiency carries over to the T4's 130 TOPS / 320 GB/s.
  const b = t4?.projection?.sourceBatch ?? 0;
  const weights = 6e6 * 0.25;
  const bytes = weights + b * 4e6;
  assert.equal(t4?.projection?.bytesPerBatch, bytes);
  assert.ok((t4?.projection?.efficiency ?? 0) > 0 && (t4?.projection?.efficiency ?? 2) <= 1);
  assert.ok((t4?.projection?.tIdealTargetMs ?? 0) === Math.max((b * 1e8) / 130e12, bytes / 320e9) * 1000, 'the T4 INT8 roofline at its 130 TOPS');
  assert.equal(rec.instances.find((x) => x.instanceId === 'c5.xlarge')?.missing, 'no published int8 peak for the Xeon Platinum 8275CL');
  assert.equal(rec.instances.find((x) => x.instanceId === 'c7i.2xlarge')?.basis, 'projected', 'the Xeon 8488C (AMX) has an INT8 peak');
});
