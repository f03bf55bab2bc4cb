import { test } from 'node:test';
import assert from 'node:assert/strict';
import { occupancy, occupancyFactor, occupancySpan, OUTPUTS_PER_TILE, SM_COUNT, smCount } from '../../../electron/engine/recommend/gpu-occupancy';

test('a kernel with fewer tiles than SMs keeps only that share busy; a full wave or more keeps all', () => {
  assert.equal(occupancy(OUTPUTS_PER_TILE * 10, 40), 0.25);
  assert.equal(occupancy(OUTPUTS_PER_TILE * 40, 40), 1);
  assert.equal(occupancy(OUTPUTS_PER_TILE * 1000, 40), 1);
  assert.equal(occupancy(0, 40), 1); // nothing to schedule: no penalty
});

test('the model\'s occupancy is the FLOP-weighted harmonic mean of its kernels\', and grows with the batch', () => {
  // Half the FLOPs in kernels of 10 tiles, half in kernels of 40 tiles, on 40 SMs: times 1/0.25 and 1/1 → 2/(4+1).
  const gemm = [{ outputs: OUTPUTS_PER_TILE * 10, flops: 1e9 }, { outputs: OUTPUTS_PER_TILE * 40, flops: 1e9 }];
  assert.equal(occupancyFactor(gemm, 1, 40), 2 / 5);
  // Batch 4 fills the small kernels too.
  assert.equal(occupancyFactor(gemm, 4, 40), 1);
  // More SMs take longer to fill: the same batch is less occupied on a bigger GPU.
  assert.ok(occupancyFactor(gemm, 1, 132) < occupancyFactor(gemm, 1, 40));
  // No per-kernel record (older runs): not modelled.
  assert.equal(occupancyFactor(undefined, 1, 40), 1);
  assert.equal(occupancyFactor([], 1, 40), 1);
});

test('a GPU the table lacks gets the span of known SM counts, fewer SMs at the fast end', () => {
  assert.deepEqual(smCount('nvidia-t4'), { span: { low: 40, high: 40 }, known: true });
  const unknown = smCount('nvidia-future');
  assert.equal(unknown.known, false);
  assert.equal(unknown.span.low, Math.min(...Object.values(SM_COUNT)));
  assert.equal(unknown.span.high, Math.max(...Object.values(SM_COUNT)));
  const gemm = [{ outputs: OUTPUTS_PER_TILE * 20, flops: 1 }];
  const span = occupancySpan(gemm, 1, 'nvidia-future');
  assert.equal(span.span.high, occupancy(OUTPUTS_PER_TILE * 20, unknown.span.low));
  assert.equal(span.span.low, occupancy(OUTPUTS_PER_TILE * 20, unknown.span.high));
  assert.ok(span.span.low < span.span.high);
});
