import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { InstanceEstimate } from '../../../electron/contract/recommend';
import { breakEvens, costPer1M, instancesNeeded, pickServingBatch, rankInstances, servingCost } from '../../../electron/engine/recommend/cost';

const close = (a: number | null, b: number, tol = 1e-9) => assert.ok(a !== null && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

test('cost per 1M inferences, hand-computed', () => {
  // $0.526/h at 1000/s: 3.6M inferences an hour → $0.526 / 3.6 per million = $0.146111…
  close(costPer1M(0.526, 1000), 0.526 / 3.6);
  // $3.06/h at 250/s: 0.9M an hour → $3.40 per million.
  close(costPer1M(3.06, 250), 3.4);
  assert.equal(costPer1M(null, 1000), null);
  assert.equal(costPer1M(1, null), null);
  assert.equal(costPer1M(1, 0), null);
});

test('instances needed for a QPS with headroom, hand-computed', () => {
  assert.equal(instancesNeeded(2000, 0.3, 1000), 3); // 2600 / 1000 = 2.6 → 3
  assert.equal(instancesNeeded(2000, 0.3, 1300), 2); // exactly 2 (float 2.0000000000000004 must not round up)
  assert.equal(instancesNeeded(2000, 0.3, 1299), 3);
  assert.equal(instancesNeeded(2000, 0, 2000), 1);
  assert.equal(instancesNeeded(10, 0.3, 1e6), 1);
  assert.equal(instancesNeeded(2000, 0.3, null), null);
});

test('cost of serving the target: instances × price per hour ÷ requests served, and the utilisation', () => {
  // The case: 2,000 QPS + 30% on one inf2.xlarge ($0.7582/h) serves 7.2M requests an hour: $0.1053 per 1M.
  const inf2 = servingCost(2000, 0.3, 10_000, 0.7582);
  assert.equal(inf2?.instances, 1);
  close(inf2?.per1MServed ?? null, (0.7582 / 7.2e6) * 1e6);
  close(inf2?.utilisation ?? null, 0.2);
  // 2 × $0.357/h at 1,500/s each: $0.714/h for 7.2M requests, 2000/3000 of capacity used.
  const c7i = servingCost(2000, 0.3, 1500, 0.357);
  assert.equal(c7i?.instances, 2);
  close(c7i?.perHour ?? null, 0.714);
  close(c7i?.per1MServed ?? null, (0.714 / 7.2e6) * 1e6);
  close(c7i?.utilisation ?? null, 2000 / 3000);
  assert.equal(servingCost(2000, 0.3, null, 1), null);
});

function est(id: string, kind: 'cpu' | 'gpu', price: number, throughput: number | null, meetsSlo: boolean | null = true, basis: InstanceEstimate['basis'] = 'projected', qps = 1000): InstanceEstimate {
  const serving = servingCost(qps, 0.3, throughput, price);
  return {
    throughputHigh: throughput, p99MsLow: 1, runtime: null, needsRuntime: null, overheadFloorMs: null,
    servingCostPer1M: serving?.per1MServed ?? null, servingCostPerHour: serving?.perHour ?? null, utilisation: serving?.utilisation ?? null,
    instanceId: id, cloud: 'aws', accelerator: kind, acceleratorCount: kind === 'gpu' ? 1 : 0, kind, pricePerHour: price, spotPricePerHour: null, reservedPricePerHour: null,
    basis: throughput === null ? 'none' : basis, basisRun: null, batch: 1, throughput, p99Ms: 1, meetsSlo, costPer1MOnDemand: costPer1M(price, throughput), costPer1MSpot: null,
    costPer1MReserved: null, instancesNeeded: null, projection: null, missing: null, overheadBound: false, notes: [],
  };
}

test('GPU vs CPU break-even against the cheapest CPU instance', () => {
  const list = [est('cpu-a', 'cpu', 0.17, 100), est('cpu-b', 'cpu', 0.2, 100), est('gpu-fast', 'gpu', 0.526, 1000), est('gpu-slow', 'gpu', 1.0, 300), est('gpu-none', 'gpu', 1, null)];
  const be = breakEvens(list);
  assert.deepEqual(be.map((b) => b.gpuInstanceId), ['gpu-fast', 'gpu-slow']);
  const fast = be[0];
  assert.equal(fast?.cpuInstanceId, 'cpu-a');
  close(fast?.qpsRatioNeeded ?? null, 0.526 / 0.17);
  close(fast?.qpsRatio ?? null, 10);
  assert.equal(fast?.met, true);
  assert.equal(be[1]?.met, false); // needs 5.88×, has 3×
  // met ⇔ lower cost per 1M
  for (const b of be) {
    const g = list.find((x) => x.instanceId === b.gpuInstanceId);
    assert.equal(b.met, (g?.costPer1MOnDemand ?? Infinity) < (list[0]?.costPer1MOnDemand ?? 0));
  }
  assert.deepEqual(breakEvens([est('gpu', 'gpu', 1, 10)]), []);
});

test('ranking: SLO-meeting by cost of serving the target, then SLO-missing, then unestimated; measured wins a tie', () => {
  const ranked = rankInstances([
    est('none', 'gpu', 1, null, null), est('miss', 'gpu', 0.01, 1e6, false), est('dear', 'cpu', 1, 100), est('cheap-proj', 'cpu', 0.1, 100), est('cheap-meas', 'cpu', 0.1, 100, true, 'measured'),
  ]);
  assert.deepEqual(ranked.map((x) => x.instanceId), ['cheap-meas', 'cheap-proj', 'dear', 'miss', 'none']);
  // At 100 QPS a big instance at saturation is cheapest per 1M, but one small one serves the target for less.
  const small = est('small', 'cpu', 0.17, 200, true, 'projected', 100);
  const big = est('big', 'gpu', 0.76, 10_000, true, 'projected', 100);
  assert.ok((big.costPer1MOnDemand ?? 0) < (small.costPer1MOnDemand ?? 0));
  assert.deepEqual(rankInstances([big, small]).map((x) => x.instanceId), ['small', 'big']);
});

test('serving batch: gathering b requests at the per-instance arrival rate counts against the SLO; fewest instances win', () => {
  const options = [{ batch: 1, throughput: 1000, p99Ms: 2 }, { batch: 16, throughput: 8000, p99Ms: 4 }, { batch: 256, throughput: 20000, p99Ms: 30 }];
  // 2,000 QPS + 30%: batch 1 needs 3 instances; batch 16 one (its first request waits 15/2000 s = 7.5 ms for the rest + 4 ms); batch 256 one, but 127.5 + 30 ms > 20 ms.
  const pick = pickServingBatch(options, 2000, 0.3, 20);
  assert.equal(pick?.pick.batch, 16);
  assert.equal(pick?.meets, true);
  close(pick?.latencyMs ?? null, 11.5);
  // Within 5 ms nothing that needs one instance fits: batch 1 on 3 instances (no one to wait for + 2 ms).
  assert.equal(pickServingBatch(options, 2000, 0.3, 5)?.pick.batch, 1);
  const none = pickServingBatch(options, 2000, 0.3, 1);
  assert.equal(none?.meets, false);
  assert.equal(none?.pick.batch, 1, 'the lowest latency when nothing meets the SLO');
});
