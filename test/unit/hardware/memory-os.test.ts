import assert from 'node:assert/strict';
import { test } from 'node:test';
import { powerSourceFromBattery } from '../../../electron/engine/hardware/memory-os';

test('powerSourceFromBattery: battery only when one is present and unplugged', () => {
  assert.equal(powerSourceFromBattery({ hasBattery: true, acConnected: false, isCharging: false }), 'battery');
  assert.equal(powerSourceFromBattery({ hasBattery: true, acConnected: true, isCharging: false }), 'ac');
  assert.equal(powerSourceFromBattery({ hasBattery: true, acConnected: false, isCharging: true }), 'ac');
  assert.equal(powerSourceFromBattery({ hasBattery: false, acConnected: false, isCharging: false }), 'ac');
  assert.equal(powerSourceFromBattery(null), 'unknown');
});
