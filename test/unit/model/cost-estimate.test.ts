import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BatchAxis } from '../../../electron/contract/model';
import { attr, GraphBuilder } from '../../../electron/engine/model/graph-builder';
import { DataType, onnx } from '../../../electron/engine/model/onnx-proto';
import { detectBatchAxis } from '../../../electron/engine/model/batch-axis';
import { estimateCost, groupGemmOutputs } from '../../../electron/engine/model/cost-estimate';
import { convModel, gemmModel, mlpModel, seededFloats } from '../../fixtures/tiny-models';

const decode = (bytes: Uint8Array): onnx.ModelProto => onnx.ModelProto.decode(bytes);
const costOf = (bytes: Uint8Array, dims: Record<string, number> = {}) => {
  const model = decode(bytes);
  return estimateCost(model, detectBatchAxis(model), { dims });
};
const noBatch: BatchAxis = { kind: 'none', dimName: null, inputs: [], reason: '' };

test('a 2-layer MLP costs exactly 2 x (2*w*w + w) for MatMul+Add, plus w for the one Relu', () => {
  const w = 16;
  const cost = costOf(mlpModel({ layers: 2, width: w }));
  assert.equal(cost.flopsByOp.MatMul, 2 * 2 * w * w);
  assert.equal(cost.flopsByOp.Add, 2 * w);
  assert.equal(cost.flopsByOp.Relu, w);
  assert.equal(cost.flopsPerSample, 2 * (2 * w * w + w) + w);
  assert.deepEqual(cost.unestimatedOps, []);
  // Per sample: the same whether dim 0 is symbolic or a fixed 1.
  assert.equal(costOf(mlpModel({ layers: 2, width: w, batch: 1 })).flopsPerSample, cost.flopsPerSample);
  // Bytes: x, w, b in and h out for each layer's MatMul/Add, Relu in/out; Identity moves nothing.
  const f = 4;
  const layer = (w + w * w + w) * f + (w + w + w) * f;
  assert.equal(cost.bytesPerSample, 2 * layer + 2 * w * f);
});

test('a 3x3 Conv with stride 2 and 2 groups counts 2 * out * (C/g) * 9 plus the bias', () => {
  // 4 -> 6 channels, 9x9 input, pad 1: out 5x5; each output reads 4/2 channels x 3x3.
  const cost = costOf(convModel({ channels: 4, outChannels: 6, size: 9, kernel: 3, stride: 2, pad: 1, groups: 2 }));
  const out = 6 * 5 * 5;
  assert.equal(cost.flopsByOp.Conv, 2 * out * 2 * 9 + out);
  assert.equal(cost.flopsByOp.Relu, out);
  assert.equal(cost.flopsByOp.GlobalAveragePool, out);
});

test('Gemm with transB counts 2*M*N*K plus M*N for C', () => {
  const cost = costOf(gemmModel({ m: 1, k: 8, n: 5 }));
  assert.equal(cost.flopsByOp.Gemm, 2 * 5 * 8 + 5);
});

test('attention-style batched MatMuls of two activations, with shapes through Reshape/Transpose', () => {
  const g = new GraphBuilder();
  const s = 'sequence';
  const x = g.input('x', DataType.FLOAT, ['batch', s, 64]);
  const heads = g.int64Init('heads', [0, 0, 4, 16]);
  const q = g.op('Transpose', [g.op('Reshape', [x, heads])], { perm: attr.ints([0, 2, 1, 3]) });
  const k = g.op('Transpose', [g.op('Reshape', [x, heads])], { perm: attr.ints([0, 2, 3, 1]) });
  const scores = g.op('Softmax', [g.op('MatMul', [q, k])], { axis: attr.int(-1) });
  const ctx = g.op('MatMul', [scores, q]);
  const merged = g.op('Reshape', [g.op('Transpose', [ctx], { perm: attr.ints([0, 2, 1, 3]) }), g.int64Init('merge', [0, -1, 64])]);
  g.op('Identity', [merged], undefined, 'y');
  g.output('y', DataType.FLOAT, ['batch', s, 64]);
  const S = 10;
  const cost = costOf(g.encode(), { sequence: S });
  // QK^T: [4, S, 16] x [4, 16, S]; AV: [4, S, S] x [4, S, 16]: 2 * 4*S*S*16 each.
  assert.equal(cost.flopsByOp.MatMul, 2 * (2 * 4 * S * S * 16));
  assert.equal(cost.flopsByOp.Softmax, 5 * 4 * S * S);
  assert.deepEqual(cost.unestimatedOps, []);
  // Without a value for 'sequence' the shapes are unknown and the ops say so.
  const unknown = costOf(g.encode());
  assert.deepEqual(unknown.unestimatedOps, ['MatMul', 'Softmax']);
  assert.equal(unknown.flopsPerSample, 0);
});

