import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type HardwareReport, hardwareReportSchema } from '../../../electron/contract/hardware';
import { featureList, formatHardware } from '../../../electron/cli/format/hardware-text';
import { formatBytes } from '../../../common/units';
import { padTable } from '../../../electron/cli/format/text-table';

const noFeatures = {
  avx2: false, avx512f: false, avx512vnni: false, avxVnni: false, avx512bf16: false, avx512fp16: false, amx: false,
  f16c: false, fma: false, neon: false, dotprod: false, armFp16: false, i8mm: false,
};

const report: HardwareReport = hardwareReportSchema.parse({
  schemaVersion: 1,
  detectedAt: '2026-01-02T03:04:05.000Z',
  cpu: {
    vendor: 'AMD', model: 'AMD EPYC 9654', arch: 'x64', physicalCores: 96, logicalCores: 192, baseClockGHz: 2.4, maxClockGHz: null,
    cacheBytes: { l1d: 32768, l1i: 32768, l2: 1048576, l3: 33554432 },
    features: { ...noFeatures, avx2: true, avx512f: true, avx512vnni: true, f16c: true },
    flags: ['avx2', 'avx512f', 'avx512_vnni', 'f16c'],
  },
  memory: { totalBytes: 64 * 1024 ** 3, availableBytes: 48.5 * 1024 ** 3 },
  os: { platform: 'linux', distro: 'Ubuntu', release: '22.04', kernel: '6.5.0-1', arch: 'x64', hostname: 'gpu-box' },
  powerSource: 'ac',
  gpus: [
    { vendor: 'NVIDIA', model: 'NVIDIA H100 80GB HBM3', vramBytes: 81559 * 1024 ** 2, driver: '550.54.15', cudaVersion: '12.4', utilizationPercent: 0, memoryUsedBytes: 1024 ** 2, source: 'nvidia-smi' },
  ],
  software: { onnxruntime: '1.30.0', node: 'v20.20.2', app: '0.1.0' },
  providers: [
    { id: 'cpu', available: true, status: 'available', reason: null, remedy: null, probeMs: 36.8 },
    { id: 'cuda', available: false, status: 'not-installed', reason: 'CUDA provider libraries are not installed', remedy: 'npm run install:cuda', probeMs: 0.6 },
    { id: 'dml', available: false, status: 'not-bundled', reason: 'not bundled in onnxruntime-node for linux/x64', remedy: 'DirectML ships only with the Windows build', probeMs: null },
  ],
});

test('formatHardware shows the CPU, memory, OS, power, GPU and software lines', () => {
  const text = formatHardware(report);
  const lines = text.split('\n');
  const line = (start: string): string => lines.find((l) => l.startsWith(start)) ?? assert.fail(`no line starting ${JSON.stringify(start)} in\n${text}`);
  assert.match(line('CPU '), /AMD EPYC 9654 \(AMD, x64\)$/);
  assert.match(line('  cores '), /96 physical, 192 logical$/);
  assert.match(line('  clock '), /2\.40 GHz base, unknown max$/);
  assert.match(line('  cache '), /L1d 32 KiB, L1i 32 KiB, L2 1 MiB, L3 32 MiB/);
  assert.match(line('  features '), /AVX2 F16C AVX-512 AVX512-VNNI$/);
  assert.match(line('Memory '), /64 GiB total, 48\.5 GiB available$/);
  assert.match(line('OS '), /Ubuntu 22\.04 \(linux x64, kernel 6\.5\.0-1\), host gpu-box$/);
  assert.match(line('Power '), /AC$/);
  assert.match(line('GPUs '), /NVIDIA NVIDIA H100 80GB HBM3, VRAM 79\.6 GiB, driver 550\.54\.15, CUDA 12\.4, 1 MiB in use, 0% busy, from nvidia-smi$/);
  assert.match(line('Software '), /onnxruntime 1\.30\.0, node v20\.20\.2, infermeter 0\.1\.0$/);
});

test('formatHardware lists every provider with status, probe time and reason → remedy, in aligned columns', () => {
  const lines = formatHardware(report).split('\n');
  const header = lines.findIndex((l) => l === 'Execution providers');
  assert.ok(header > 0);
  const table = lines.slice(header + 1, header + 5);
  assert.match(table[0] ?? '', /^provider\s+status\s+probe\s+detail$/);
  assert.match(table[1] ?? '', /^cpu\s+available\s+36\.8 ms$/);
  assert.match(table[2] ?? '', /^cuda\s+not-installed\s+0\.6 ms\s+CUDA provider libraries are not installed → npm run install:cuda$/);
  assert.match(table[3] ?? '', /^dml\s+not-bundled\s+-\s+not bundled in onnxruntime-node for linux\/x64 → DirectML ships only with the Windows build$/);
  const statusColumn = table.map((l) => l.indexOf(l.split(/\s+/)[1] ?? '', l.split(/\s+/)[0]?.length));
  assert.equal(new Set(statusColumn).size, 1, 'status column aligned');
});

test('formatHardware without GPUs says so', () => {
  assert.match(formatHardware({ ...report, gpus: [] }), /^GPUs\s+none found$/m);
});

test('featureList: labels in a fixed order, "none of note" when empty', () => {
  assert.equal(featureList({ ...noFeatures, neon: true, dotprod: true, i8mm: true }), 'NEON DotProd I8MM');
  assert.equal(featureList(noFeatures), 'none of note');
});

test('formatBytes: binary units, one decimal unless whole', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(32 * 1024 ** 2), '32 MiB');
  assert.equal(formatBytes(null), 'unknown');
});

test('padTable pads every column but the last, two spaces apart', () => {
  assert.equal(padTable([['a', 'bb', 'c'], ['ccc', 'd', 'eeee'], ['x']]), 'a    bb  c\nccc  d   eeee\nx');
});
