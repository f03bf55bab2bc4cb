// The GPU check's headline: a short block a session pastes into its note as is. The machine and its GPUs, every
// provider found or why not, then one line per model × provider × precision × device: best throughput and its batch,
// the FP16/FP32 speed-up there, memory, power and energy per inference with how the energy was had.
import type { HardwareReport } from '../../electron/contract/hardware';
import type { SummaryRow } from './summarize';

export interface NoteLine {
  group: string;
  bestThroughput: number | null;
  bestBatch: number | null;
  batches: number;
  measured: number;
  vsFp32AtBest: number | null;
  gpuMemoryMiBMax: number | null;
  gpuPowerWAtBest: number | null;
  gpuJPerInferenceAtBest: number | null;
  energyBasisAtBest: string | null;
}

/** One line per model × provider × precision × device, in the order the rows came (the plan's order). */
export function noteLines(rows: readonly SummaryRow[]): NoteLine[] {
  const groups = new Map<string, SummaryRow[]>();
  for (const r of rows) {
    const key = `${r.model} ${r.provider}${r.device ? ` [${r.device.split(' (')[0]}]` : ''} ${r.precision}`;
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return [...groups].map(([group, rs]) => {
    const measured = rs.filter((r) => r.throughput !== null);
    const best = measured.reduce<SummaryRow | null>((a, r) => (a === null || (r.throughput ?? 0) > (a.throughput ?? 0) ? r : a), null);
    const memory = rs.flatMap((r) => (r.gpuMemoryMiB === null ? [] : [r.gpuMemoryMiB]));
    return {
      group,
      bestThroughput: best?.throughput ?? null,
      bestBatch: best?.batch ?? null,
      batches: rs.length,
      measured: measured.length,
      vsFp32AtBest: best?.vsFp32 ?? null,
      gpuMemoryMiBMax: memory.length ? Math.max(...memory) : null,
      gpuPowerWAtBest: best?.gpuPowerMeanW ?? null,
      gpuJPerInferenceAtBest: best?.gpuJPerInference ?? null,
      energyBasisAtBest: best?.gpuEnergyBasis ?? null,
    };
  });
}

const num = (v: number | null, digits: number, unit = ''): string => (v === null ? '–' : `${v.toFixed(digits)}${unit}`);

function lineCells(l: NoteLine): string {
  const energy = l.gpuJPerInferenceAtBest === null ? '–' : `${l.gpuJPerInferenceAtBest.toExponential(2)} J (${l.energyBasisAtBest ?? 'method in summary.txt'})`;
  return `| ${l.group} | ${num(l.bestThroughput, 1)}${l.bestBatch === null ? '' : ` @ b${l.bestBatch}`} | ${l.measured}/${l.batches} | ${l.vsFp32AtBest === null ? '–' : `${l.vsFp32AtBest.toFixed(2)}×`} | ${num(l.gpuMemoryMiBMax, 0)} | ${num(l.gpuPowerWAtBest, 0, ' W')} | ${energy} |`;
}

/** The block, as Markdown: the facts, then the table, then the count of failures (listed in full below it). */
export function noteBlock(hw: HardwareReport | null, rows: readonly SummaryRow[], failures: number, span: string): string {
  const gpus = hw?.gpus.length ? hw.gpus.map((g, i) => `${i}: ${g.model} (driver ${g.driver ?? '?'}${g.vramBytes ? `, ${Math.round(g.vramBytes / 2 ** 20)} MiB` : ''})`).join('; ') : 'none listed';
  const providers = hw ? hw.providers.map((p) => (p.available ? `${p.id} available` : `${p.id} ${p.status}${p.reason ? ` (${p.reason})` : ''}`)).join('; ') : 'hw.json unreadable';
  return [
    '## GPU check (for the note: paste as is)',
    '',
    `- Machine: ${hw ? `${hw.cpu.model}, ${hw.cpu.logicalCores} logical cores; onnxruntime ${hw.software.onnxruntime}` : '?'}; ${span}`,
    `- GPUs: ${gpus}`,
    `- Providers: ${providers}`,
    `- Energy basis: "counter" is the driver's energy counter (NVML / amd-smi), "power-integral" sampled board power integrated; idle power included in both`,
    '',
    '| model provider [GPU] precision | best samples/s @ batch | measured | vs FP32 at that batch | GPU MiB max | GPU W at best | GPU J/inference at best |',
    '|---|---|---|---|---|---|---|',
    ...noteLines(rows).map(lineCells),
    '',
    `- Failures and skipped steps: ${failures === 0 ? 'none' : `${failures}, listed below`}`,
  ].join('\n');
}
