import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { HardwareReport, ProviderStatus } from '../../../electron/contract/hardware';
import { gpuCheckPlan } from '../../../scripts/gpu-check/plan';
import { sampleHardware } from '../../fixtures/sample-run';

function withProviders(extra: ProviderStatus[]): HardwareReport {
  return { ...sampleHardware, providers: [...sampleHardware.providers, ...extra] };
}
const ok = (id: ProviderStatus['id']): ProviderStatus => ({ id, available: true, status: 'available', reason: null, remedy: null, probeMs: 40 });

test('full check: every model on each available GPU provider at fp32 and fp16 over 1-256, and the CPU at 1 and 64', () => {
  const plan = gpuCheckPlan(withProviders([ok('webgpu'), ok('cuda'), { id: 'tensorrt', available: false, status: 'not-installed', reason: 'libnvinfer.so.10 not found', remedy: 'npm run install:cuda', probeMs: null }]), false);
  assert.deepEqual(plan.steps.map((s) => s.label), [
    'builtin:resnet50 webgpu', 'builtin:resnet50 cuda', 'builtin:resnet50 cpu',
    'builtin:bert-base webgpu', 'builtin:bert-base cuda', 'builtin:bert-base cpu',
    'builtin:mlp webgpu', 'builtin:mlp cuda', 'builtin:mlp cpu',
  ]);
  const gpu = plan.steps[0]?.args ?? [];
  assert.deepEqual(gpu.slice(0, 7), ['builtin:resnet50', '--ep', 'webgpu', '--precision', 'fp32,fp16', '--batch', '1-256']);
  const cpu = plan.steps[2]?.args ?? [];
  assert.deepEqual(cpu.slice(0, 7), ['builtin:resnet50', '--ep', 'cpu', '--precision', 'fp32', '--batch', '1,64']);
  assert.deepEqual(plan.failures, [{ label: 'provider tensorrt', reason: 'not available: libnvinfer.so.10 not found (npm run install:cuda)' }]);
});

test('dry run on a CPU machine: the tiny MLP on the CPU only, each GPU provider listed with why it is missing', () => {
  const plan = gpuCheckPlan(sampleHardware, true);
  assert.deepEqual(plan.steps.map((s) => s.label), ['builtin:mlp:tiny cpu']);
  assert.ok(plan.steps[0]?.args.includes('--max-time-ms'));
  const trials = plan.steps[0]?.args.indexOf('--trials') ?? -1;
  assert.equal(plan.steps[0]?.args[trials + 1], '1', 'the check runs one session per point, as the full check does');
  assert.deepEqual(plan.failures.map((f) => f.label), ['provider webgpu', 'provider cuda', 'provider tensorrt']);
  assert.ok(plan.failures.every((f) => f.reason.startsWith('not available: ')));
});

test('two NVIDIA GPUs: CUDA steps run on both devices; WebGPU, which picks its own adapter, does not take --device', () => {
  const gpu = { vendor: 'NVIDIA', model: 'NVIDIA H200', vramBytes: 150e9, driver: '560.35.03', cudaVersion: '12.6', utilizationPercent: 0, memoryUsedBytes: 0, source: 'nvidia-smi' as const };
  const plan = gpuCheckPlan({ ...withProviders([ok('webgpu'), ok('cuda')]), gpus: [gpu, gpu] }, false);
  const cuda = plan.steps.find((s) => s.label === 'builtin:mlp cuda');
  const webgpu = plan.steps.find((s) => s.label === 'builtin:mlp webgpu');
  assert.deepEqual(cuda?.args.slice(1, 5), ['--ep', 'cuda', '--device', '0,1']);
  assert.ok(!webgpu?.args.includes('--device'));
});
