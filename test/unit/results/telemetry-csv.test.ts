import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parse } from 'csv-parse/sync';
import { runRecordSchema, type PointResult } from '../../../electron/contract/run';
import type { PointTelemetry } from '../../../electron/contract/telemetry';
import { csvToRunRecord } from '../../../electron/engine/results/run-csv-import';
import { runToCsv } from '../../../electron/engine/results/run-csv';
import { sampleHardware, sampleRun } from '../../fixtures/sample-run';

const MIB = 1024 * 1024;
const LOGICAL = sampleHardware.cpu.logicalCores;
const telemetry: PointTelemetry = {
  windowMs: 1200,
  gpu: {
    available: true,
    device: { index: 1, name: 'NVIDIA A10', busId: '00000000:AF:00.0', driver: '535.183.01', source: 'nvidia-smi' },
    intervalMs: 100,
    samples: 12,
    utilizationPercent: { min: 80, mean: 91.5, max: 100 },
    memoryUsedBytes: { min: 7000 * MIB, mean: 7100 * MIB, max: 7411 * MIB },
    memoryTotalBytes: 23028 * MIB,
    powerW: { min: 120.5, mean: 140.25, max: 150 },
    smClockMHz: { min: 1695, mean: 1700, max: 1710 },
    memoryClockMHz: { min: 6251, mean: 6251, max: 6251 },
    temperatureC: { min: 60, mean: 61, max: 62 },
    throttleReasons: ['sw_power_cap'],
  },
  cpu: { processPercent: 12.5, otherPercent: 3.5, logicalCores: LOGICAL },
  gpuEnergy: { available: true, joules: 168.3, inferences: 841.5, joulesPerInference: 0.2, inferencesPerJoule: 5, method: 'nvidia-smi board power integrated' },
  cpuEnergy: { available: false, reason: 'no /sys/class/powercap' },
};

function rows(csv: string): Array<Record<string, string>> {
  const [header, ...body] = parse(csv) as string[][];
  return body.map((r) => Object.fromEntries((header ?? []).map((h, i) => [h, r[i] ?? ''])));
}

test('telemetry lands in the CSV as min/mean/max columns, the device, and energy with its method or why not', () => {
  const run = sampleRun([1, 2]);
  const withTelemetry = run.points.map((p, i): PointResult => (i === 0 && p.verdict !== 'failed' ? { ...p, telemetry } : p));
  const record = runRecordSchema.parse({ ...run, points: withTelemetry });
  const [first, second] = rows(runToCsv(record));
  assert.equal(first?.['gpu_device'], '1: NVIDIA A10');
  assert.equal(first?.['gpu_bus_id'], '00000000:AF:00.0');
  assert.equal(first?.['gpu_power_w_mean'], '140.25');
  assert.equal(first?.['gpu_mem_used_mib_max'], '7411');
  assert.equal(first?.['gpu_util_pct_min'], '80');
  assert.equal(first?.['gpu_throttle_reasons'], 'sw_power_cap');
  assert.equal(first?.['gpu_energy_j_per_inference'], '0.2');
  assert.equal(first?.['cpu_energy_method'], 'not available: no /sys/class/powercap');
  assert.equal(first?.['cpu_other_pct'], '3.5');
  // A point without telemetry (an older record) has empty cells, and such a CSV still imports.
  assert.equal(second?.['gpu_power_w_mean'], '');
  assert.equal(second?.['gpu_energy_method'], '');
  assert.equal(csvToRunRecord('old.csv', runToCsv(run)).points.length, 2);
  // And a CSV with telemetry imports to the same telemetry, which exports to the same file.
  const csv = runToCsv(record);
  const back = csvToRunRecord('new.csv', csv);
  const point = back.points[0];
  assert.deepEqual(point?.verdict !== 'failed' ? point?.telemetry : null, telemetry);
  assert.equal(runToCsv(back), csv.replaceAll(record.id, back.id));
});
