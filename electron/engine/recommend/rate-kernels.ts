import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { Int8WeightEncoding, ProviderId } from '../../contract/hardware';
import { storeWeight } from '../convert/quantize-weights';
import type { Precision } from '../../contract/run';
import { attr, GraphBuilder, tensorProto } from '../model/graph-builder';
import { DataType, onnx } from '../model/onnx-proto';
import { enterPhase } from '../phase';

/** Elementwise passes over the tensor in the bandwidth graph. */
export const COPY_PASSES = 8;

const MS_DOMAIN = 'com.microsoft';

export type MatmulKernel = {
  model: Uint8Array;
  feeds: Record<string, ort.Tensor>;
  fetches: Record<string, ort.Tensor>;
  /** In words, for the rates' method. */
  describe: string;
};

function fillFloat(count: number): Float32Array {
  const out = new Float32Array(count);
  for (let i = 0; i < count; i++) out[i] = (i % 1000) / 1000;
  return out;
}

/**
 * The N×N·N×N product at a precision, as the app's own variants run it: float32 and float16 MatMul, and for int8
 * the com.microsoft DynamicQuantizeMatMul the INT8 converter emits (float activations quantized per call, weights
 * stored as `int8Weights` says: int8, or uint8 with zero point 128), so the int8 rate is the one an INT8 variant made
 * here can reach. 2·N³ operations either way (the per-call quantization of A is N² work, noise at this size).
 */
export function matmulKernel(precision: Precision, n: number, int8Weights: Int8WeightEncoding = 's8'): MatmulKernel {
  const g = new GraphBuilder(`matmul-rate-${precision}`);
  const out = (type: number) => ({ c: type === DataType.FLOAT16 ? new ort.Tensor('float16', new Uint16Array(n * n), [n, n]) : new ort.Tensor('float32', new Float32Array(n * n), [n, n]) });
  if (precision === 'int8') {
    const a = g.input('a', DataType.FLOAT, [n, n]);
    const stored = storeWeight(new Int8Array(n * n).map((_, i) => (i % 200) - 100), int8Weights);
    const w = g.initializer('w', stored.dataType, [n, n], stored.data);
    const s = g.initializer('s', DataType.FLOAT, [], new Float32Array([0.01]));
    const zp = stored.zeroPoint === 0 ? [] : [g.initializer('zp', DataType.UINT8, [], Uint8Array.of(stored.zeroPoint))];
    g.node('DynamicQuantizeMatMul', [a, w, s, ...zp], { outputs: ['c'], domain: MS_DOMAIN });
    g.output('c', DataType.FLOAT, [n, n]);
    return {
      model: g.encode({ extraOpsets: [{ domain: MS_DOMAIN, version: 1 }] }),
      feeds: { a: new ort.Tensor('float32', fillFloat(n * n), [n, n]) },
      fetches: out(DataType.FLOAT),
      describe: `int8 DynamicQuantizeMatMul (com.microsoft, float32 A quantized per call × constant ${int8Weights === 's8' ? 'int8' : 'uint8 (zero point 128)'} B) ${n}×${n}·${n}×${n}`,
    };
  }
  const type = precision === 'fp16' ? DataType.FLOAT16 : DataType.FLOAT;
  const a = g.input('a', type, [n, n]);
  const b = g.input('b', type, [n, n]);
  g.output(g.op('MatMul', [a, b], undefined, 'c'), type, [n, n]);
  // 0x3c00 is 1.0 in IEEE half precision: any finite value does, the rate does not depend on it.
  const tensor = () => (type === DataType.FLOAT16 ? new ort.Tensor('float16', new Uint16Array(n * n).fill(0x3c00), [n, n]) : new ort.Tensor('float32', fillFloat(n * n), [n, n]));
  return {
    model: g.encode(),
    feeds: { a: tensor(), b: tensor() },
    fetches: out(type),
    describe: `${precision === 'fp16' ? 'float16' : 'float32'} MatMul ${n}×${n}·${n}×${n}`,
  };
}

/**
 * Why a kernel would not run at its own precision on this provider, or null when it does. onnxruntime does not refuse
 * a float16 MatMul on a provider without a float16 kernel (its CPU provider on x86, for one): it inserts Casts to
 * float32 around it (nodes named InsertedPrecisionFreeCast_*), so timing it would report the float32 rate plus the
 * casts as a float16 rate. The graph onnxruntime actually runs is saved and read back to see that.
 */
export async function precisionFallback(kernel: MatmulKernel, provider: ProviderId, precision: Precision): Promise<string | null> {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-rates-'));
  try {
    const file = join(dir, 'optimized.onnx');
    try {
      enterPhase('session', `measuring this machine's rates: checking the ${precision} kernel on ${provider}`);
      const session = await ort.InferenceSession.create(kernel.model, {
        executionProviders: [provider], graphOptimizationLevel: 'disabled', optimizedModelFilePath: file, logSeverityLevel: 3,
      });
      await session.release();
    } catch {
      // Some providers cannot save the graph they run (TensorRT's compiled nodes): no evidence of a fallback. Whether
      // the kernel runs at all, the timed session that follows finds out and reports.
      return null;
    }
    const model = onnx.ModelProto.decode(readFileSync(file));
    const casts = (model.graph?.node ?? []).filter((node) => node.opType === 'Cast');
    if (casts.length === 0) return null;
    return `not measurable on ${provider}: onnxruntime ${ort.env.versions.common} has no ${precision} MatMul kernel on the ${provider} provider here — it inserts ` +
      `${casts.length} Casts to float32 around it (${casts.map((c) => c.name).join(', ')}), so a ${precision} model runs in float32 on this machine and a ` +
      `${precision} rate measured here would be the float32 rate plus the casts`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The bandwidth graph: ConstantOfShape → COPY_PASSES × Add → ReduceSum to a scalar, so no tensor crosses the JS
 * binding (feeding and fetching a large tensor costs binding copies and page faults that would be counted as memory
 * time: ~2 GB/s that way against ~20 GB/s in the graph). Always float32: bandwidth is the memory system's, the same
 * for every precision's bytes.
 */
export function copyKernel(elems: number): MatmulKernel {
  const cp = new GraphBuilder('copy-rate');
  const shape = cp.input('shape', DataType.INT64, [1]);
  let x = cp.op('ConstantOfShape', [shape], { value: attr.tensor(tensorProto('value', DataType.FLOAT, [1], new Float32Array([1]))) });
  const one = cp.floatInit('one', [], new Float32Array([1]));
  for (let i = 0; i < COPY_PASSES; i++) x = cp.op('Add', [x, one]);
  cp.output(cp.op('ReduceSum', [x], { keepdims: attr.int(0) }, 'sum'), DataType.FLOAT, []);
  return {
    model: cp.encode({ opset: 17 }),
    feeds: { shape: new ort.Tensor('int64', BigInt64Array.from([BigInt(elems)]), [1]) },
    fetches: { sum: new ort.Tensor('float32', new Float32Array(1), []) },
    describe: `${(elems * 4) / 2 ** 20} MiB float32 tensor made in the graph and streamed through ${COPY_PASSES} Adds and a ReduceSum`,
  };
}