test('ConvTranspose, pools and Einsum follow their geometry', () => {
  const g = new GraphBuilder();
  const x = g.input('x', DataType.FLOAT, [1, 2, 6, 6]);
  const w = g.floatInit('w', [2, 3, 2, 2], seededFloats(24));
  // ConvTranspose 2x2 stride 2: 6x6 -> 12x12, 3 channels; each input element meets 3*2*2 weights.
  const up = g.op('ConvTranspose', [x, w], { strides: attr.ints([2, 2]) });
  // MaxPool 3x3 stride 2 with ceil_mode on 12x12: ceil((12-3)/2)+1 = 6 (last window starts inside).
  const pooled = g.op('MaxPool', [up], { kernel_shape: attr.ints([3, 3]), strides: attr.ints([2, 2]), ceil_mode: attr.int(1) });
  const avg = g.op('AveragePool', [pooled], { kernel_shape: attr.ints([2, 2]), auto_pad: attr.string('SAME_UPPER') });
  const flat = g.op('Reshape', [avg, g.int64Init('s', [3, 36])]);
  const e = g.floatInit('e', [36, 5], seededFloats(180));
  g.op('Einsum', [flat, e], { equation: attr.string('ij,jk->ik') }, 'y');
  g.output('y', DataType.FLOAT, [3, 5]);
  const cost = estimateCost(decode(g.encode()), noBatch);
  assert.equal(cost.flopsByOp.ConvTranspose, 2 * (2 * 6 * 6) * (3 * 2 * 2));
  assert.equal(cost.flopsByOp.MaxPool, 3 * 6 * 6 * 9);
  assert.equal(cost.flopsByOp.AveragePool, 3 * 6 * 6 * 4);
  assert.equal(cost.flopsByOp.Einsum, 2 * 3 * 36 * 5);
  assert.deepEqual(cost.unestimatedOps, []);
});

test('ops not modelled, or on unknown shapes, are listed and add no FLOPs', () => {
  const g = new GraphBuilder();
  const x = g.input('x', DataType.FLOAT, ['batch', 4]);
  const nz = g.op('NonZero', [x]);
  const idx = g.op('Cast', [nz], { to: attr.int(DataType.FLOAT) });
  g.op('Relu', [g.op('Det', [g.op('Reshape', [idx, g.int64Init('s', [-1, 2, 2])])])], undefined, 'y');
  g.output('y', DataType.FLOAT, null);
  const model = decode(g.encode());
  const cost = estimateCost(model, detectBatchAxis(model));
  assert.deepEqual(cost.unestimatedOps, ['Det', 'Relu']);
  assert.equal(cost.flopsPerSample, 0);
  assert.match(cost.method, /multiply-add is 2 FLOPs/);
});

test('matrix ops are recorded by output size, ops reading the same input as one fused kernel', () => {
  const g = new GraphBuilder();
  const x = g.input('x', DataType.FLOAT, ['batch', 8, 16]);
  const w = (name: string, n: number) => g.floatInit(name, [16, n], seededFloats(16 * n, 1));
  // Q, K and V read x (fused: 3·8·16 outputs); the output projection reads V's result (8·16).
  const q = g.op('MatMul', [x, w('wq', 16)]);
  g.op('MatMul', [x, w('wk', 16)]);
  const v = g.op('MatMul', [x, w('wv', 16)]);
  g.op('MatMul', [v, w('wo', 16)], undefined, 'y');
  g.op('Identity', [q], undefined, 'z');
  g.output('y', DataType.FLOAT, ['batch', 8, 16]);
  g.output('z', DataType.FLOAT, ['batch', 8, 16]);
  const cost = costOf(g.encode());
  const mm = 2 * 8 * 16 * 16;
  assert.deepEqual(cost.gemmOutputs, [{ outputs: 128, flops: mm }, { outputs: 2 ** (Math.round(Math.log2(384) * 2) / 2), flops: 3 * mm }]);
});

test('output sizes group to the nearest power of √2, their FLOPs summed; empty entries dropped', () => {
  assert.deepEqual(groupGemmOutputs([{ outputs: 1000, flops: 1 }, { outputs: 1010, flops: 2 }, { outputs: 0, flops: 5 }, { outputs: 4096, flops: 0 }]), [{ outputs: 2 ** 10, flops: 3 }]);
});
