// The GPU check's plan, from `infermeter hw --json`: one bench step per model × provider, and every GPU provider
// that did not probe available with its reason. `node plan.js HW.json OUT_DIR [--dry-run]` writes
// OUT_DIR/plan.tsv (label, then the bench arguments, tab-separated) and OUT_DIR/failures.tsv; gpu-check.sh runs the steps.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hardwareReportSchema, type HardwareReport, type ProviderId } from '../../electron/contract/hardware';
import { DEVICE_PROVIDERS } from '../../electron/engine/bench/plan';

export interface CheckStep {
  label: string;
  args: string[];
}
export interface CheckPlan {
  steps: CheckStep[];
  failures: Array<{ label: string; reason: string }>;
}

export const GPU_PROVIDERS: readonly ProviderId[] = ['webgpu', 'cuda', 'tensorrt'];

const FULL = {
  models: ['builtin:resnet50', 'builtin:bert-base', 'builtin:mlp'],
  gpuPrecisions: 'fp32,fp16',
  gpuBatches: '1-256',
  cpuBatches: '1,64',
  // Short points: ~160 of them must fit the 10-minute budget; the 2% CI target still marks noisy points unstable.
  // One session per point: trials in fresh processes (bench's default) would pay the provider's device start-up
  // three times a point, which the budget cannot carry; the summary's intervals are then one session's.
  stopping: ['--trials', '1', '--warmup-ms', '300', '--min-time-ms', '300', '--max-time-ms', '2000', '--target-ci', '0.02', '--no-ort-profile'],
};
const DRY = {
  models: ['builtin:mlp:tiny'],
  gpuPrecisions: 'fp32',
  gpuBatches: '1,2',
  cpuBatches: '1,4',
  stopping: ['--trials', '1', '--warmup', '2', '--warmup-ms', '20', '--min-iterations', '5', '--min-time-ms', '50', '--max-time-ms', '300', '--no-ort-profile'],
};

/** INT8 is left to the CPU: the converter's DynamicQuantizeMatMul has no kernel in onnxruntime's GPU providers. */
export const GPU_INT8_NOTE = 'int8 not benched on GPU providers: onnxruntime runs the INT8 converter\'s DynamicQuantizeMatMul only on the CPU provider';

export function gpuCheckPlan(hw: HardwareReport, dryRun: boolean): CheckPlan {
  const cfg = dryRun ? DRY : FULL;
  const steps: CheckStep[] = [];
  const failures: CheckPlan['failures'] = [];
  const gpus: ProviderId[] = [];
  for (const id of GPU_PROVIDERS) {
    const status = hw.providers.find((p) => p.id === id);
    if (status?.available) gpus.push(id);
    else failures.push({ label: `provider ${id}`, reason: `not available: ${status?.reason ?? 'not probed'}${status?.remedy ? ` (${status.remedy})` : ''}` });
  }
  const common = ['--quiet', ...cfg.stopping];
  // Every NVIDIA GPU of the box, so that several can be compared in one check (CUDA and TensorRT take a device id).
  const nvidia = hw.gpus.filter((g) => g.source === 'nvidia-smi').length;
  const devices = nvidia > 1 ? ['--device', Array.from({ length: nvidia }, (_, i) => i).join(',')] : [];
  for (const model of cfg.models) {
    for (const ep of gpus) {
      const device = DEVICE_PROVIDERS.has(ep) ? devices : [];
      steps.push({ label: `${model} ${ep}`, args: [model, '--ep', ep, ...device, '--precision', cfg.gpuPrecisions, '--batch', cfg.gpuBatches, ...common] });
    }
    steps.push({ label: `${model} cpu`, args: [model, '--ep', 'cpu', '--precision', 'fp32', '--batch', cfg.cpuBatches, ...common] });
  }
  return { steps, failures };
}

function main(): void {
  const [hwPath, outDir] = process.argv.slice(2);
  if (!hwPath || !outDir) throw new Error('usage: node plan.js HW.json OUT_DIR [--dry-run]');
  const parsed = hardwareReportSchema.safeParse(JSON.parse(readFileSync(hwPath, 'utf8')));
  if (!parsed.success) throw new Error(`${hwPath}: not an infermeter hardware report: ${parsed.error.issues[0]?.message ?? ''}`);
  const plan = gpuCheckPlan(parsed.data, process.argv.includes('--dry-run'));
  writeFileSync(join(outDir, 'plan.tsv'), plan.steps.map((s) => [s.label, ...s.args].join('\t')).join('\n') + '\n');
  writeFileSync(join(outDir, 'failures.tsv'), plan.failures.map((f) => `${f.label}\t${f.reason}\n`).join(''));
}

if (require.main === module) {
  try {
    main();
  } catch (error) {
    process.stderr.write(`gpu-check plan: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  }
}
