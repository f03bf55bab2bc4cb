import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EngineError } from '../../../electron/engine/errors';
import { DataType } from '../../../electron/engine/model/onnx-proto';
import { builtinFileName } from '../../../models/build-cache';
import { DEFAULT_BUILTIN, listBuiltins, parseBuiltinArgument } from '../../../models/catalog';
import { BUILTIN_MODELS, findBuiltin } from '../../../models/registry';

const within = (got: number, want: number, tolerance: number): boolean => Math.abs(got / want - 1) <= tolerance;

function badInputMatching(pattern: RegExp): (e: unknown) => boolean {
  return (e) => {
    assert.ok(e instanceof EngineError, String(e));
    assert.equal(e.code, 'bad-input');
    assert.match(e.message, pattern);
    return true;
  };
}

test('every tiny plan counts exactly the float parameters its graph holds (graph scalars aside)', () => {
  for (const model of BUILTIN_MODELS) {
    const plan = model.plan({ size: 'tiny' });
    const started = performance.now();
    const g = plan.build(42);
    assert.ok(performance.now() - started < 500, `${model.name} tiny took ${performance.now() - started} ms`);
    const scalarless = g.initializers.filter((t) => t.dataType === DataType.FLOAT && (t.dims ?? []).length > 0);
    const params = scalarless.reduce((n, t) => n + (t.dims ?? []).reduce((a: number, d) => a * Number(d), 1), 0);
    assert.equal(params, plan.params, model.name);
    const names = g.initializers.map((t) => t.name);
    assert.equal(new Set(names).size, names.length, `${model.name}: initializer names are unique`);
  }
});

test('the same seed gives the same weights; another seed other weights', () => {
  const plan = findBuiltin('vit-b16').plan({ size: 'tiny' });
  const a = plan.build(1).initializers;
  const b = plan.build(1).initializers;
  const c = plan.build(2).initializers;
  const weight = (ts: typeof a) => ts.find((t) => t.name === 'blocks.layer.0.attention.query.weight')?.rawData;
  assert.deepEqual(weight(a), weight(b));
  assert.notDeepEqual(weight(a), weight(c));
});

// Published figures. ResNet-50: torchvision's 25,557,032 parameters and "GFLOPS 4.09" (multiply-adds). Its count includes
// BatchNorm gamma and beta (2 x 26,560 channels); folding BN into the convs leaves one bias per channel: 25,530,472.
test('resnet50 base matches the published parameters and multiply-adds', () => {
  const plan = findBuiltin('resnet50').plan({ size: 'base' });
  assert.equal(plan.params, 25_557_032 - 26_560);
  assert.ok(within(plan.flopsPerSample / 2, 4.09e9, 0.01), `${plan.flopsPerSample / 2} MACs`);
});

// BERT-base: 110 M parameters in the paper; Hugging Face's bert-base-uncased with pooler has 109,482,240. Multiply-adds
// at sequence 128 are about 11.2 G (often quoted as 22.4 GFLOPs); the exact reference is derived below from the architecture.
test('bert-base at seq 128 matches the published and the derived figures', () => {
  const [L, H, I, V, P, T, S] = [12, 768, 3072, 30522, 512, 2, 128];
  const params = (V + P + T) * H + 2 * H + L * (4 * (H * H + H) + H * I + I + I * H + H + 4 * H) + H * H + H;
  const macs = L * (S * (4 * H * H + 2 * H * I) + 2 * S * S * H) + H * H;
  const plan = findBuiltin('bert-base').plan({ size: 'base' });
  assert.equal(params, 109_482_240);
  assert.equal(plan.params, params);
  assert.equal(plan.flopsPerSample, 2 * macs);
  assert.ok(within(plan.params, 110e6, 0.01) && within(plan.flopsPerSample / 2, 11.2e9, 0.01));
  assert.equal(findBuiltin('bert-base').plan({ size: 'base', seq: 384 }).inputs[0]?.shape[1], 384);
});

// ViT-B/16: 86,567,656 parameters (timm vit_base_patch16_224), 17.6 G multiply-adds at 224x224.
test('vit-b16 base matches the published parameters and multiply-adds', () => {
  const plan = findBuiltin('vit-b16').plan({ size: 'base' });
  assert.equal(plan.params, 86_567_656);
  assert.ok(within(plan.flopsPerSample / 2, 17.6e9, 0.01), `${plan.flopsPerSample / 2} MACs`);
});

