import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CheckReport } from '../../../electron/contract/check';
import type { PointResult } from '../../../electron/contract/run';
import type { PointTelemetry } from '../../../electron/contract/telemetry';
import { checkFacts, checkHtml, checkTableRows } from '../../../renderer/src/view-models/check-table';
import { reportHtml } from '../../../renderer/src/view-models/report-html';
import { hasTelemetry, telemetryNotes, telemetrySeries } from '../../../renderer/src/view-models/telemetry-series';
import { failed, measured } from './make-points';

const error = { maxAbsError: 0.00098, maxRelError: 0.0123, cosine: 0.9999991, top1: { agree: 2, rows: 2 }, mismatched: 10, elements: 30 };
const report: CheckReport = {
  modelPath: '/m/resnet.onnx',
  dataDir: '/m/data',
  sets: ['test_data_set_0', 'test_data_set_1'],
  tolerance: { rtol: 1e-3, atol: 1e-7 },
  rows: [
    { provider: 'cpu', precision: 'fp32', pass: true, error: null, outputs: [{ output: 'logits', reference: { ...error, maxAbsError: 0, maxRelError: 0, cosine: 1, mismatched: 0 }, againstCpuFp32: null, pass: true, perSet: [] }] },
    { provider: 'cpu', precision: 'fp16', pass: false, error: null, outputs: [{ output: 'logits', reference: error, againstCpuFp32: { ...error, top1: null }, pass: false, perSet: [{ ...error, pass: false, note: null }] }] },
    { provider: 'webgpu', precision: 'fp32', pass: false, error: 'no WebGPU adapter <here>', outputs: [] },
  ],
  warnings: ['every reference output of logits is the same for every input'],
  pass: false,
};

test('the check table: one row per provider × precision × output, a failed provider as one row with its reason; the verdict names the failures', () => {
  const rows = checkTableRows(report);
  assert.deepEqual(rows.map((r) => [r.provider, r.precision, r.output, r.maxAbs, r.cosine, r.top1, r.mismatched, r.againstCpuFp32, r.result]), [
    ['cpu', 'FP32', 'logits', '0.00', '1.000000', '2/2', '0 of 30', '–', 'pass'],
    ['cpu', 'FP16', 'logits', '0.000980', '0.999999', '2/2', '10 of 30', '0.000980 / 0.999999', 'fail'],
    ['webgpu', 'FP32', '–', '–', '–', '–', '–', '–', 'fail: no WebGPU adapter <here>'],
  ]);
  assert.deepEqual(checkFacts(report).map(([k]) => k), ['Reference data', 'Tolerance', 'Verdict']);
  assert.equal(checkFacts(report)[2]?.[1], 'failed: cpu FP16, webgpu FP32');
});

test('the HTML report carries the check, escaped, after the accuracy and before the recommendation and every point', () => {
  const section = checkHtml(report);
  assert.match(section, /^<h2>Reference check<\/h2>/);
  assert.match(section, /fail: no WebGPU adapter &lt;here&gt;/);
  assert.doesNotMatch(section, /<here>/);
  const html = reportHtml({ title: 't', facts: [], images: [], columns: [], rows: [], generatedAt: 'now', checkHtml: section, recommendationHtml: '<h2>Recommendation</h2>' });
  const at = (heading: string) => html.indexOf(`<h2>${heading}</h2>`);
  assert.ok(at('Reference check') > 0 && at('Reference check') < at('Recommendation') && at('Recommendation') < at('Every point'));
});

function withTelemetry(p: PointResult, t: PointTelemetry): PointResult {
  return p.verdict === 'failed' ? p : { ...p, telemetry: t };
}
const range = (mean: number) => ({ min: mean, mean, max: mean });
function gpuTelemetry(util: number, watts: number, jPerInf: number | null): PointTelemetry {
  const device = { index: 0, name: 'NVIDIA H200', busId: '00000000:18:00.0', driver: '570.86', source: 'nvidia-smi' as const };
  return {
    windowMs: 1000,
    gpu: { available: true, device, intervalMs: 100, samples: 10, utilizationPercent: range(util), memoryUsedBytes: null, memoryTotalBytes: null, powerW: range(watts), smClockMHz: null, memoryClockMHz: null, temperatureC: null, throttleReasons: [] },
    cpu: null,
    gpuEnergy: jPerInf === null ? { available: false, reason: 'nvidia-smi reports no power draw' } : { available: true, joules: jPerInf * 100, inferences: 100, joulesPerInference: jPerInf, inferencesPerJoule: 1 / jPerInf, method: 'counter M', basis: 'counter' },
    cpuEnergy: { available: false, reason: 'no /sys/class/powercap' },
  };
}

test('telemetry series: utilisation, power and J/inference against batch per precision × provider, sorted by batch; absent figures are not drawn', () => {
  const points: PointResult[] = [
    withTelemetry(measured(1, 'fp32', 8, 4, 'cuda'), gpuTelemetry(90, 600, 0.05)),
    withTelemetry(measured(0, 'fp32', 1, 1, 'cuda'), gpuTelemetry(20, 250, 0.2)),
    withTelemetry(measured(2, 'fp16', 1, 1, 'cuda'), gpuTelemetry(15, 200, null)),
    failed(3, 'fp16', 8, 'out of memory'),
    measured(4, 'fp32', 1, 1, 'cpu'),
  ];
  assert.equal(hasTelemetry(points), true);
  assert.equal(hasTelemetry([measured(0, 'fp32', 1, 1)]), false);
  assert.equal(hasTelemetry([withTelemetry(measured(0, 'fp32', 1, 1), { ...gpuTelemetry(0, 0, null), gpu: { available: false, reason: 'the point ran on the CPU provider' } })]), false, 'telemetry without a figure draws no empty charts');
  const util = telemetrySeries('gpuUtilization', points);
  assert.deepEqual(util.map((s) => [s.label, s.points.map((p) => [p.x, p.y])]), [
    ['FP32 · cuda', [[1, 20], [8, 90]]],
    ['FP16 · cuda', [[1, 15]]],
  ]);
  assert.deepEqual(telemetrySeries('gpuPower', points).map((s) => s.points.map((p) => p.y)), [[250, 600], [200]]);
  assert.deepEqual(telemetrySeries('joulesPerInference', points).map((s) => [s.label, s.points.map((p) => p.y)]), [['FP32 · cuda', [0.2, 0.05]]]);
  assert.deepEqual(telemetrySeries('cpuJoulesPerInference', points), []);
  const notes = telemetryNotes(points);
  assert.deepEqual(notes.methods, ['GPU energy: counter M']);
  assert.deepEqual(notes.missing, ['CPU energy (cuda): no /sys/class/powercap', 'GPU energy (cuda): nvidia-smi reports no power draw']);
});
