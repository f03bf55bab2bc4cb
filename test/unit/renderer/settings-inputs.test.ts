import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TensorInfo } from '../../../electron/contract/model';
import { checkIntRange, parseShape, shapeText } from '../../../renderer/src/view-models/model-inputs';
import { defaultRunForm, STOPPING_PRESETS, toStartParams } from '../../../renderer/src/view-models/run-form';
import { parseSettings, restoreProviders, serializeSettings } from '../../../renderer/src/view-models/saved-settings';

const image: TensorInfo = { name: 'pixels', elemType: 'float32', shape: ['batch', 3, 'h', 'w'] };

test('saved settings: what was saved comes back, over the defaults', () => {
  const form = { ...defaultRunForm(), precisions: ['fp32' as const, 'int8' as const], providers: ['cpu' as const], batchText: '1,2,8', threadsText: '1', sloMsText: '15', stoppingPreset: 'thorough' as const, stopping: { ...STOPPING_PRESETS.thorough } };
  const model = { spec: 'builtin:bert-base:tiny', dims: { seq: 16 }, intRanges: { input_ids: [0, 1000] as [number, number] }, shapes: { pixels: [1, 3, 64, 64] } };
  const back = parseSettings(serializeSettings(form, model));
  assert.deepEqual(back, { form, model });
  // And they drive startRun exactly as the form did.
  assert.deepEqual(back && toStartParams(back.form, back.model), toStartParams(form, model));
});

test('saved settings: unreadable or foreign storage gives the defaults, a partial one fills the rest', () => {
  assert.equal(parseSettings(null), null);
  assert.equal(parseSettings('{not json'), null);
  assert.equal(parseSettings(JSON.stringify({ version: 2, form: {} })), null);
  assert.equal(parseSettings(JSON.stringify({ version: 1, form: { batchText: 7 } })), null, 'a wrong type is not half-applied');
  const partial = parseSettings(JSON.stringify({ version: 1, form: { batchText: '4,8', stoppingPreset: 'standard' } }));
  assert.equal(partial?.form.batchText, '4,8');
  assert.deepEqual(partial?.form.stopping, STOPPING_PRESETS.standard, 'a preset without saved numbers takes the preset rule');
  assert.deepEqual(partial?.form.precisions, defaultRunForm().precisions);
  assert.equal(partial?.model, null);
});

test('saved providers this machine lacks are dropped; none left means every available one', () => {
  assert.deepEqual(restoreProviders(['cuda', 'cpu'], ['cpu', 'webgpu']), ['cpu']);
  assert.deepEqual(restoreProviders(['cuda'], ['cpu', 'webgpu']), ['cpu', 'webgpu']);
  assert.deepEqual(restoreProviders([], ['cpu']), ['cpu']);
});

test('shape overrides: sizes as typed, blank for none, the input named when wrong', () => {
  assert.deepEqual(parseShape(image, '1, 3, 224, 224'), [1, 3, 224, 224]);
  assert.deepEqual(parseShape(image, '[8,3,64,64]'), [8, 3, 64, 64]);
  assert.deepEqual(parseShape(image, '1x3x32x32'), [1, 3, 32, 32]);
  assert.equal(parseShape(image, '  '), null);
  assert.equal(parseShape(image, '1,3,224'), 'Shape of pixels: 3 sizes given, but the input has 4 dimensions [batch, 3, h, w].');
  assert.equal(parseShape(image, '1,3,-2,2'), 'Shape of pixels: "-2" is not a whole number; write sizes like 1,3,224,224.');
  assert.equal(shapeText([null, 4]), '[?, 4]');
});

test('integer ranges: max excluded must be above min', () => {
  assert.deepEqual(checkIntRange('ids', 0, 1000), [0, 1000]);
  assert.equal(checkIntRange('ids', 5, 5), 'Values of ids: max (5, excluded) must be above min (5).');
});
