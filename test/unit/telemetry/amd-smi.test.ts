import assert from 'node:assert/strict';
import { test } from 'node:test';
import { amdSmiMetricArgs, amdSmiStaticArgs, parseAmdSmiMetric, parseAmdSmiStatic } from '../../../electron/engine/telemetry/amd-smi';
import { reconstructed } from './fixtures';

const MIB = 1024 * 1024;

test('amd-smi 24.x metric JSON (MI300X): each {value, unit} in our units, hotspot before edge, the energy counter in J', () => {
  const [gpu] = parseAmdSmiMetric(reconstructed('amd-smi-mi300x-metric-24.json'));
  assert.equal(gpu?.index, 0);
  assert.deepEqual(gpu?.values, {
    utilizationPercent: 96,
    memoryUsedBytes: 24576 * MIB,
    memoryTotalBytes: 196592 * MIB,
    powerW: 612,
    smClockMHz: 2100,
    memoryClockMHz: 1300,
    temperatureC: 71,
    energyJ: 5284171.316,
  });
});

test('amd-smi 25.x wraps the GPUs in gpu_data; "N/A" figures are null and a missing hotspot falls back to edge', () => {
  const gpus = parseAmdSmiMetric(reconstructed('amd-smi-w7900-dual-metric-25.json'));
  assert.deepEqual(gpus.map((g) => g.index), [0, 1]);
  assert.equal(gpus[0]?.values['temperatureC'], 36);
  assert.equal(gpus[0]?.values['energyJ'], 81377.52);
  assert.equal(gpus[1]?.values['powerW'], 291);
  assert.equal(gpus[1]?.values['energyJ'], null, 'energy "N/A"');
  assert.equal(gpus[1]?.values['memoryUsedBytes'], 21870 * MIB);
});

test('amd-smi units: mJ, uJ and W are scaled; an unknown unit is null rather than a wrong number; non-JSON throws', () => {
  const one = (energy: unknown, power: unknown) => parseAmdSmiMetric(JSON.stringify([{ gpu: 2, energy: { total_energy_consumption: energy }, power: { socket_power: power } }]))[0]?.values;
  assert.equal(one({ value: 2500, unit: 'mJ' }, { value: 300000, unit: 'mW' })?.['energyJ'], 2.5);
  assert.equal(one({ value: 2500, unit: 'mJ' }, { value: 300000, unit: 'mW' })?.['powerW'], 300);
  assert.equal(one({ value: 7, unit: 'uJ' }, 12)?.['energyJ'], 7e-6);
  assert.equal(one({ value: 7, unit: 'furlongs' }, 'N/A')?.['energyJ'], null);
  assert.throws(() => parseAmdSmiMetric('AMD SMI: amdgpu driver not loaded'));
});

test('amd-smi static names the device (market name, bus, driver); an unknown GPU gets a generic name', () => {
  const text = reconstructed('amd-smi-mi300x-static-24.json');
  assert.deepEqual(parseAmdSmiStatic(text, 0), { index: 0, name: 'AMD Instinct MI300X', busId: '0000:0c:00.0', driver: '6.8.5', source: 'amd-smi' });
  assert.deepEqual(parseAmdSmiStatic(text, 3), { index: 3, name: 'AMD GPU', busId: null, driver: null, source: 'amd-smi' });
  assert.deepEqual(amdSmiMetricArgs(1).slice(0, 3), ['metric', '-g', '1']);
  assert.ok(amdSmiMetricArgs(1).includes('--energy') && amdSmiMetricArgs(1).includes('--json'));
  assert.deepEqual(amdSmiStaticArgs(0).slice(0, 3), ['static', '-g', '0']);
});
