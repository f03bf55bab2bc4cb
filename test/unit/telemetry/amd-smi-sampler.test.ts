import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, test } from 'node:test';
import { startPointTelemetry } from '../../../electron/engine/telemetry/point-telemetry';
import { TELEMETRY_FIXTURES } from './fixtures';
import { writeAmdSmi, writeNoDriverNvidiaSmi } from './stand-in-tools';

const dir = fs.mkdtempSync(join(tmpdir(), 'infermeter-amd-smi-'));
const savedPath = process.env['PATH'];
after(() => {
  process.env['PATH'] = savedPath;
  fs.rmSync(dir, { recursive: true, force: true });
});
writeNoDriverNvidiaSmi(dir);
writeAmdSmi(dir, join(TELEMETRY_FIXTURES, 'reconstructed'), 500, 450);
process.env['PATH'] = `${dir}${delimiter}${savedPath ?? ''}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('a WebGPU point on an AMD machine with amd-smi: the device from amd-smi static, readings polled, energy from its counter', { skip: process.platform === 'win32' }, async () => {
  const session = await startPointTelemetry('webgpu', 0, { powercapRoot: join(dir, 'no-powercap') });
  // Each amd-smi poll starts a process (here node, on the real tool Python): readings come every few hundred ms.
  await sleep(1500);
  session.timing(0);
  await sleep(2500);
  const t = session.finish(2500, 1000);
  assert.equal(t.gpu.available, true, t.gpu.available ? '' : t.gpu.reason);
  if (!t.gpu.available || !t.gpuEnergy.available) return assert.fail(t.gpuEnergy.available ? 'no GPU telemetry' : t.gpuEnergy.reason);
  assert.deepEqual(t.gpu.device, { index: 0, name: 'AMD Instinct MI300X', busId: '0000:0c:00.0', driver: '6.8.5', source: 'amd-smi' });
  assert.equal(t.gpu.intervalMs, 250);
  assert.deepEqual(t.gpu.powerW, { min: 450, mean: 450, max: 450 });
  assert.equal(t.gpu.utilizationPercent?.mean, 96);
  assert.equal(t.gpuEnergy.basis, 'counter');
  assert.match(t.gpuEnergy.method, /^amd-smi total_energy_consumption/);
  // 500 W over 2.5 s: 1250 J; a poll's stamp lags its reading by the process's exit, much the same at both ends.
  assert.ok(Math.abs(t.gpuEnergy.joules - 1250) / 1250 < 0.2, `${t.gpuEnergy.joules.toFixed(1)} J`);
});
