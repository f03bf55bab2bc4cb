import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IDLE_FLOOR_SHARE } from '../../../electron/contract/energy-rank';
import type { InstanceEstimate, MachineRates } from '../../../electron/contract/recommend';
import type { PointResult, RunRecord } from '../../../electron/contract/run';
import type { Energy } from '../../../electron/contract/telemetry';
import { loadCatalog, type Catalog } from '../../../electron/engine/recommend/catalog';
import { instanceEnergy, localEnergyPick, rankByEnergy } from '../../../electron/engine/recommend/energy-rank';
import { buildRecommendation } from '../../../electron/engine/recommend/recommend';
import { linearCurve, syntheticRun } from './synthetic-run';

const rates: MachineRates = { provider: 'cpu', precision: 'fp32', gflops: 100, gbs: 10, matmulMs: 1, copyMs: 1, cpuModel: 'Test CPU', ortVersion: '1.30.0', measuredAt: '', method: 'test' };
const RAPL_MISSING = 'RAPL not readable: /sys/class/powercap has no intel-rapl zone (most VMs)';

function measured(jPerInference: number): Energy {
  return { available: true, joules: jPerInference * 100, inferences: 100, joulesPerInference: jPerInference, inferencesPerJoule: 1 / jPerInference, method: 'RAPL package counter, idle included', basis: 'counter' };
}

/** T(B) = 2 + 2B ms (p99 = 1.2 × mean), each point with the CPU package energy given. */
function runWithEnergy(cpuEnergy: Energy[]): RunRecord {
  const run = syntheticRun(linearCurve([1, 2, 4, 8, 16, 32], 2, 2), 'local');
  const points = run.points.map((p, i): PointResult => (p.verdict === 'failed' ? p : {
    ...p,
    telemetry: { windowMs: 1000, gpu: { available: false, reason: 'the point ran on the CPU provider' }, cpu: null, gpuEnergy: { available: false, reason: 'the point ran on the CPU provider' }, cpuEnergy: cpuEnergy[i] ?? { available: false, reason: RAPL_MISSING } },
  }));
  const model = { ...run.model, parameterBytes: 6e6, cost: { ...run.model.cost, flopsPerSample: 1e8, bytesPerSample: 1e7 } };
  return { ...run, model, points };
}

const recommend = (run: RunRecord, catalog: Catalog = loadCatalog()) =>
  buildRecommendation({ run, sloMs: 50, qps: 2000, headroom: 0.3, catalog, rates, now: '2026-11-22T00:00:00.000Z' });

test('this machine: the point meeting the SLO with the lowest measured J/inference, with its basis and method', () => {
  // p99 at batch 16 is 1.2 × 34 = 40.8 ms (meets 50 ms); batch 32 (79.2 ms) misses it even though it uses the least energy.
  const run = runWithEnergy([measured(0.5), measured(0.4), measured(0.3), measured(0.1), measured(0.2), measured(0.05)]);
  const pick = localEnergyPick(recommend(run), run);
  assert.equal(pick.available, true);
  if (!pick.available) return;
  assert.equal(pick.batch, 8);
  assert.equal(pick.joulesPerInference, 0.1);
  assert.equal(pick.meter, 'cpu');
  assert.equal(pick.basis, 'counter');
  assert.equal(pick.method, 'RAPL package counter, idle included');
  assert.equal(pick.candidates, 5);
});

test('no point with an energy figure: not available with the points\' reason, and the ranking falls back to cost', () => {
  const run = runWithEnergy([]);
  const rec = recommend(run);
  const e = rankByEnergy(rec, run, loadCatalog());
  assert.equal(e.local.available, false);
  if (e.local.available) return;
  assert.equal(e.local.reason, `CPU package energy: ${RAPL_MISSING}`);
  assert.match(e.local.fallback, /ranked by cost instead: batch 16 on fp32\/cpu/);
  assert.match(e.localLine, /not available — CPU package energy: RAPL not readable.*ranked by cost instead/);
});

function row(over: Partial<InstanceEstimate>): InstanceEstimate {
  return { instanceId: 'x', instancesNeeded: 2, utilisation: 0.5, meetsSlo: true, missing: null, needsRuntime: null, ...over } as InstanceEstimate;
}

test('an instance\'s projected energy per 1M served: TDP × accelerators × instances × 1M/QPS, low end above the idle floor', () => {
  const catalog = loadCatalog();
  const inst = catalog.instances.find((x) => x.accelerator_id === 'nvidia-t4' && x.accelerator_count === 1);
  assert.ok(inst, 'the catalog has a single-T4 instance');
  const e = instanceEnergy(row({ instanceId: inst.id }), inst, catalog, 1000);
  // 2 instances × 70 W × 1000 s (1M requests at 1000 QPS).
  assert.equal(e.tdpW, 70);
  assert.equal(e.joulesPer1M?.high, 2 * 70 * 1000);
  assert.ok(Math.abs((e.joulesPer1M?.low ?? 0) - 2 * 70 * 1000 * (IDLE_FLOOR_SHARE + (1 - IDLE_FLOOR_SHARE) * 0.5)) < 1e-6);
  assert.equal(e.notRanked, null);
});

test('instances without a TDP are not ranked, and say so; the ranking runs on the high end', () => {
  const run = runWithEnergy([]);
  const catalog = loadCatalog();
  const e = rankByEnergy(recommend(run, catalog), run, catalog);
  const ranked = e.instances.filter((x) => x.joulesPer1M !== null);
  assert.ok(ranked.length > 0);
  for (let i = 1; i < ranked.length; i++) assert.ok((ranked[i - 1]?.joulesPer1M?.high ?? 0) <= (ranked[i]?.joulesPer1M?.high ?? 0));
  for (const x of ranked) assert.ok((x.joulesPer1M?.low ?? 0) < (x.joulesPer1M?.high ?? 0));
  const a10g = catalog.instances.find((x) => x.accelerator_id === 'nvidia-a10g');
  assert.ok(a10g, 'the catalog lists an A10G instance (no TDP listed)');
  assert.equal(e.instances.find((x) => x.instanceId === a10g.id)?.notRanked, 'no TDP in the catalog');
  assert.equal(e.instances.findIndex((x) => x.joulesPer1M === null), ranked.length, 'unranked rows come last');
  if (e.recommended !== null) assert.equal(ranked.find((x) => x.meetsSlo === true)?.instanceId, e.recommended);
});
