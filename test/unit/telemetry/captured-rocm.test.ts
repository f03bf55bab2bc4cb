// Our rocm-smi and amd-smi parsers on outputs that real ROCm releases printed on real cards
// (test/fixtures/telemetry/captured; SOURCES.md names each file's origin).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseAmdSmiMetric, parseAmdSmiStatic } from '../../../electron/engine/telemetry/amd-smi';
import { parseRocmSmiJson } from '../../../electron/engine/telemetry/rocm-smi';
import { captured } from './fixtures';

test('rocm-smi, ROCm 6.0.2, two MI100s: one reading per card, bus ids, the average package power', () => {
  const cards = parseRocmSmiJson(captured('rocm-smi-mi100x2-rocm602.json'));
  assert.deepEqual(cards.map((c) => c.device.index), [0, 1]);
  assert.deepEqual(cards[1]?.device, { index: 1, name: 'Arcturus GL-XL [Instinct MI100]', busId: '0000:A3:00.0', driver: '6.3.6', source: 'rocm-smi' });
  assert.deepEqual(cards[0]?.values, {
    utilizationPercent: 0,
    memoryUsedBytes: 6750208,
    memoryTotalBytes: 34342961152,
    powerW: 36,
    temperatureC: 55,
    smClockMHz: 300,
    memoryClockMHz: 1200,
  });
  assert.equal(cards[1]?.values['powerW'], 44);
});

test('rocm-smi on one RX 6700 XT across ROCm 4.3, 5.7 and 6.1: every release reads, names and all', () => {
  const [r43] = parseRocmSmiJson(captured('rocm-smi-rx6700xt-rocm430.json'));
  const [r57] = parseRocmSmiJson(captured('rocm-smi-rx6700xt-rocm571.json'));
  const [r61] = parseRocmSmiJson(captured('rocm-smi-rx6700xt-rocm612.json'));
  // ROCm 4.3 put the vendor id in "Card series": not a name.
  assert.equal(r43?.device.name, 'AMD GPU [0x73df]');
  assert.equal(r57?.device.name, 'Navi 22 [Radeon RX 6700/6700 XT / 6800M]');
  // ROCm 6.1 adds "Device Name" and capitalises "Card Series"; its output starts with a blank line.
  assert.equal(r61?.device.name, 'Navi 22 [Radeon RX 6700/6700 XT / 6800M]');
  for (const r of [r43, r57, r61]) {
    assert.equal(r?.device.busId, '0000:07:00.0');
    assert.equal(r?.values['powerW'], 6);
    assert.equal(r?.values['temperatureC'], 47, 'junction');
    assert.equal(r?.values['memoryTotalBytes'], 12868124672);
    assert.equal(r?.values['memoryClockMHz'], 96);
  }
  assert.equal(r57?.values['memoryUsedBytes'], 1564491776);
  // An idle RDNA2 card reports its shader clock as "(0Mhz)": a reading of 0, not a missing one.
  assert.equal(r61?.values['smClockMHz'], 0);
});

test('rocm-smi on a Vega 10 (driver 5.9.25): no product name at all, so the device id names it', () => {
  const [card] = parseRocmSmiJson(captured('rocm-smi-vega10-xt.json'));
  assert.equal(card?.device.name, 'AMD GPU [0x6861]');
  assert.equal(card?.device.driver, '5.9.25');
  assert.equal(card?.values['smClockMHz'], 1269);
  assert.equal(card?.values['powerW'], 15);
  assert.equal(card?.values['memoryUsedBytes'], 17776640);
});

test('a junction sensor that reads "N/A" gives way to the edge sensor (the ROCm 5.7 capture with its junction blanked)', () => {
  const data = JSON.parse(captured('rocm-smi-rx6700xt-rocm571.json')) as Record<string, Record<string, string>>;
  const card = data['card0'] as Record<string, string>;
  card['Temperature (Sensor junction) (C)'] = 'N/A';
  assert.equal(parseRocmSmiJson(JSON.stringify(data))[0]?.values['temperatureC'], 45);
  // rocm-smi of ROCm 2.x wrote the unit in lower case: "(c)".
  card['Temperature (Sensor edge) (c)'] = card['Temperature (Sensor edge) (C)'] ?? '';
  delete card['Temperature (Sensor edge) (C)'];
  assert.equal(parseRocmSmiJson(JSON.stringify(data))[0]?.values['temperatureC'], 45);
});

test('tool output around the JSON: a warning line before it, a second copy after it; no JSON at all still throws', () => {
  const json = captured('rocm-smi-rx6700xt-rocm571.json');
  assert.equal(parseRocmSmiJson(`WARNING: a line the tool printed before its JSON\n${json}`)[0]?.values['powerW'], 6);
  const metric = JSON.stringify([{ gpu: 0, power: { socket_power: { value: 41, unit: 'W' } } }], null, 4);
  assert.equal(parseAmdSmiMetric(`${metric}\n${metric}\n`)[0]?.values['powerW'], 41);
  assert.throws(() => parseRocmSmiJson('WARNING: No JSON data to report\n'), /not JSON: WARNING: No JSON data to report/);
});

test('amd-smi 25.x static JSON (MI210): gpu_data wrapper, no bus address, the kernel\'s build string as driver version', () => {
  const device = parseAmdSmiStatic(captured('amd-smi-mi210-static-25.json'), 0);
  assert.deepEqual(device, { index: 0, name: 'AMD Instinct MI210', busId: null, driver: 'kernel 6.14.0-24-generic', source: 'amd-smi' });
});
