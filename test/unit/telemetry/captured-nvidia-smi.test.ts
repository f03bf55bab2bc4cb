// Our nvidia-smi parsers on outputs that real drivers printed on real GPUs (test/fixtures/telemetry/captured,
// recorded by nvidia_gpu_exporter's capture script; SOURCES.md names each file's origin). The captures ran
// `nvidia-smi --query-gpu=<every field> --format=csv`; the columns our queries ask for are taken out of that line by
// their header names, which is the same reading nvidia-smi gives for a narrower query.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseNvidiaSmiCsv } from '../../../electron/engine/hardware/gpu-parse';
import { countGpus } from '../../../electron/engine/telemetry/gpu-sampler';
import { ENERGY_FIELD, EVENT_REASONS_FIELD, INSTANT_POWER_FIELD, NVIDIA_SMI_FIELDS, nvidiaSmiStreamArgs, parseNvidiaSmiLine } from '../../../electron/engine/telemetry/nvidia-smi';
import { captured } from './fixtures';

const MIB = 1024 * 1024;

/** Our field names → the names these drivers print in the header; each pair is listed as aliases in their --help-query-gpu. */
const HEADER_NAME: Record<string, string> = {
  'clocks.sm': 'clocks.current.sm',
  'clocks.mem': 'clocks.current.memory',
  'clocks_throttle_reasons.active': EVENT_REASONS_FIELD,
};

interface Capture {
  names: string[];
  rows: string[][];
}

function read(file: string): Capture {
  const [header = '', ...rows] = captured(file).trim().split('\n');
  // nvidia-smi separates cells with ", " and appends " [unit]" to a header name.
  const names = header.split(', ').map((h) => h.replace(/ \[[^\]]+\]$/, ''));
  const cells = rows.map((r) => r.split(', '));
  for (const c of cells) assert.equal(c.length, names.length, `${file}: a row's cells match its header`);
  return { names, rows: cells };
}

/** The line our query would get: the capture's cells for `fields`, in that order, with units (`--format=csv`) or without (`nounits`). */
function line(cap: Capture, fields: readonly string[], units: boolean, row = 0): string {
  return fields
    .map((f) => {
      const i = cap.names.indexOf(HEADER_NAME[f] ?? f);
      assert.ok(i >= 0, `${f} is in the capture's header`);
      const cell = cap.rows[row]?.[i] ?? '';
      return units ? cell : cell.replace(/ (W|MiB|MHz|%)$/, '');
    })
    .join(', ');
}

const LISTING = ['name', 'driver_version', 'memory.total', 'memory.used', 'utilization.gpu'];

test('H100 SXM under gpu-burn, driver 590.48.01: the sampler\'s line parses with and without units', () => {
  const cap = read('nvidia-smi-h100-590.48.01-load.csv');
  for (const units of [true, false]) {
    const r = parseNvidiaSmiLine(line(cap, NVIDIA_SMI_FIELDS, units));
    assert.deepEqual(r?.device, { index: 0, name: 'NVIDIA H100 80GB HBM3', busId: '00000000:00:09.0', driver: '590.48.01', source: 'nvidia-smi' });
    assert.deepEqual(r?.values, {
      utilizationPercent: 100,
      memoryUsedBytes: 19818 * MIB,
      memoryTotalBytes: 81559 * MIB,
      powerW: 631.95,
      smClockMHz: 1980,
      memoryClockMHz: 2619,
      temperatureC: 59,
    });
    assert.deepEqual(r?.throttle, [], 'mask 0x0000000000000000 under load');
  }
});

test('H200 idle, driver 580.173.02: idle clocks, the idle bit of the event mask, 0 % and 0 MiB are figures, not missing', () => {
  const cap = read('nvidia-smi-h200-580.173.02-idle.csv');
  const r = parseNvidiaSmiLine(line(cap, NVIDIA_SMI_FIELDS, true));
  assert.equal(r?.device.name, 'NVIDIA H200');
  assert.equal(r?.device.driver, '580.173.02');
  assert.equal(r?.values['utilizationPercent'], 0);
  assert.equal(r?.values['memoryUsedBytes'], 0);
  assert.equal(r?.values['memoryTotalBytes'], 143771 * MIB);
  assert.equal(r?.values['powerW'], 85.12);
  assert.equal(r?.values['smClockMHz'], 345);
  assert.equal(r?.values['temperatureC'], 37);
  assert.deepEqual(r?.throttle, ['gpu_idle']);
});

test('H200 with MIG enabled, driver 590.48.01: utilisation is [N/A] (null, not 0); power, memory and clocks still read', () => {
  const cap = read('nvidia-smi-h200-mig-590.48.01-idle.csv');
  for (const units of [true, false]) {
    const r = parseNvidiaSmiLine(line(cap, NVIDIA_SMI_FIELDS, units));
    assert.equal(r?.values['utilizationPercent'], null);
    assert.equal(r?.values['memoryUsedBytes'], 55 * MIB);
    assert.equal(r?.values['powerW'], 78.28);
    assert.equal(r?.values['memoryClockMHz'], 3201);
    assert.equal(r?.values['temperatureC'], 28);
  }
  const [gpu] = parseNvidiaSmiCsv(line(cap, LISTING, false));
  assert.deepEqual(gpu && { model: gpu.model, vram: gpu.vramBytes, used: gpu.memoryUsedBytes, util: gpu.utilizationPercent }, {
    model: 'NVIDIA H200', vram: 143771 * MIB, used: 55 * MIB, util: null,
  });
});

test('the device listing reads the same captures, with or without units', () => {
  const cap = read('nvidia-smi-h100-590.48.01-load.csv');
  for (const units of [true, false]) {
    const [gpu] = parseNvidiaSmiCsv(line(cap, LISTING, units), '13.1');
    assert.equal(gpu?.model, 'NVIDIA H100 80GB HBM3');
    assert.equal(gpu?.driver, '590.48.01');
    assert.equal(gpu?.vramBytes, 81559 * MIB);
    assert.equal(gpu?.memoryUsedBytes, 19818 * MIB);
    assert.equal(gpu?.utilizationPercent, 100);
  }
});

test('these drivers offer no total_energy_consumption query field (the sampler integrates power there), but the 535+ throttle name and the instant power', () => {
  // The captures query every field their driver's --help-query-gpu lists, so the header is that list.
  for (const file of ['nvidia-smi-h200-580.173.02-idle.csv', 'nvidia-smi-h100-590.48.01-load.csv']) {
    const { names } = read(file);
    assert.equal(names.includes(ENERGY_FIELD), false, file);
    assert.equal(names.includes(EVENT_REASONS_FIELD), true, file);
    assert.equal(names.includes(INSTANT_POWER_FIELD), true, file);
  }
  // The stream with both newer names reads the H100's instant power (625.68 W) where power.draw's 1 s average says 631.95.
  const query = (nvidiaSmiStreamArgs(0, 100, { throttleField: EVENT_REASONS_FIELD, powerField: INSTANT_POWER_FIELD })[0] ?? '').slice('--query-gpu='.length).split(',');
  const cap = read('nvidia-smi-h100-590.48.01-load.csv');
  const r = parseNvidiaSmiLine(line(cap, query, false));
  assert.equal(r?.values['powerW'], 625.68);
});

test('nvidia-smi -L: MIG slices listed under a GPU are not GPUs', () => {
  assert.equal(countGpus('nvidia-smi', captured('nvidia-smi-L-h200-mig-590.48.01.txt')), 1);
  assert.equal(countGpus('nvidia-smi', captured('nvidia-smi-L-8xh100-mig.txt')), 2);
});
