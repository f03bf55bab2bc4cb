// Proof that a rewrite freed the batch without mixing samples: a batch-2 run must equal two batch-1 runs, sample by sample.
import * as ort from 'onnxruntime-node';
import type { Tolerance } from '../../contract/check';
import type { ModelInfo } from '../../contract/model';
import { compareNumbers } from '../check/compare-reference';
import { numericData } from '../convert/accuracy';
import { firstLine } from '../bench/classify-failure';
import { resolveInputShapes, synthesizeInputs } from './input-synthesis';

/**
 * Batched and single runs take different kernel paths (blocking, vectorised tails), so they agree to float rounding,
 * not bit for bit; a rewrite that mixes samples is off by the size of the values themselves.
 */
export const BATCH_EQUIVALENCE_TOLERANCE: Tolerance = { rtol: 1e-2, atol: 1e-3 };

type Feeds = Record<string, ort.Tensor>;

/** Sample `i` of a batch-2 feed: batch inputs cut along dim 0, the others whole. */
function sample(feeds: Feeds, batchInputs: string[], i: number): Feeds {
  const out: Feeds = {};
  for (const [name, t] of Object.entries(feeds)) {
    if (!batchInputs.includes(name)) {
      out[name] = t;
      continue;
    }
    const n = t.size / 2;
    out[name] = new ort.Tensor(t.type, (t.data as Float32Array).slice(i * n, (i + 1) * n), [1, ...t.dims.slice(1)]);
  }
  return out;
}

function sameOutput(name: string, batched: ort.Tensor, singles: ort.Tensor[]): string | null {
  if (batched.dims[0] !== 2) return `output '${name}' has dim 0 = ${String(batched.dims[0])} at batch 2`;
  const all = numericData(batched);
  if (all === null) return null; // strings: nothing to compare numerically
  const n = all.length / 2;
  for (const [i, single] of singles.entries()) {
    const one = numericData(single);
    if (one === null || one.length !== n) return `output '${name}' has ${one?.length ?? 0} values at batch 1, ${n} per sample at batch 2`;
    const e = compareNumbers({ values: all.subarray(i * n, (i + 1) * n), dims: single.dims }, { values: one, dims: single.dims }, BATCH_EQUIVALENCE_TOLERANCE);
    if (e.mismatched > 0) return `output '${name}' of sample ${i + 1} differs from its batch-1 run in ${e.mismatched} of ${e.elements} values (max abs error ${e.maxAbsError.toPrecision(3)})`;
  }
  return null;
}

/**
 * Runs the rewritten model at batch 2 and each of its samples at batch 1 on the CPU; null when every output agrees,
 * otherwise why the rewrite cannot be trusted (one sentence).
 */
export async function verifyBatchRewrite(source: string | Uint8Array, info: ModelInfo): Promise<string | null> {
  let session: ort.InferenceSession | null = null;
  try {
    const feeds = synthesizeInputs(info, resolveInputShapes(info, 2, { dims: {}, shapes: {} }), {}, 1);
    const options: ort.InferenceSession.SessionOptions = { executionProviders: ['cpu'], logSeverityLevel: 3 };
    session = typeof source === 'string' ? await ort.InferenceSession.create(source, options) : await ort.InferenceSession.create(source, options);
    const batched = await session.run(feeds);
    const singles = [await session.run(sample(feeds, info.batch.inputs, 0)), await session.run(sample(feeds, info.batch.inputs, 1))];
    for (const name of session.outputNames) {
      const problem = sameOutput(name, batched[name] as ort.Tensor, singles.map((s) => s[name] as ort.Tensor));
      if (problem !== null) return `a batch-2 run does not equal two batch-1 runs: ${problem}`;
    }
    return null;
  } catch (error) {
    return `it could not be verified at batch 2 (${firstLine(error instanceof Error ? error.message : String(error))})`;
  } finally {
    await session?.release();
  }
}
