import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { startPointTelemetry } from '../../../electron/engine/telemetry/point-telemetry';
import { writePowercapTree } from '../../fixtures/powercap-tree';

const root = mkdtempSync(join(tmpdir(), 'infermeter-point-telemetry-'));
after(() => rmSync(root, { recursive: true, force: true }));

function busy(ms: number): void {
  const end = Date.now() + ms;
  let x = 0;
  while (Date.now() < end) x += Math.sqrt(x + 1);
}

test('a CPU point: no GPU figure and why, our CPU share, and RAPL energy from a counter rising at 20 W', async () => {
  const tree = join(root, 'powercap');
  writePowercapTree(tree, [{ energyUj: 0, maxUj: 262_143_328_850 }]);
  const t0 = performance.now();
  // The fixture counter rises 20 J/s (20 W), written every 10 ms like a package drawing a steady 20 W.
  const writer = setInterval(() => writeFileSync(join(tree, 'intel-rapl:0', 'energy_uj'), `${Math.round((performance.now() - t0) * 20_000)}\n`), 10);
  try {
    const session = await startPointTelemetry('cpu', undefined, { powercapRoot: tree });
    const windowStart = performance.now();
    for (let i = 0; i < 8; i++) {
      busy(50);
      await new Promise((r) => setImmediate(r));
      session.timing(performance.now() - windowStart);
    }
    const windowMs = performance.now() - windowStart;
    const t = session.finish(windowMs, 1000);
    assert.deepEqual(t.gpu, { available: false, reason: 'the point ran on the CPU provider' });
    assert.equal(t.gpuEnergy.available, false);
    assert.ok(t.cpu !== null && t.cpu.processPercent > 0, `our CPU share: ${t.cpu?.processPercent}`);
    assert.equal(t.cpuEnergy.available, true, JSON.stringify(t.cpuEnergy));
    if (t.cpuEnergy.available) {
      const expected = 20 * (windowMs / 1000);
      assert.ok(Math.abs(t.cpuEnergy.joules - expected) / expected < 0.2, `${t.cpuEnergy.joules.toFixed(2)} J against ${expected.toFixed(2)} J`);
      assert.equal(t.cpuEnergy.inferences, 1000);
    }
  } finally {
    clearInterval(writer);
  }
});

test('a GPU provider on a machine without nvidia-smi or rocm-smi: every GPU figure is absent with the reason', async (t) => {
  const session = await startPointTelemetry('cuda', 0, { powercapRoot: join(root, 'none') });
  const result = session.finish(100, 10);
  if (result.gpu.available) {
    t.skip(`this machine has a working nvidia-smi (${result.gpu.device.name})`);
    return;
  }
  assert.match(result.gpu.reason, /nvidia-smi/);
  assert.equal(result.gpuEnergy.available, false);
  assert.equal(result.cpuEnergy.available, false);
  if (!result.cpuEnergy.available) assert.match(result.cpuEnergy.reason, /lack RAPL/);
});
