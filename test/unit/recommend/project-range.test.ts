import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MachineRates } from '../../../electron/contract/recommend';
import { FRAMEWORK_S_PER_CALL, GEMM_FRACTION_OF_PEAK, KERNELS_PER_NODE, LAUNCH_S_PER_KERNEL, PCIE_BYTES_PER_S, SUSTAINED_CLOCK_FRACTION, times } from '../../../electron/engine/recommend/overheads';
import { occupancyFactor, OUTPUTS_PER_TILE } from '../../../electron/engine/recommend/gpu-occupancy';
import { efficiencySpan, inputBytesPerSample, projectRange, projectRangeBest, sourceEfficiencies, tensorBytesPerSample, type RangeSource, type RangeTarget } from '../../../electron/engine/recommend/project-range';

const close = (a: number | undefined, b: number, tol = 1e-9) => assert.ok(a !== undefined && Math.abs(a - b) <= tol * Math.max(1, Math.abs(b)), `${a} vs ${b}`);

// 1 GFLOP and 100 MB per sample at batch 1 (60 MB weights), 10 nodes; 4000 bytes in and 40 out per sample.
const model = {
  parameterBytes: 6e7, nodeCount: 10,
  cost: { flopsPerSample: 1e9, bytesPerSample: 1e8, flopsByOp: {}, unestimatedOps: [], method: 'test' },
  inputs: [{ name: 'x', elemType: 'float32', shape: ['batch', 1000] }],
  outputs: [{ name: 'y', elemType: 'float32', shape: ['batch', 10] }],
};
const rates: MachineRates = { provider: 'cpu', precision: 'fp32', gflops: 100, gbs: 10, matmulMs: 1, copyMs: 1, cpuModel: 'x', ortVersion: '1', measuredAt: '', method: '' };
const point = (batch: number, meanMs: number, p99Ms = meanMs * 1.25) => ({ batch, verdict: 'valid' as const, meanMs, p99Ms, throughput: batch / (meanMs / 1000), meetsSlo: true });
const source: RangeSource = { runId: 'r', precision: 'fp32', model, points: [point(4, 80, 100)] };
const t4: RangeTarget = { flopsPerS: 8.1e12, bytesPerS: 320e9, devices: 1, runtime: 'cuda', acceleratorId: 'nvidia-t4', crossIsa: false, bandwidthDerived: false };

test('input and output bytes per sample: the batch axis counts once', () => {
  assert.equal(tensorBytesPerSample(model.inputs), 4000);
  assert.equal(tensorBytesPerSample([{ name: 'ids', elemType: 'int64', shape: ['batch', 128] }, { name: 'm', elemType: 'int64', shape: [null, 128] }]), 2048);
});

test('a range onto a T4 through the CUDA provider, hand-computed', () => {
  // Source: t_ideal = max(4e9/100e9, 2.2e8/10e9) = 40 ms, measured 80 ms → efficiency 0.5; the span is [0.5·0.9, 0.5].
  const p = projectRange(source, rates, t4, 4);
  assert.ok(p);
  close(p.efficiency.low, 0.45);
  close(p.efficiency.high, 0.5);
  // The T4 holds a fraction of its boost clock under tensor load: the GEMM share times that.
  const gemm = times(GEMM_FRACTION_OF_PEAK.cuda, SUSTAINED_CLOCK_FRACTION['nvidia-t4'] ?? { low: 1, high: 1 });
  // Compute: fast 4e9/(8.1e12·gemm.high) (compute-bound) / 0.5; slow 4e9/(8.1e12·gemm.low) / 0.45.
  close(p.computeMs.low, (4e9 / (8.1e12 * gemm.high) / 0.5) * 1000);
  close(p.computeMs.high, (4e9 / (8.1e12 * gemm.low) / 0.45) * 1000);
  // Floor: framework + 4·4040 bytes over PCIe Gen3 + 10 nodes of kernel launches (which the compute hides here).
  const io = 4 * 4040;
  const fast = FRAMEWORK_S_PER_CALL.cuda.low + io / PCIE_BYTES_PER_S[3].high + (4e9 / (8.1e12 * gemm.high)) / 0.5;
  const slow = FRAMEWORK_S_PER_CALL.cuda.high + io / PCIE_BYTES_PER_S[3].low + (4e9 / (8.1e12 * gemm.low)) / 0.45;
  close(p.batchMs.low, fast * 1000);
  close(p.batchMs.high, slow * 1000);
  close(p.throughput.high, 4 / fast);
  close(p.throughput.low, 4 / slow);
  close(p.p99Ms.high, slow * 1000 * 1.25); // the source's p99/mean tail carried over
  close(p.floorMs.low, (FRAMEWORK_S_PER_CALL.cuda.low + io / PCIE_BYTES_PER_S[3].high + 10 * KERNELS_PER_NODE.cuda.low * LAUNCH_S_PER_KERNEL.cuda.low) * 1000);
  assert.equal(p.bound, 'compute');
});

