// Deterministic weights: a counter-based hash per element (no sequential state), so every tensor's values
// depend only on the model seed, the tensor's name and the element index — not on build order.
// The hash is written out inline in each loop (not a helper): the loops run ~300 M times per full build
// and a call per element doubled the time.

/** 32-bit FNV-1a of a string: the per-tensor stream id. */
export function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** Acklam's rational approximation of the standard normal quantile (relative error < 1.2e-9). */
function normalQuantile(p: number): number {
  const a = [-39.69683028665376, 220.9460984245205, -275.9285104469687, 138.357751867269, -30.66479806614716, 2.506628277459239];
  const b = [-54.47609879822406, 161.5858368580409, -155.6989798598866, 66.80131188771972, -13.28068155288572];
  const c = [-0.007784894002430293, -0.3223964580411365, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [0.007784695709041462, 0.3224671290700398, 2.445134137142996, 3.754408661907416];
  const [a0, a1, a2, a3, a4, a5] = a as [number, number, number, number, number, number];
  const [b0, b1, b2, b3, b4] = b as [number, number, number, number, number];
  const [c0, c1, c2, c3, c4, c5] = c as [number, number, number, number, number, number];
  const [d0, d1, d2, d3] = d as [number, number, number, number];
  const tail = (q: number): number =>
    (((((c0 * q + c1) * q + c2) * q + c3) * q + c4) * q + c5) / ((((d0 * q + d1) * q + d2) * q + d3) * q + 1);
  if (p < 0.02425) return tail(Math.sqrt(-2 * Math.log(p)));
  if (p > 1 - 0.02425) return -tail(Math.sqrt(-2 * Math.log(1 - p)));
  const q = p - 0.5;
  const r = q * q;
  return ((((((a0 * r + a1) * r + a2) * r + a3) * r + a4) * r + a5) * q) / (((((b0 * r + b1) * r + b2) * r + b3) * r + b4) * r + 1);
}

const TABLE_BITS = 12;
const TABLE_SIZE = 1 << TABLE_BITS;
const FRACTION_BITS = 32 - TABLE_BITS;
const FRACTION_MASK = (1 << FRACTION_BITS) - 1;
/** Truncation of every normal draw, in standard deviations (trunc_normal, as transformer inits use). */
const TRUNCATE_AT = 3;

/**
 * Inverse-CDF table of a normal truncated at ±TRUNCATE_AT, rescaled to unit variance: a draw is one hash,
 * one lookup and a linear interpolation, fast enough for the ~300 M values of all base models.
 */
const normalTable = ((): Float32Array => {
  const lo = 0.5 * (1 + erf(-TRUNCATE_AT / Math.SQRT2));
  const raw = new Float64Array(TABLE_SIZE + 1);
  for (let k = 0; k <= TABLE_SIZE; k++) raw[k] = normalQuantile(lo + ((1 - 2 * lo) * k) / TABLE_SIZE);
  raw[0] = -TRUNCATE_AT;
  raw[TABLE_SIZE] = TRUNCATE_AT;
  // Variance of the interpolated distribution: mean of x² over each segment's uniform mixture.
  let variance = 0;
  for (let k = 0; k < TABLE_SIZE; k++) {
    const x0 = raw[k] as number;
    const x1 = raw[k + 1] as number;
    variance += (x0 * x0 + x0 * x1 + x1 * x1) / 3;
  }
  const scale = 1 / Math.sqrt(variance / TABLE_SIZE);
  return Float32Array.from(raw, (x) => x * scale);
})();

function erf(x: number): number {
  // Abramowitz & Stegun 7.1.26 is too coarse for the tail; integrate the series instead (only used at load).
  let sum = 0;
  let term = x;
  for (let n = 0; n < 60; n++) {
    sum += term / (2 * n + 1);
    term *= (-x * x) / (n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

/** A stream of deterministic values for one tensor. */
export class WeightStream {
  private readonly key: number;

  constructor(seed: number, tensorName: string) {
    this.key = hashString(tensorName) ^ Math.imul(seed, 0x27d4eb2f);
  }

  /** Normal(mean, std), truncated at ±3 std. */
  normal(count: number, std: number, mean = 0): Float32Array {
    const out = new Float32Array(count);
    const key = this.key;
    const table = normalTable;
    const fracScale = 1 / (FRACTION_MASK + 1);
    for (let i = 0; i < count; i++) {
      let h = Math.imul(i, 0x9e3779b9) ^ key; // murmur3's finaliser over the counter, in int32 (V8 keeps it unboxed)
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
      const k = h >>> FRACTION_BITS;
      const f = (h & FRACTION_MASK) * fracScale;
      const x0 = table[k] as number;
      out[i] = mean + std * (x0 + ((table[k + 1] as number) - x0) * f);
    }
    return out;
  }

  /** Uniform on [lo, hi). */
  uniform(count: number, lo: number, hi: number): Float32Array {
    const out = new Float32Array(count);
    const key = this.key;
    const mid = (lo + hi) / 2;
    const span = (hi - lo) / 4294967296;
    for (let i = 0; i < count; i++) {
      let h = Math.imul(i, 0x9e3779b9) ^ key;
      h ^= h >>> 16;
      h = Math.imul(h, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      out[i] = mid + (h ^ (h >>> 16)) * span;
    }
    return out;
  }
}

/** He (Kaiming) normal for layers followed by ReLU: std = sqrt(2 / fanIn). */
export function heStd(fanIn: number): number {
  return Math.sqrt(2 / fanIn);
}

/** Xavier (Glorot) normal: std = sqrt(2 / (fanIn + fanOut)). */
export function xavierStd(fanIn: number, fanOut: number): number {
  return Math.sqrt(2 / (fanIn + fanOut));
}

/** BERT's and ViT's truncated-normal initialiser range. */
export const TRANSFORMER_INIT_STD = 0.02;
