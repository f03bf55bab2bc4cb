import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { InstanceEstimate } from '../../../electron/contract/recommend';
import { breakEvens, costPer1M, instancesNeeded, rankInstances } from '../../../electron/engine/recommend/cost';

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

function est(id: string, kind: 'cpu' | 'gpu', price: number, throughput: number | null, meetsSlo: boolean | null = true, basis: InstanceEstimate['basis'] = 'projected'): InstanceEstimate {
  return {
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

test('ranking: SLO-meeting by cost, then SLO-missing, then unestimated; measured wins a tie', () => {
  const ranked = rankInstances([
    est('none', 'gpu', 1, null, null), est('miss', 'gpu', 0.01, 1e6, false), est('dear', 'cpu', 1, 100), est('cheap-proj', 'cpu', 0.1, 100), est('cheap-meas', 'cpu', 0.1, 100, true, 'measured'),
  ]);
  assert.deepEqual(ranked.map((x) => x.instanceId), ['cheap-meas', 'cheap-proj', 'dear', 'miss', 'none']);
});