test('a tiny model on a GPU is bounded by its overheads, not by the datasheet peak', () => {
  const tiny: RangeSource = { ...source, model: { ...model, nodeCount: 200, parameterBytes: 4e3, cost: { ...model.cost, flopsPerSample: 1e4, bytesPerSample: 1e4 } }, points: [point(1, 0.05)] };
  const h100: RangeTarget = { ...t4, flopsPerS: 67e12, bytesPerS: 3350e9, acceleratorId: 'nvidia-h100-sxm' };
  const p = projectRange(tiny, { ...rates, gflops: 0.4 }, h100, 1); // 1e4 FLOP at 0.4 GFLOP/s = 25 µs of 50 µs: efficiency 0.5
  assert.ok(p);
  assert.equal(p.bound, 'overhead');
  const floor = FRAMEWORK_S_PER_CALL.cuda.low + 200 * KERNELS_PER_NODE.cuda.low * LAUNCH_S_PER_KERNEL.cuda.low;
  assert.ok(p.throughput.high <= 1 / floor + 1e-9, `${p.throughput.high} ≤ ${1 / floor}`);
  assert.match(p.notes.join(' '), /bounded by per-call overheads/);
  // The floor is kept in seconds and printed in ms: a GPU's per-call floor is tens of µs to a few ms, never 1e-4 ms.
  const floorText = /bounded by per-call overheads \(([\d.e-]+)–([\d.e-]+) ms/.exec(p.notes.join(' '));
  assert.ok(floorText && Number(floorText[1]) >= 0.001, `floor printed in ms: ${floorText?.[0]}`);
});

test('efficiency span: the measured batches from half to twice the projected one, less the rates\' tolerance', () => {
  // t_ideal(b) = max(b·10 ms, (6e7 + 4e7·b)/10e9 s): batch 1 → 10 ms, 2 → 20 ms, 4 → 40 ms, 8 → 80 ms, 16 → 160 ms.
  const points = [point(1, 50), point(2, 50), point(4, 80), point(8, 100), point(16, 320)];
  const effs = sourceEfficiencies({ ...source, points }, rates);
  assert.deepEqual(effs.map((e) => Number(e.efficiency.toFixed(12))), [0.2, 0.4, 0.5, 0.8, 0.5]);
  const at4 = efficiencySpan(effs, 4, false);
  close(at4?.low, 0.4 * 0.9);
  close(at4?.high, 0.8);
  const past = efficiencySpan(effs, 256, false); // nothing within 2×: the nearest measured batch
  close(past?.high, 0.5);
  const arm = efficiencySpan(effs, 4, true);
  close(arm?.low, 0.4 * 0.9 * 0.6);
});

test('a source point far faster than its roofline here cannot be scaled: no projection', () => {
  // 10 ms measured against a 22 ms memory roofline (2.2e8 bytes at 10 GB/s): its data sat in cache here.
  assert.equal(projectRange({ ...source, points: [point(4, 10)] }, rates, t4, 4), null);
});

test('the best batch on a target: highest pessimistic throughput whose pessimistic p99 meets the SLO', () => {
  const two: RangeSource = { ...source, points: [point(1, 30), point(4, 80, 100)] };
  const loose = projectRangeBest(two, rates, t4, 1000);
  assert.equal(loose?.batch, 4);
  assert.equal(loose?.meetsSlo, true);
  const tight = projectRangeBest(two, rates, t4, 1e-6);
  assert.equal(tight?.meetsSlo, false);
  assert.equal(tight?.batch, 1);
});

test('input bytes at a deployed precision: float inputs shrink to it, token ids keep their size', () => {
  const inputs = [{ name: 'x', elemType: 'float32', shape: ['batch', 1000] }, { name: 'ids', elemType: 'int64', shape: ['batch', 10] }];
  assert.equal(inputBytesPerSample(inputs, null), 4080);
  assert.equal(inputBytesPerSample(inputs, 'int8'), 1080);
  assert.equal(inputBytesPerSample(inputs, 'fp16'), 2080);
});

test('serving modes: compute only ≥ pipelined ≥ one session at a time ≥ served through a server', () => {
  const big: RangeSource = { ...source, model: { ...model, inputs: [{ name: 'x', elemType: 'float32', shape: ['batch', 3, 224, 224] }] } };
  const at = (serving: 'session' | 'pipelined' | 'compute-only' | 'served', inputsAtPrecision = false) => projectRange(big, rates, t4, 4, { serving, inputsAtPrecision })?.throughput.low ?? NaN;
  assert.ok(at('compute-only') >= at('pipelined'));
  assert.ok(at('pipelined') > at('session'));
  assert.ok(at('session') > at('served'));
  // Pre-quantised INT8 inputs copy a quarter of the bytes: a session gets faster, never slower.
  const int8 = (inputsAtPrecision: boolean) => projectRange(big, rates, t4, 4, { precision: 'int8', inputsAtPrecision })?.throughput.low ?? NaN;
  assert.ok(int8(true) > int8(false));
});

test('a small batch that fills few SMs runs at that share of the GPU\'s FLOP rate; a large one is unaffected', () => {
  // One matrix kernel of 10 tiles per sample: batch 4 fills 40 tiles, all of a T4's 40 SMs; batch 1 a quarter.
  const gemmOutputs = [{ outputs: OUTPUTS_PER_TILE * 10, flops: 1e9 }];
  const withShapes: RangeSource = { ...source, model: { ...model, cost: { ...model.cost, gemmOutputs } }, points: [point(1, 20), point(4, 80, 100)] };
  const plain: RangeSource = { ...withShapes, model };
  const c1 = projectRange(withShapes, rates, t4, 1, { serving: 'compute-only' });
  const p1 = projectRange(plain, rates, t4, 1, { serving: 'compute-only' });
  assert.ok(c1 && p1);
  assert.equal(occupancyFactor(gemmOutputs, 1, 40), 0.25);
  close(c1.computeMs.high, p1.computeMs.high * 4); // compute-bound: the FLOP time at a quarter of the rate
  assert.match(c1.notes.join(' '), /fill 25% of the GPU's SMs/);
  assert.match(p1.notes.join(' '), /no per-kernel output sizes/);
  const c4 = projectRange(withShapes, rates, t4, 4);
  const p4 = projectRange(plain, rates, t4, 4);
  close(c4?.computeMs.high, p4?.computeMs.high ?? NaN);
});
