// How far a converted model's outputs are from the FP32 model's on the same inputs: pure arithmetic over tensors.
import type * as ort from 'onnxruntime-node';
import type { AccuracyReport, OutputAccuracy } from '../../contract/convert';
import { fromFloat16Bits } from '../model/float16';

/** Tensor data as float64 numbers; float16 bits decoded, integers and bools as their values. Null for strings. */
export function numericData(t: ort.Tensor): Float64Array | null {
  const data = t.data;
  if (t.type === 'float16') {
    const bits = data as Uint16Array;
    const out = new Float64Array(bits.length);
    for (let i = 0; i < bits.length; i++) out[i] = fromFloat16Bits(bits[i] as number);
    return out;
  }
  if (t.type === 'string' || Array.isArray(data)) return null;
  if (data instanceof BigInt64Array || data instanceof BigUint64Array) return Float64Array.from(data, (v) => Number(v));
  return Float64Array.from(data as ArrayLike<number>);
}

/** Class scores: rank 2, [batch, classes] with at least two classes. */
export function looksLikeScores(dims: readonly number[]): boolean {
  return dims.length === 2 && (dims[1] ?? 0) >= 2;
}

export function argmaxRows(values: Float64Array, classes: number): number[] {
  const out: number[] = [];
  for (let r = 0; r * classes < values.length; r++) {
    let best = 0;
    for (let c = 1; c < classes; c++) if ((values[r * classes + c] as number) > (values[r * classes + best] as number)) best = c;
    out.push(best);
  }
  return out;
}

interface Sums {
  maxAbs: number;
  diff2: number;
  ref2: number;
  cand2: number;
  dot: number;
  rows: number;
  agree: number;
  scores: boolean;
}

function accumulate(s: Sums, ref: ort.Tensor, cand: ort.Tensor, name: string): void {
  const a = numericData(ref);
  const b = numericData(cand);
  if (a === null || b === null) throw new Error(`output '${name}' is not numeric; it cannot be compared`);
  if (a.length !== b.length) throw new Error(`output '${name}' has ${b.length} values in the converted model, ${a.length} in the reference`);
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    const d = Math.abs(x - y);
    // NaN in either makes the error infinite rather than silently ignored.
    s.maxAbs = Number.isNaN(d) ? Infinity : Math.max(s.maxAbs, d);
    s.diff2 += (x - y) * (x - y);
    s.ref2 += x * x;
    s.cand2 += y * y;
    s.dot += x * y;
  }
  s.scores &&= looksLikeScores(ref.dims);
  if (s.scores) {
    const classes = ref.dims[1] as number;
    const ra = argmaxRows(a, classes);
    const rb = argmaxRows(b, classes);
    s.rows += ra.length;
    s.agree += ra.filter((v, i) => v === rb[i]).length;
  }
}

/** Cosine similarity; two all-zero vectors are identical (1), one zero and one not share nothing (0). */
function cosineOf(s: Sums): number {
  if (s.ref2 === 0 && s.cand2 === 0) return 1;
  if (s.ref2 === 0 || s.cand2 === 0) return 0;
  return s.dot / Math.sqrt(s.ref2 * s.cand2);
}

function relativeL2Of(s: Sums): number {
  if (s.ref2 === 0) return s.diff2 === 0 ? 0 : Infinity;
  return Math.sqrt(s.diff2 / s.ref2);
}

/**
 * Compares outputs sample by sample: each output's figures cover all samples (its values concatenated), and the
 * report's figures are the worst over the outputs. Samples are given as reference/candidate pairs by index.
 */
export function compareOutputs(reference: Record<string, ort.Tensor>[], candidate: Record<string, ort.Tensor>[], inputs: 'random' | 'user' = 'random'): AccuracyReport {
  if (reference.length !== candidate.length) throw new Error(`${reference.length} reference samples against ${candidate.length} converted ones`);
  if (reference.length === 0) throw new Error('no samples to compare');
  const names = Object.keys(reference[0] ?? {});
  const outputs: OutputAccuracy[] = names.map((name) => {
    const s: Sums = { maxAbs: 0, diff2: 0, ref2: 0, cand2: 0, dot: 0, rows: 0, agree: 0, scores: true };
    reference.forEach((ref, i) => {
      const a = ref[name];
      const b = candidate[i]?.[name];
      if (a === undefined || b === undefined) throw new Error(`output '${name}' is missing from sample ${i}`);
      accumulate(s, a, b, name);
    });
    return {
      name,
      maxAbsError: s.maxAbs,
      relativeL2: relativeL2Of(s),
      cosine: cosineOf(s),
      top1Agreement: s.scores && s.rows > 0 ? s.agree / s.rows : null,
    };
  });
  const top1 = outputs.map((o) => o.top1Agreement).filter((v): v is number => v !== null);
  return {
    samples: reference.length,
    inputs,
    outputs,
    maxAbsError: Math.max(...outputs.map((o) => o.maxAbsError)),
    relativeL2: Math.max(...outputs.map((o) => o.relativeL2)),
    cosine: Math.min(...outputs.map((o) => o.cosine)),
    top1Agreement: top1.length > 0 ? Math.min(...top1) : null,
  };
}
