import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertToFloat16, DEFAULT_BLOCK_LIST } from '../../../electron/engine/convert/fp16';
import { fromFloat16Bits } from '../../../electron/engine/model/float16';
import { DataType, onnx, toNumber } from '../../../electron/engine/model/onnx-proto';
import {
  constantOfShapeModel,
  constantWeightsModel,
  float16Model,
  outOfRangeModel,
  quantizedModel,
  subgraphModel,
  typedOpsModel,
} from '../../fixtures/exporter-quirks';
import { mlpModel } from '../../fixtures/tiny-models';

const { FLOAT, FLOAT16, INT64 } = DataType;
const decode = (bytes: Uint8Array): onnx.ModelProto => onnx.ModelProto.decode(bytes);
const defaults = { keepIoTypes: true, blockList: [...DEFAULT_BLOCK_LIST] };
const elem = (vi: onnx.IValueInfoProto | undefined): number | null | undefined => vi?.type?.tensorType?.elemType;
const graphOf = (m: onnx.IModelProto): onnx.IGraphProto => {
  assert.ok(m.graph);
  return m.graph;
};
const castTo = (n: onnx.INodeProto): number => toNumber(n.attribute?.find((a) => a.name === 'to')?.i);

test('fp16: weights become float16, I/O stays float32 behind casts at the edges', () => {
  const r = convertToFloat16(decode(mlpModel()), defaults);
  const g = graphOf(r.model);
  assert.equal(r.skipped, null);
  assert.ok((g.initializer ?? []).length > 0);
  for (const t of g.initializer ?? []) assert.equal(t.dataType, FLOAT16, `initializer ${t.name ?? ''}`);
  assert.equal(elem(g.input?.[0]), FLOAT);
  assert.equal(elem(g.output?.[0]), FLOAT);
  const casts = (g.node ?? []).filter((n) => n.opType === 'Cast');
  assert.equal(casts.length, 2);
  assert.deepEqual(casts.map(castTo).sort(), [FLOAT, FLOAT16].sort());
  // the input cast reads x; the output cast writes y
  assert.ok(casts.some((c) => c.input?.[0] === 'x'));
  assert.ok(casts.some((c) => c.output?.[0] === 'y'));
  assert.equal(r.nodesConverted, 6); // 2 x (MatMul, Add) + Relu + Identity
});

test('fp16: keepIoTypes false makes the inputs and outputs float16 and adds no casts', () => {
  const r = convertToFloat16(decode(mlpModel()), { ...defaults, keepIoTypes: false });
  assert.equal(elem(graphOf(r.model).input?.[0]), FLOAT16);
  assert.equal(elem(graphOf(r.model).output?.[0]), FLOAT16);
  assert.equal((graphOf(r.model).node ?? []).filter((n) => n.opType === 'Cast').length, 0);
});

test('fp16: Constant values (tensor, value_float, value_floats) and ConstantOfShape fills become float16', () => {
  const c = convertToFloat16(decode(constantWeightsModel()), defaults);
  const constants = (graphOf(c.model).node ?? []).filter((n) => n.opType === 'Constant');
  assert.equal(constants.length, 3);
  for (const n of constants) {
    const value = n.attribute?.find((a) => a.name === 'value');
    assert.equal(value?.t?.dataType, FLOAT16);
  }
  const scalar = constants.find((n) => (n.attribute?.[0]?.t?.dims ?? []).length === 0);
  const bits = new Uint16Array(new Uint8Array(scalar?.attribute?.[0]?.t?.rawData ?? []).buffer);
  assert.equal(fromFloat16Bits(bits[0] as number), 1.5);

  const s = convertToFloat16(decode(constantOfShapeModel()), defaults);
  const fills = (graphOf(s.model).node ?? []).filter((n) => n.opType === 'ConstantOfShape');
  assert.equal(fills.length, 2);
  for (const n of fills) assert.equal(n.attribute?.find((a) => a.name === 'value')?.t?.dataType, FLOAT16);
  // the int64 shape feeding ConstantOfShape is untouched
  assert.equal(graphOf(s.model).initializer?.find((t) => t.name === 'shape')?.dataType, INT64);
});

