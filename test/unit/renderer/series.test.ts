import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildSeries, SeriesAccumulator } from '../../../renderer/src/view-models/series';
import { failed, measured } from './make-points';

test('throughput series: one per precision × provider, batch-sorted, failed points left out', () => {
  const points = [measured(2, 'fp32', 4, 8), measured(0, 'fp32', 1, 2), measured(1, 'fp16', 1, 1, 'cpu'), failed(3, 'fp32', 8, 'out of memory'), measured(4, 'fp32', 2, 3, 'webgpu')];
  const series = buildSeries('throughput', points);
  assert.deepEqual(series.map((s) => s.label), ['FP32 · cpu', 'FP16 · cpu', 'FP32 · webgpu']);
  const fp32 = series[0];
  assert.ok(fp32);
  assert.deepEqual(fp32.points.map((p) => p.x), [1, 4]);
  assert.deepEqual(fp32.points.map((p) => p.y), [500, 500]);
  assert.deepEqual(fp32.points.map((p) => p.index), [0, 2]);
});

test('accumulator keeps the same arrays and inserts out-of-order batches in place', () => {
  const acc = new SeriesAccumulator('p99');
  const first = acc.add(measured(0, 'fp32', 8, 10));
  assert.ok(first?.created);
  const held = first.series.points;
  const second = acc.add(measured(1, 'fp32', 2, 4));
  assert.equal(second?.created, false);
  acc.add(measured(2, 'fp32', 4, 6));
  assert.equal(acc.series[0]?.points, held);
  assert.deepEqual(held.map((p) => [p.x, p.y]), [[2, 6], [4, 9], [8, 15]]);
  assert.equal(acc.add(failed(3, 'fp32', 16, 'oom')), null);
});

test('trade-off series plots p99 against throughput and run labels prefix overlays', () => {
  const [s] = buildSeries('tradeoff', [measured(0, 'int8', 2, 4)], 'run-a', 'mlp.onnx');
  assert.ok(s);
  assert.equal(s.label, 'mlp.onnx · INT8 · cpu');
  assert.equal(s.runId, 'run-a');
  assert.deepEqual(s.points.map((p) => [p.x, p.y, p.batch]), [[500, 6, 2]]);
});

test('two GPUs of one run (--device 0,1) are two series, labelled with their device', () => {
  const onDevice = (index: number, batch: number, device: number) => ({ ...measured(index, 'fp32', batch, batch, 'cuda'), device });
  const series = buildSeries('throughput', [onDevice(0, 1, 0), onDevice(1, 8, 0), onDevice(2, 1, 1), onDevice(3, 8, 1)]);
  assert.deepEqual(series.map((s) => s.label), ['FP32 · cuda · GPU 0', 'FP32 · cuda · GPU 1']);
  assert.deepEqual(series.map((s) => s.points.map((p) => p.index)), [[0, 1], [2, 3]]);
});
