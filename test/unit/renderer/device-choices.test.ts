import assert from 'node:assert/strict';
import { test } from 'node:test';
import { appMethods } from '../../../electron/contract/app-api';
import { buildPlan } from '../../../electron/engine/bench/plan';
import { parseNvidiaSmiCsv } from '../../../electron/engine/hardware/gpu-parse';
import { deviceChoices, devicesOption, restoreDevices } from '../../../renderer/src/view-models/device-choices';
import { defaultRunForm, toStartParams } from '../../../renderer/src/view-models/run-form';
import { parseSettings, serializeSettings } from '../../../renderer/src/view-models/saved-settings';

const model = { spec: 'builtin:mlp:tiny', dims: {}, intRanges: {} };
// Two NVIDIA GPUs as the hardware listing has them, plus an integrated GPU systeminformation found.
const gpus = [
  ...parseNvidiaSmiCsv('NVIDIA H100 80GB HBM3, 590.48.01, 81559, 1, 0\nNVIDIA L40S, 590.48.01, 46068, 0, 0\n', '13.1'),
  { vendor: 'Intel Corporation', model: 'UHD Graphics 770', vramBytes: null, driver: null, cudaVersion: null, utilizationPercent: null, memoryUsedBytes: null, source: 'systeminformation' as const },
];

test('the device list: NVIDIA GPUs by nvidia-smi index, named with their memory; other GPUs take no index', () => {
  const choices = deviceChoices(gpus);
  assert.deepEqual(choices.map((c) => c.index), [0, 1]);
  assert.match(choices[1]?.label ?? '', /^GPU 1: NVIDIA L40S, 45\.0 GiB$/);
  assert.deepEqual(restoreDevices([1, 3], choices), [1], 'a saved GPU this machine lacks is dropped');
});

test('checked GPUs become the run\'s devices, one group of CUDA points per GPU; without a GPU provider the form says why', () => {
  const form = defaultRunForm();
  form.providers = ['cuda', 'cpu'];
  form.devices = [1, 0];
  const out = toStartParams(form, model);
  assert.ok('params' in out);
  assert.deepEqual(out.params.options.devices, [0, 1]);
  assert.equal(appMethods.startRun.params.safeParse(out.params).success, true);
  const plan = buildPlan({ ...out.params.options, modelPath: 'm.onnx' }, out.params.options.providers, true);
  assert.deepEqual([...new Set(plan.filter((p) => p.provider === 'cuda').map((p) => p.device))], [0, 1]);
  assert.deepEqual([...new Set(plan.filter((p) => p.provider === 'cpu').map((p) => p.device))], [undefined]);
  form.providers = ['webgpu'];
  assert.match(String((toStartParams(form, model) as { error: string }).error), /none of the chosen providers runs on a chosen GPU/);
  form.devices = [];
  const none = toStartParams(form, model);
  assert.ok('params' in none && none.params.options.devices === undefined, 'no GPU checked: the default device');
  assert.deepEqual(devicesOption([], ['cuda']), {});
});

test('the checked GPUs are kept with the other run settings', () => {
  const form = { ...defaultRunForm(), devices: [1] };
  const back = parseSettings(serializeSettings(form, { spec: '', dims: {}, intRanges: {}, shapes: {} }));
  assert.deepEqual(back?.form.devices, [1]);
});
