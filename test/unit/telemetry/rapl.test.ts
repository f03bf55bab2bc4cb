import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { counterDelta, probeRapl, readRapl } from '../../../electron/engine/telemetry/rapl';
import { writePowercapTree } from '../../fixtures/powercap-tree';

const root = mkdtempSync(join(tmpdir(), 'infermeter-powercap-'));
after(() => rmSync(root, { recursive: true, force: true }));

test('packages are read from the tree; sub-domains are not counted twice', () => {
  const tree = join(root, 'two');
  writePowercapTree(tree, [{ energyUj: 1000, maxUj: 262_143_328_850 }, { energyUj: 5_000_000, maxUj: 65_532_610_987 }]);
  const probe = probeRapl(tree);
  assert.equal(probe.ok, true);
  if (!probe.ok) return;
  assert.deepEqual(probe.packages.map((p) => [p.name, p.maxEnergyRangeUj]), [['package-0', 262_143_328_850], ['package-1', 65_532_610_987]]);
  assert.deepEqual(readRapl(probe.packages), [1000, 5_000_000]);
  writeFileSync(join(tree, 'intel-rapl:1', 'energy_uj'), '1000\n');
  const [, after1] = readRapl(probe.packages);
  assert.equal(counterDelta(5_000_000, after1 ?? 0, 65_532_610_987), 65_532_610_987 - 5_000_000 + 1000, 'one wrap between reads');
  assert.equal(counterDelta(10, 25, 100), 15);
});

test('no powercap, no package, or an unreadable counter: a reason, not an error', () => {
  const missing = probeRapl(join(root, 'nothing-here'));
  assert.equal(missing.ok, false);
  if (!missing.ok) assert.match(missing.reason, /no .*nothing-here .*most VMs and containers lack RAPL/);
  const empty = join(root, 'empty');
  mkdirSync(join(empty, 'dtpm'), { recursive: true });
  const none = probeRapl(empty);
  assert.equal(none.ok, false);
  if (!none.ok) assert.match(none.reason, /no RAPL package domain/);
  const bad = join(root, 'bad');
  writePowercapTree(bad, [{ energyUj: 1, maxUj: 10 }]);
  writeFileSync(join(bad, 'intel-rapl:0', 'energy_uj'), 'garbage\n');
  const refused = probeRapl(bad);
  assert.equal(refused.ok, false);
  if (!refused.ok) assert.match(refused.reason, /energy_uj: not a counter/);
});
