import assert from 'node:assert/strict';
import * as os from 'node:os';
import { test } from 'node:test';
import { hardwareReportSchema, providerIds } from '../../../electron/contract/hardware';
import { detectHardware } from '../../../electron/engine/hardware/detect-hardware';
import { formatHardware } from '../../../electron/cli/format/hardware-text';
import { int8PathFor } from '../../../electron/engine/hardware/int8-path';

test('detectHardware with probing: a valid report, a working cpu provider, every failure explained', async () => {
  const report = await detectHardware({ probeProviders: true });
  hardwareReportSchema.parse(report);

  assert.equal(report.cpu.logicalCores, os.cpus().length);
  assert.ok(report.cpu.physicalCores >= 1 && report.cpu.physicalCores <= report.cpu.logicalCores);
  assert.equal(report.cpu.arch, process.arch);
  assert.ok(report.memory.totalBytes >= report.memory.availableBytes && report.memory.availableBytes > 0);
  assert.equal(report.os.platform, process.platform);
  assert.equal(report.software.node, process.version);
  assert.ok(!Number.isNaN(Date.parse(report.detectedAt)));
  if (process.arch === 'x64' || process.arch === 'arm64') {
    assert.ok(report.cpu.flags.length > 0, 'flags are read on x64 and arm64');
  }

  assert.deepEqual(report.providers.map((p) => p.id), [...providerIds]);
  const cpu = report.providers.find((p) => p.id === 'cpu');
  assert.equal(cpu?.status, 'available');
  assert.equal(cpu?.available, true);
  assert.ok((cpu?.probeMs ?? 0) > 0);
  if (process.platform === 'linux') assert.equal(report.providers.find((p) => p.id === 'dml')?.status, 'not-bundled');
  if (process.platform !== 'darwin') assert.equal(report.providers.find((p) => p.id === 'coreml')?.status, 'not-bundled');

  for (const p of report.providers) {
    assert.equal(p.available, p.status === 'available', p.id);
    if (p.available) continue;
    assert.ok(p.reason && p.reason.length > 0, `${p.id} has a reason`);
    assert.ok(p.remedy && p.remedy.length > 0, `${p.id} has a remedy`);
    assert.notEqual(p.status, 'not-probed');
  }

  const text = formatHardware(report);
  for (const p of report.providers) assert.match(text, new RegExp(`^${p.id}\\s+${p.status}\\b`, 'm'));

  // The INT8 path follows from the detected features alone; with probing, INT8 against FP32 is measured for both encodings.
  assert.deepEqual(report.cpu.int8, int8PathFor(report.cpu.features, report.cpu.arch));
  assert.ok(report.int8Speed && report.int8Speed.s8 > 0 && report.int8Speed.u8 > 0, JSON.stringify(report.int8Speed));
  assert.ok(report.int8Speed.spread.s8[0] <= report.int8Speed.s8 && report.int8Speed.s8 <= report.int8Speed.spread.s8[1]);
  assert.match(text, new RegExp(`^  INT8 path\\s+${report.cpu.int8?.kernel}: `, 'm'));
  assert.match(text, /^ {2}INT8 speed\s+\d+\.\d\d× FP32 with int8 weights/m);
});

test('detectHardware without probing runs no session: nothing is "available", certainties still reported', async () => {
  const report = await detectHardware({ probeProviders: false });
  hardwareReportSchema.parse(report);
  for (const p of report.providers) {
    assert.equal(p.available, false, p.id);
    assert.equal(p.probeMs, null, p.id);
    assert.ok(p.reason && p.remedy, p.id);
  }
  assert.equal(report.providers.find((p) => p.id === 'cpu')?.status, 'not-probed');
  if (process.platform === 'linux') assert.equal(report.providers.find((p) => p.id === 'dml')?.status, 'not-bundled');
  assert.equal(report.int8Speed, null);
});