test('dlrm and mlp: sizes follow their options; the default dlrm stays laptop-sized', () => {
  const dlrm = findBuiltin('dlrm');
  const base = dlrm.plan({ size: 'base' });
  assert.ok(base.params * 4 < 300e6, `${base.params * 4} bytes of weights`);
  assert.ok(dlrm.plan({ size: 'base', rows: 1000 }).params < base.params);
  assert.deepEqual(base.inputs.map((i) => [i.name, i.elemType, i.shape]), [['dense', 'float32', ['batch', 13]], ['sparse', 'int64', ['batch', 26]]]);
  const mlp = findBuiltin('mlp');
  assert.equal(mlp.plan({ size: 'base' }).params, 4 * (1024 * 1024 + 1024));
  assert.equal(mlp.plan({ size: 'base', width: 512, depth: 8 }).flopsPerSample, 2 * 8 * 512 * 512);
});

test('option values out of range are bad input naming the flag', () => {
  assert.throws(() => findBuiltin('bert-base').plan({ size: 'base', seq: 513 }), badInputMatching(/--seq 513 .*1 to 512/));
  assert.throws(() => findBuiltin('mlp').plan({ size: 'tiny', depth: 0 }), badInputMatching(/--depth 0/));
  assert.throws(() => findBuiltin('dlrm').plan({ size: 'base', rows: 1.5 }), badInputMatching(/--rows 1.5/));
  assert.throws(() => findBuiltin('gpt2'), badInputMatching(/'gpt2'.*resnet50, bert-base, vit-b16, dlrm, mlp/));
});

test('builtin: arguments parse into a name, a size and options', () => {
  assert.equal(parseBuiltinArgument('model.onnx'), null);
  assert.deepEqual(parseBuiltinArgument('builtin:resnet50'), { name: 'resnet50', options: { size: 'base' } });
  assert.deepEqual(parseBuiltinArgument('builtin:bert-base:tiny:seq=64'), { name: 'bert-base', options: { size: 'tiny', seq: 64 } });
  assert.deepEqual(parseBuiltinArgument('builtin:mlp:width=256:depth=2'), { name: 'mlp', options: { size: 'base', width: 256, depth: 2 } });
  assert.ok(parseBuiltinArgument(DEFAULT_BUILTIN) !== null);
  assert.throws(() => parseBuiltinArgument('builtin:resnet50:seq=64'), badInputMatching(/'seq=64'.*tiny, base/));
  assert.throws(() => parseBuiltinArgument('builtin:bert-base:huge'), badInputMatching(/'huge'.*seq=N/));
  assert.throws(() => parseBuiltinArgument('builtin:'), badInputMatching(/Unknown built-in model ''/));
});

test('cache file names: model, size, graph-shaping options, generator version', () => {
  const name = (model: string, options: Parameters<typeof parseBuiltinArgument>[0]) => {
    const parsed = parseBuiltinArgument(options);
    assert.ok(parsed);
    return builtinFileName(findBuiltin(model), parsed.options.size, findBuiltin(model).plan(parsed.options));
  };
  assert.match(name('bert-base', 'builtin:bert-base'), /^bert-base-base-seq128-v\d+\.onnx$/);
  assert.match(name('resnet50', 'builtin:resnet50:tiny'), /^resnet50-tiny-v\d+\.onnx$/);
  assert.match(name('dlrm', 'builtin:dlrm:rows=5000'), /^dlrm-base-rows5000-v\d+\.onnx$/);
});

test('listBuiltins reports computed figures and inputs for both sizes', () => {
  const list = listBuiltins({ dir: '/nonexistent/infermeter-test' });
  assert.deepEqual(list.map((m) => m.name), ['resnet50', 'bert-base', 'vit-b16', 'dlrm', 'mlp', 'llama']);
  for (const m of list) {
    assert.ok(m.base.params > m.tiny.params && m.base.flopsPerSample > m.tiny.flopsPerSample, m.name);
    assert.ok(m.base.inputs.length > 0 && m.base.inputs.every((i) => i.shape[0] === 'batch' && i.description.length > 0));
    assert.equal(m.base.cached, false);
  }
  assert.deepEqual(list.find((m) => m.name === 'bert-base')?.defaults, { seq: 128 });
});
