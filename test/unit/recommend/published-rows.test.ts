import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { shippedDataDir } from '../../../electron/engine/recommend/catalog';
import { classifyRow, publishedRowSchema, SQUAD_TOKEN_FRACTION, unpaddedModel, type PublishedRow } from '../../../scripts/lib/published-rows';

const rows = z.array(publishedRowSchema).parse(JSON.parse(readFileSync(join(shippedDataDir(), 'published-throughput.json'), 'utf8')));
const row = (over: Partial<PublishedRow>): PublishedRow => ({
  accelerator: 'NVIDIA T4 (16GB, 70W)', model: 'ResNet-50 v1.5', scenario: 'MLPerf Offline', batch: 'not reported', precision: 'INT8',
  framework: 'TensorRT 8.6.0, CUDA 12.0', samples_per_s_per_accelerator: 6000, latency_ms: null, source: 'x', date: 'x', note: '', ...over,
});

test('the shipped published-throughput file parses, and every row is classified', () => {
  assert.ok(rows.length > 100);
  const classes = rows.map(classifyRow);
  assert.ok(classes.filter((c) => c.match === 'like-for-like').length > 20);
  assert.ok(classes.every((c) => c.match !== 'like-for-like' || (c.hardware !== null && c.model !== null && c.runtime !== 'other')));
});

test('like-for-like needs our runtime class, an exact precision and the built-in model', () => {
  const trt = classifyRow(row({}));
  assert.equal(trt.match, 'like-for-like');
  assert.equal(trt.runtime, 'tensorrt');
  assert.deepEqual(trt.batch, { upTo: 256 });
  assert.equal(classifyRow(row({ framework: 'PyTorch', accelerator: 'Intel Xeon Platinum 8480+ (Sapphire Rapids)' })).match, 'different');
  assert.equal(classifyRow(row({ precision: 'FP16 AMP (mixed precision)', framework: 'PyTorch' })).match, 'different');
  const cuda = classifyRow(row({ model: 'BERT-Large (SQuAD v1.1 QA, seq 384)', framework: 'ONNX Runtime (CUDA EP, no TensorRT accelerator) in Triton 21.10', precision: 'FP16', batch: '8' }));
  assert.equal(cuda.runtime, 'cuda');
  assert.equal(cuda.match, 'model-scaled');
  assert.deepEqual(cuda.model, { family: 'bert', size: 'large', seq: 384 });
  assert.deepEqual(cuda.batch, { fixed: 8 });
  const demo = classifyRow(row({ model: 'BERT-base (seq 128)', scenario: 'fixed batch, GPU compute only (TensorRT demoBERT inference_benchmark.sh)', batch: '32', precision: 'FP16' }));
  assert.equal(demo.serving, 'compute-only');
  assert.equal(demo.match, 'like-for-like');
  const inf2 = classifyRow(row({ accelerator: 'AWS Inferentia2 (1 chip = inf2.xlarge, 2 NeuronCores)', framework: 'PyTorch 2.5 + Neuron SDK 2.21.0' }));
  assert.equal(inf2.match, 'different');
  assert.ok(inf2.caveats.some((c) => /needs AWS Neuron/.test(c)));
});

test('published accelerator names map to catalog entries', () => {
  assert.equal(classifyRow(row({ accelerator: 'NVIDIA A100-PCIe-80GB' })).hardware?.acceleratorId, 'nvidia-a100-80gb-pcie');
  assert.equal(classifyRow(row({ accelerator: 'NVIDIA A100-SXM4-80GB' })).hardware?.acceleratorId, 'nvidia-a100-80gb-sxm');
  assert.equal(classifyRow(row({ accelerator: 'NVIDIA H100-PCIe-80GB' })).hardware?.acceleratorId, 'nvidia-h100-pcie');
  assert.equal(classifyRow(row({ accelerator: 'Intel Xeon 6980P (Granite Rapids)' })).hardware, null);
});

test('each row names how its harness fed the GPU', () => {
  const offline = classifyRow(row({}));
  assert.deepEqual([offline.serving, offline.inputsAtPrecision], ['pipelined', true]);
  const single = classifyRow(row({ scenario: 'MLPerf SingleStream', batch: '1' }));
  assert.deepEqual([single.serving, single.inputsAtPrecision], ['session', true]);
  // The MLCommons reference harness on onnxruntime runs one session at a time on the model's float inputs.
  const reference = classifyRow(row({ framework: 'ONNX Runtime 1.14.0 (CUDA EP), MLPerf reference Python harness', precision: 'FP32' }));
  assert.deepEqual([reference.serving, reference.inputsAtPrecision], ['session', false]);
  const triton = classifyRow(row({ scenario: 'Triton offline (static client batch, 1 model instance)', batch: '8', precision: 'FP16', framework: 'ONNX Runtime (TensorRT EP) backend in Triton' }));
  assert.deepEqual([triton.serving, triton.sharedMemory], ['served', false]);
  const shm = classifyRow(row({ scenario: 'Triton offline (static batch, concurrency 1, shared-memory I/O)', batch: '8', precision: 'FP16', framework: 'ONNX Runtime (TensorRT EP) in Triton 21.10' }));
  assert.deepEqual([shm.serving, shm.sharedMemory], ['served', true]);
});

test('variable-length MLPerf BERT runs on about half the padded tokens; other BERT rows are padded', () => {
  const mlperf = classifyRow(row({ model: 'BERT-Large (SQuAD v1.1, seq 384)' }));
  assert.deepEqual(mlperf.tokenFraction, SQUAD_TOKEN_FRACTION);
  assert.equal(classifyRow(row({ model: 'BERT-base (seq 128)', scenario: 'fixed batch, GPU compute only', batch: '8' })).tokenFraction, null);
  // FLOPs, activations and matrix outputs scale with the tokens; weights do not.
  const model = { parameterBytes: 100, cost: { flopsPerSample: 1000, bytesPerSample: 300, gemmOutputs: [{ outputs: 64, flops: 800 }] } };
  const half = unpaddedModel(model, 0.5);
  assert.deepEqual(half.cost, { flopsPerSample: 500, bytesPerSample: 200, gemmOutputs: [{ outputs: 32, flops: 400 }] });
  assert.equal(half.parameterBytes, 100);
});

test('MLPerf Server rows carry the benchmark\'s p99 bound, and the harness\'s batch size as the batcher\'s cap', () => {
  const resnet = classifyRow(row({ scenario: 'MLPerf Server', batch: 'gpu_batch_size=128 (from closed/NVIDIA/configs)' }));
  assert.equal(resnet.serverBoundMs, 15);
  assert.deepEqual(resnet.batch, { upTo: 128 });
  assert.ok(resnet.caveats.some((c) => /Poisson arrivals and dynamic batching/.test(c)));
  const bert = classifyRow(row({ scenario: 'MLPerf Server', model: 'BERT-Large (SQuAD v1.1, seq 384)' }));
  assert.equal(bert.serverBoundMs, 130);
  assert.deepEqual(bert.batch, { upTo: 256 });
  assert.equal(classifyRow(row({})).serverBoundMs, null);
  assert.equal(classifyRow(row({ scenario: 'Triton Server, perf_analyzer', batch: '8' })).serverBoundMs, null);
});
