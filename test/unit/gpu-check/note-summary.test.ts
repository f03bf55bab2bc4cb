import assert from 'node:assert/strict';
import { test } from 'node:test';
import { noteBlock, noteLines } from '../../../scripts/gpu-check/note-summary';
import type { SummaryRow } from '../../../scripts/gpu-check/summarize';
import { sampleHardware } from '../../fixtures/sample-run';

function row(precision: string, batch: number, throughput: number | null, extra: Partial<SummaryRow> = {}): SummaryRow {
  return {
    model: 'resnet50', provider: 'cuda', precision, batch, verdict: throughput === null ? 'failed: oom' : 'valid', throughput, p50Ms: throughput === null ? null : 1,
    vsFp32: null, gpuMemoryMiB: null, gpuUtilMean: null, gpuPowerMeanW: null, gpuJPerInference: null, gpuEnergyBasis: null, cpuJPerInference: null,
    device: '0: NVIDIA H200 (00000000:18:00.0, driver 570.86)', ...extra,
  };
}

test('one note line per model × provider × GPU × precision: the best batch, its speed-up, power and energy with the basis; memory at its highest', () => {
  const rows = [
    row('fp32', 1, 900, { gpuMemoryMiB: 1200 }),
    row('fp32', 64, 5000, { gpuMemoryMiB: 4100, gpuPowerMeanW: 610, gpuJPerInference: 0.122, gpuEnergyBasis: 'counter' }),
    row('fp32', 256, null),
    row('fp16', 64, 9000, { vsFp32: 1.8, gpuMemoryMiB: 2500, gpuPowerMeanW: 580, gpuJPerInference: 0.0644, gpuEnergyBasis: 'power-integral' }),
  ];
  const lines = noteLines(rows);
  assert.deepEqual(lines.map((l) => [l.group, l.bestBatch, l.bestThroughput, l.measured, l.batches, l.gpuMemoryMiBMax, l.energyBasisAtBest]), [
    ['resnet50 cuda [0: NVIDIA H200] fp32', 64, 5000, 2, 3, 4100, 'counter'],
    ['resnet50 cuda [0: NVIDIA H200] fp16', 64, 9000, 1, 1, 2500, 'power-integral'],
  ]);
  const block = noteBlock(sampleHardware, rows, 1, 'runs from 2026-01-01T00:00Z, 400 s of benches');
  assert.match(block, /^## GPU check \(for the note: paste as is\)\n/);
  assert.match(block, /\n\| resnet50 cuda \[0: NVIDIA H200\] fp16 \| 9000\.0 @ b64 \| 1\/1 \| 1\.80× \| 2500 \| 580 W \| 6\.44e-2 J \(power-integral\) \|\n/);
  assert.match(block, /- Failures and skipped steps: 1, listed below$/);
  assert.match(noteBlock(null, [], 0, 'no run finished'), /- Providers: hw\.json unreadable\n[\s\S]*- Failures and skipped steps: none$/);
});
