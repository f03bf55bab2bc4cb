import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseRocmSmiJson, rocmSmiArgs } from '../../../electron/engine/telemetry/rocm-smi';
import { reconstructed } from './fixtures';

test('ROCm 6.1 JSON (MI210, reconstructed): socket power, junction temperature, clocks from "(NMhz)", the product name and driver', () => {
  const [card] = parseRocmSmiJson(reconstructed('rocm-smi-mi210-rocm61.json'));
  assert.deepEqual(card?.device, { index: 0, name: 'Aldebaran/MI200 [Instinct MI210]', busId: '0000:C1:00.0', driver: '6.7.0', source: 'rocm-smi' });
  assert.deepEqual(card?.values, {
    utilizationPercent: 87,
    memoryUsedBytes: 21474836480,
    memoryTotalBytes: 68702699520,
    powerW: 287,
    temperatureC: 58,
    smClockMHz: 1700,
    memoryClockMHz: 1600,
  });
});

test('the system entry is not a card; text that is not JSON throws', () => {
  assert.equal(parseRocmSmiJson('{"system": {"Driver version": "6.2.0"}}').length, 0);
  assert.throws(() => parseRocmSmiJson('ERROR: GPU[0] : Unable to get power'));
  assert.deepEqual(rocmSmiArgs(3).slice(0, 2), ['-d', '3']);
});
