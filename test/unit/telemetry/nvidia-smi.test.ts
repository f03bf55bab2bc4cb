import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EVENT_REASONS_FIELD, isUnknownField, NVIDIA_SMI_FIELDS, nvidiaSmiFieldProbeArgs, nvidiaSmiStreamArgs, parseEnergyProbe, parseNvidiaSmiLine, throttleReasons } from '../../../electron/engine/telemetry/nvidia-smi';
import { reconstructed } from './fixtures';

const MIB = 1024 * 1024;

test('an H100 recording parses line by line into device, metrics and throttle reasons', () => {
  const lines = reconstructed('nvidia-smi-h100-lms100.csv').trim().split('\n');
  const readings = lines.map((l) => parseNvidiaSmiLine(l));
  assert.equal(readings.length, 8);
  assert.ok(readings.every((r) => r !== null));
  const peak = readings[5];
  assert.deepEqual(peak?.device, { index: 0, name: 'NVIDIA H100 80GB HBM3', busId: '00000000:19:00.0', driver: '550.54.15', source: 'nvidia-smi' });
  assert.deepEqual(peak?.values, {
    utilizationPercent: 100,
    memoryUsedBytes: 20137 * MIB,
    memoryTotalBytes: 81559 * MIB,
    powerW: 700.12,
    smClockMHz: 1695,
    memoryClockMHz: 2619,
    temperatureC: 55,
  });
  assert.deepEqual(peak?.throttle, ['sw_power_cap']);
  assert.deepEqual(readings[0]?.throttle, ['gpu_idle']);
  assert.deepEqual(readings[2]?.throttle, []);
});

test('two GPUs: [N/A] power is null, not zero; the A10 is thermally throttled', () => {
  const [t4, a10] = reconstructed('nvidia-smi-dual-t4-a10.csv').trim().split('\n').map((l) => parseNvidiaSmiLine(l));
  assert.equal(t4?.device.name, 'Tesla T4');
  assert.equal(t4?.values['powerW'], 27.94);
  assert.equal(a10?.device.index, 1);
  assert.equal(a10?.device.busId, '00000000:AF:00.0');
  assert.equal(a10?.values['powerW'], null);
  assert.equal(a10?.values['utilizationPercent'], 42);
  assert.deepEqual(a10?.throttle, ['sw_thermal_slowdown']);
});

test('a name with a comma survives; error text and blanks are not readings', () => {
  const r = parseNvidiaSmiLine('2, 00000000:01:00.0, NVIDIA RTX A6000, Ada, 550.90.07, 5, 512, 49140, 60.1, 210, 405, 40, 0x0');
  assert.equal(r?.device.name, 'NVIDIA RTX A6000, Ada');
  assert.equal(r?.device.driver, '550.90.07');
  for (const line of reconstructed('nvidia-smi-no-driver.txt').split('\n')) assert.equal(parseNvidiaSmiLine(line), null);
  assert.equal(parseNvidiaSmiLine('index, pci.bus_id, name'), null);
});

test('throttle masks decode every NVML bit and keep unknown ones', () => {
  assert.deepEqual(throttleReasons('0x0000000000000000'), []);
  assert.deepEqual(throttleReasons('[N/A]'), []);
  assert.deepEqual(throttleReasons('0x00000000000000C8'), ['hw_slowdown', 'hw_thermal_slowdown', 'hw_power_brake_slowdown']);
  assert.deepEqual(throttleReasons('0x1000'), ['other (0x1000)']);
});

test('the streaming query names every field once, in the parser\'s order, for one GPU', () => {
  const args = nvidiaSmiStreamArgs(1, 100);
  assert.equal(args[0], `--query-gpu=${NVIDIA_SMI_FIELDS.join(',')}`);
  assert.deepEqual(args.slice(1), ['--format=csv,noheader,nounits', '-lms', '100', '-i', '1']);
  assert.equal(new Set(NVIDIA_SMI_FIELDS).size, NVIDIA_SMI_FIELDS.length);
});

test('the energy counter: probed once, appended as the last field (mJ → J); a driver without the field says so', () => {
  const args = nvidiaSmiStreamArgs(1, 100, { energy: true });
  assert.match(args[0] ?? '', /,clocks_throttle_reasons\.active,total_energy_consumption$/);
  assert.match(nvidiaSmiStreamArgs(1, 100, { energy: true, throttleField: EVENT_REASONS_FIELD })[0] ?? '', /,temperature\.gpu,clocks_event_reasons\.active,total_energy_consumption$/);
  const line = '0, 00000000:18:00.0, NVIDIA H100 80GB HBM3, 550.54.15, 97, 30211, 81559, 688.25, 1980, 2619, 61, 0x0000000000000004, 123456789';
  const reading = parseNvidiaSmiLine(line, true);
  assert.equal(reading?.values['energyJ'], 123456.789);
  assert.equal(reading?.values['powerW'], 688.25);
  assert.equal(reading?.device.name, 'NVIDIA H100 80GB HBM3');
  assert.equal(parseNvidiaSmiLine(line.replace('123456789', '[N/A]'), true)?.values['energyJ'], null);
  assert.deepEqual(parseEnergyProbe(true, '123456789\n', ''), { joules: 123456.789 });
  assert.deepEqual(parseEnergyProbe(false, reconstructed('nvidia-smi-energy-not-a-field.txt'), 'Command failed'), {
    reason: 'nvidia-smi gives no total_energy_consumption here (Field "total_energy_consumption" is not a valid field to query.)',
  });
  assert.deepEqual(parseEnergyProbe(true, '[N/A]\n', ''), { reason: 'nvidia-smi gives no total_energy_consumption here ([N/A])' });
  assert.deepEqual(nvidiaSmiFieldProbeArgs(2, 'total_energy_consumption'), ['--query-gpu=total_energy_consumption', '--format=csv,noheader,nounits', '-i', '2']);
  assert.equal(isUnknownField(reconstructed('nvidia-smi-energy-not-a-field.txt'), ''), true);
  assert.equal(isUnknownField('0x0000000000000001\n', ''), false);
});
