import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, test } from 'node:test';
import { startPointTelemetry } from '../../../electron/engine/telemetry/point-telemetry';
import { writeNvidiaSmi } from './stand-in-tools';

const dir = fs.mkdtempSync(join(tmpdir(), 'infermeter-nvml-energy-'));
const savedPath = process.env['PATH'];
after(() => {
  process.env['PATH'] = savedPath;
  fs.rmSync(dir, { recursive: true, force: true });
});
// The counter rises at 400 W while power.draw reads 300 W: which figure came out says which method was used.
writeNvidiaSmi(dir, 400, 300);
process.env['PATH'] = `${dir}${delimiter}${savedPath ?? ''}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(device: number) {
  const session = await startPointTelemetry('cuda', device, { powercapRoot: join(dir, 'no-powercap') });
  await sleep(300);
  session.timing(0);
  await sleep(1200);
  return session.finish(1200, 600);
}

test('nvidia-smi with the energy counter: the point\'s GPU energy is the counter\'s difference, recorded as such', { skip: process.platform === 'win32' }, async () => {
  const t = await measure(0);
  assert.equal(t.gpu.available, true, t.gpu.available ? '' : t.gpu.reason);
  assert.equal(t.gpuEnergy.available, true, t.gpuEnergy.available ? '' : t.gpuEnergy.reason);
  if (!t.gpuEnergy.available) return;
  assert.equal(t.gpuEnergy.basis, 'counter');
  assert.match(t.gpuEnergy.method, /^nvidia-smi total_energy_consumption \(NVML energy counter, mJ\) over \d+ ms of readings/);
  // 400 W over the 1.2 s window: 480 J (the readings' stamps jitter by a scheduling slice, hence the margin).
  assert.ok(Math.abs(t.gpuEnergy.joules - 480) / 480 < 0.15, `${t.gpuEnergy.joules.toFixed(1)} J`);
  assert.equal(t.gpuEnergy.inferences, 600);
  // This GPU's nvidia-smi offers power.draw.instant: the stream asked for it (its power.draw reads half).
  assert.equal(t.gpu.available && t.gpu.powerW?.mean, 300);
});

test('a GPU whose counter reads [N/A]: board power integrated instead, and the method says why', { skip: process.platform === 'win32' }, async () => {
  const t = await measure(1);
  // GPU 1's nvidia-smi knows only the pre-535 throttle name, GPU 0's only the new one: both stream, so each got its own.
  assert.equal(t.gpu.available, true, t.gpu.available ? '' : t.gpu.reason);
  assert.equal(t.gpuEnergy.available, true, t.gpuEnergy.available ? '' : t.gpuEnergy.reason);
  if (!t.gpuEnergy.available) return;
  assert.equal(t.gpuEnergy.basis, 'power-integral');
  assert.match(t.gpuEnergy.method, /trapezoid.*; no energy counter used: nvidia-smi gives no total_energy_consumption here \(\[N\/A\]\)$/);
  assert.match(t.gpuEnergy.method, /^nvidia-smi power\.draw \(a 1 s average on Ampere and later, instantaneous before\) integrated over/);
  assert.ok(Math.abs(t.gpuEnergy.joules - 360) / 360 < 0.15, `${t.gpuEnergy.joules.toFixed(1)} J`);
});
