import assert from 'node:assert/strict';
import { test } from 'node:test';
import { mergeGpus, parseCudaVersion, parseNvidiaSmiCsv, parseNvidiaSmiMemoryUsed } from '../../../electron/engine/hardware/gpu-parse';

const MIB = 1024 * 1024;

const header550 = `Fri Mar 15 10:21:33 2024
+-----------------------------------------------------------------------------------------+
| NVIDIA-SMI 550.54.15              Driver Version: 550.54.15      CUDA Version: 12.4     |
|-----------------------------------------+------------------------+----------------------+
| GPU  Name                 Persistence-M | Bus-Id          Disp.A | Volatile Uncorr. ECC |
`;
const header470 = '| NVIDIA-SMI 470.82.01    Driver Version: 470.82.01    CUDA Version: 11.4     |\n';

test('parseCudaVersion reads the header of plain nvidia-smi', () => {
  assert.equal(parseCudaVersion(header550), '12.4');
  assert.equal(parseCudaVersion(header470), '11.4');
  assert.equal(parseCudaVersion('| NVIDIA-SMI 580.65.06   Driver Version: 580.65.06   CUDA Version: 13.0  |'), '13.0');
  assert.equal(parseCudaVersion('NVIDIA-SMI has failed because it couldn\'t communicate with the NVIDIA driver.'), null);
});

test('parseNvidiaSmiCsv: two GPUs, MiB to bytes, CUDA version attached', () => {
  const gpus = parseNvidiaSmiCsv('NVIDIA H200, 550.54.15, 143771, 1, 0\nNVIDIA H200, 550.54.15, 143771, 4520, 87\n', '12.4');
  assert.equal(gpus.length, 2);
  assert.deepEqual(gpus[0], {
    vendor: 'NVIDIA', model: 'NVIDIA H200', vramBytes: 143771 * MIB, driver: '550.54.15', cudaVersion: '12.4',
    utilizationPercent: 0, memoryUsedBytes: 1 * MIB, source: 'nvidia-smi',
  });
  assert.equal(gpus[1]?.memoryUsedBytes, 4520 * MIB);
  assert.equal(gpus[1]?.utilizationPercent, 87);
});

test('parseNvidiaSmiCsv: [N/A] and [Not Supported] become null; CRLF and blank lines are fine', () => {
  const gpus = parseNvidiaSmiCsv('Tesla T4, 535.104.05, 15360, 0, [N/A]\r\n\r\nGRID A100-8C, 470.63.01, [Not Supported], 0, [Not Supported]\r\n');
  assert.equal(gpus.length, 2);
  assert.equal(gpus[0]?.utilizationPercent, null);
  assert.equal(gpus[0]?.vramBytes, 15360 * MIB);
  assert.equal(gpus[0]?.cudaVersion, null);
  assert.equal(gpus[1]?.vramBytes, null);
  assert.equal(gpus[1]?.model, 'GRID A100-8C');
});

test('parseNvidiaSmiCsv: a comma in the name stays in the name; error text yields no GPU', () => {
  const [gpu] = parseNvidiaSmiCsv('NVIDIA RTX A6000, Rev 2, 535.54.03, 49140, 10, 3');
  assert.equal(gpu?.model, 'NVIDIA RTX A6000, Rev 2');
  assert.equal(gpu?.driver, '535.54.03');
  assert.deepEqual(parseNvidiaSmiCsv('No devices were found\n'), []);
  assert.deepEqual(parseNvidiaSmiCsv(''), []);
});

test('parseNvidiaSmiMemoryUsed: one number per GPU, in bytes', () => {
  assert.deepEqual(parseNvidiaSmiMemoryUsed('1\n4520\n'), [MIB, 4520 * MIB]);
  assert.deepEqual(parseNvidiaSmiMemoryUsed('[N/A]\n'), []);
});

test('mergeGpus: nvidia-smi replaces systeminformation for NVIDIA, keeps other vendors', () => {
  const smi = parseNvidiaSmiCsv('NVIDIA GeForce RTX 4090, 550.54.15, 24564, 900, 5', '12.4');
  const merged = mergeGpus(smi, [
    { vendor: 'NVIDIA Corporation', model: 'AD102 [GeForce RTX 4090]', vram: 24564, vramDynamic: false },
    { vendor: 'Intel Corporation', model: 'Raptor Lake-S GT1 [UHD Graphics 770]', vram: 256, vramDynamic: true },
  ]);
  assert.equal(merged.length, 2);
  assert.equal(merged[0]?.source, 'nvidia-smi');
  assert.equal(merged[1]?.vendor, 'Intel Corporation');
  assert.equal(merged[1]?.vramBytes, null, 'shared-memory GPU has no dedicated VRAM');
  assert.equal(merged[1]?.source, 'systeminformation');
});

test('mergeGpus: without nvidia-smi an NVIDIA controller is kept, with its VRAM in bytes', () => {
  const merged = mergeGpus([], [{ vendor: 'NVIDIA', model: 'GA102', vram: 10240, vramDynamic: false, driverVersion: '535.1', memoryUsed: 100, utilizationGpu: 2 }]);
  assert.deepEqual(merged, [
    { vendor: 'NVIDIA', model: 'GA102', vramBytes: 10240 * MIB, driver: '535.1', cudaVersion: null, utilizationPercent: 2, memoryUsedBytes: 100 * MIB, source: 'systeminformation' },
  ]);
  assert.equal(mergeGpus([], [{ vendor: '', model: '', vram: null, vramDynamic: false }])[0]?.vendor, 'unknown');
});
