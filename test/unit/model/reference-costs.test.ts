import { test } from 'node:test';
import assert from 'node:assert/strict';
import { onnx } from '../../../electron/engine/model/onnx-proto';
import { detectBatchAxis } from '../../../electron/engine/model/batch-axis';
import { estimateCost } from '../../../electron/engine/model/cost-estimate';
import { bertBaseSkeleton, resnet50Skeleton, vitB16Skeleton } from '../../fixtures/reference-models';

function estimate(bytes: Uint8Array, dims: Record<string, number> = {}) {
  const model = onnx.ModelProto.decode(bytes);
  const batch = detectBatchAxis(model);
  return { batch, cost: estimateCost(model, batch, { dims }) };
}

const within = (actual: number, expected: number, tolerance: number, what: string): void => {
  assert.ok(Math.abs(actual / expected - 1) <= tolerance, `${what}: ${actual.toExponential(4)} is not within ${tolerance * 100}% of ${expected.toExponential(4)}`);
};

test('ResNet-50 at 224x224 costs 4.09 GMACs (8.18 GFLOPs), nearly all in Conv', () => {
  const { batch, cost } = estimate(resnet50Skeleton());
  assert.equal(batch.kind, 'symbolic');
  assert.deepEqual(cost.unestimatedOps, []);
  within(cost.flopsPerSample, 2 * 4.09e9, 0.01, 'ResNet-50 FLOPs');
  within(cost.flopsByOp.Conv ?? 0, 2 * 4.09e9, 0.005, 'ResNet-50 Conv FLOPs');
  assert.equal(cost.flopsByOp.Gemm, 2 * 2048 * 1000 + 1000);
});

test('BERT-base at sequence 128 matches 12 x (24*S*H^2 + 4*S^2*H), through Shape/Gather/Concat/Reshape chains', () => {
  const [S, H] = [128, 768];
  const { batch, cost } = estimate(bertBaseSkeleton(), { sequence: S });
  assert.equal(batch.kind, 'symbolic');
  assert.deepEqual(cost.unestimatedOps, []);
  within(cost.flopsByOp.MatMul ?? 0, 12 * (24 * S * H * H + 4 * S * S * H), 1e-9, 'BERT-base MatMul FLOPs');
  within(cost.flopsPerSample, 12 * (24 * S * H * H + 4 * S * S * H), 0.02, 'BERT-base FLOPs');
  // The sequence dim is required: without it the transformer is not estimated.
  assert.ok(estimate(bertBaseSkeleton({ layers: 1 })).cost.unestimatedOps.includes('MatMul'));
});

test('ViT-B/16 costs 17.56 GMACs (35.1 GFLOPs) with a batch-dynamic class token', () => {
  const { batch, cost } = estimate(vitB16Skeleton());
  assert.equal(batch.kind, 'symbolic', batch.reason);
  assert.deepEqual(cost.unestimatedOps, []);
  within(cost.flopsPerSample, 2 * 17.56e9, 0.01, 'ViT-B/16 FLOPs');
  assert.equal(cost.flopsByOp.Conv, 2 * 196 * 768 * (3 * 16 * 16) + 196 * 768);
});