test('fp16: integer paths stay integer, Cast(to=FLOAT) becomes float16, blocked ops get casts around them', () => {
  const r = convertToFloat16(decode(typedOpsModel()), defaults);
  const nodes = graphOf(r.model).node ?? [];
  assert.deepEqual(r.keptFp32.map((k) => k.op).sort(), ['Range', 'TopK']);
  for (const k of r.keptFp32) assert.ok(k.reason.length > 0);
  const sizeCast = nodes.find((n) => n.opType === 'Cast' && n.input?.[0]?.startsWith('size'));
  assert.equal(sizeCast && castTo(sizeCast), FLOAT16);
  const eye = nodes.find((n) => n.opType === 'EyeLike');
  assert.equal(toNumber(eye?.attribute?.find((a) => a.name === 'dtype')?.i), FLOAT16);
  // Range reads float32 initializers (only float32 consumers: no rounding) and its float32 output is cast to float16 for Add
  for (const name of ['start', 'limit', 'delta']) assert.equal(graphOf(r.model).initializer?.find((t) => t.name === name)?.dataType, FLOAT);
  const range = nodes.find((n) => n.opType === 'Range');
  const add = nodes.find((n) => n.opType === 'Add');
  const toHalf = nodes.find((n) => n.opType === 'Cast' && n.input?.[0] === range?.output?.[0]);
  assert.ok(toHalf && add?.input?.includes(toHalf.output?.[0] ?? ''));
  // TopK (blocked) reads a float32 copy of the float16 sum; its int64 indices output is left alone
  const topk = nodes.find((n) => n.opType === 'TopK');
  const toFloat = nodes.find((n) => n.opType === 'Cast' && n.output?.[0] === topk?.input?.[0]);
  assert.equal(toFloat && castTo(toFloat), FLOAT);
  assert.equal(graphOf(r.model).initializer?.find((t) => t.name === 'k')?.dataType, INT64);
  assert.equal(elem(graphOf(r.model).output?.find((o) => o.name === 'top_indices')), INT64);
});

test('fp16: subgraph bodies are converted, their float I/O float16', () => {
  const r = convertToFloat16(decode(subgraphModel()), defaults);
  const nodes = graphOf(r.model).node ?? [];
  const loop = nodes.find((n) => n.opType === 'Loop');
  const body = loop?.attribute?.find((a) => a.name === 'body')?.g;
  assert.equal(elem(body?.input?.find((i) => i.name === 'acc')), FLOAT16);
  assert.equal(elem(body?.output?.[1]), FLOAT16);
  assert.equal(body?.initializer?.[0]?.dataType, FLOAT16);
  const branch = nodes.find((n) => n.opType === 'If')?.attribute?.find((a) => a.name === 'then_branch')?.g;
  assert.equal(elem(branch?.output?.[0]), FLOAT16);
  assert.equal(graphOf(r.model).initializer?.find((t) => t.name === 'trip')?.dataType, INT64);
});

test('fp16: values past the float16 range are clamped with a warning naming the tensor', () => {
  const r = convertToFloat16(decode(outOfRangeModel()), defaults);
  assert.equal(r.warnings.length, 1);
  assert.match(r.warnings[0] ?? '', /tensor 'huge': 2 values beyond the float16 range clamped to ±65504/);
  const t = graphOf(r.model).initializer?.find((x) => x.name === 'huge');
  const bits = new Uint16Array(new Uint8Array(t?.rawData ?? []).buffer);
  assert.deepEqual([...bits].map(fromFloat16Bits), [65504, -65504, 1, 2]);
});

test('fp16: already float16 and already quantized models are skipped with the reason', () => {
  assert.equal(convertToFloat16(decode(float16Model()), defaults).skipped, 'already float16');
  assert.equal(convertToFloat16(decode(quantizedModel()), defaults).skipped, 'already quantized');
  // converting a converted model again: its weights are float16
  const once = convertToFloat16(decode(mlpModel()), defaults).model;
  assert.equal(convertToFloat16(once, defaults).skipped, 'already float16');
});

test('fp16: the source model is not modified', () => {
  const source = decode(mlpModel());
  const before = onnx.ModelProto.encode(source).finish();
  convertToFloat16(source, defaults);
  assert.deepEqual(onnx.ModelProto.encode(source).finish(), before);
});
