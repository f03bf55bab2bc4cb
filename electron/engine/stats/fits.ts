/** Curve fits used by the recommendations: a straight line T(B) = a + b·B and the Universal Scalability Law. Pure. */

export type LinearFit = {
  /** Intercept: T_setup when x is the batch. */
  a: number;
  /** Slope: T_marginal when x is the batch. */
  b: number;
  /** Coefficient of determination, 1 − SS_res/SS_tot; 1 when every y is equal and fitted exactly. */
  r2: number;
  n: number;
};

/**
 * Ordinary (unweighted) least squares y = a + b·x, closed form (normal equations on centred data, e.g. Draper &
 * Smith, "Applied Regression Analysis", ch. 1). Unweighted on purpose: each y is already a mean over many
 * iterations, and weighting by 1/variance would let the small, fast batches decide the slope alone.
 */
export function fitLinear(points: readonly { x: number; y: number }[]): LinearFit {
  const n = points.length;
  if (n < 2) throw new RangeError(`fitLinear needs at least 2 points, got ${n}`);
  let mx = 0;
  let my = 0;
  for (const p of points) {
    mx += p.x / n;
    my += p.y / n;
  }
  let sxx = 0;
  let sxy = 0;
  let syy = 0;
  for (const p of points) {
    sxx += (p.x - mx) ** 2;
    sxy += (p.x - mx) * (p.y - my);
    syy += (p.y - my) ** 2;
  }
  if (sxx === 0) throw new RangeError('fitLinear needs at least 2 distinct x values');
  const b = sxy / sxx;
  const a = my - b * mx;
  let ssRes = 0;
  for (const p of points) ssRes += (p.y - (a + b * p.x)) ** 2;
  return { a, b, r2: syy === 0 ? (ssRes === 0 ? 1 : 0) : 1 - ssRes / syy, n };
}

export type UslFit = {
  /** Contention (serialisation) coefficient, ≥ 0. */
  alpha: number;
  /** Coherency (crosstalk) coefficient, ≥ 0. */
  beta: number;
  /** Throughput at N = 1 (the USL's scale factor λ). */
  lambda: number;
  r2: number;
  /** N* = sqrt((1 − α)/β), where throughput peaks; null when β = 0 (no peak: throughput only levels off). */
  peakN: number | null;
  /** Fitted throughput at N*, null with peakN. */
  peakThroughput: number | null;
  iterations: number;
};

/**
 * Universal Scalability Law (Gunther, "Guerrilla Capacity Planning", Springer 2007, ch. 4):
 *   X(N) = λ·C(N),  C(N) = N / (1 + α(N−1) + β·N(N−1)).
 */
export function uslThroughput(n: number, alpha: number, beta: number, lambda: number): number {
  return (lambda * n) / (1 + alpha * (n - 1) + beta * n * (n - 1));
}

/**
 * Fits α, β and λ to measured throughput by nonlinear least squares (Levenberg–Marquardt with Marquardt's diagonal
 * scaling; α, β kept ≥ 0 by projection). The start is Gunther's linearisation (GCaP 2007, ch. 5, regression on the deviations from linearity): with x = N − 1
 * and C = X/X(1), N/C − 1 = (α + β)·x + β·x², a quadratic through the origin. Needs 3 points with distinct N ≥ 1.
 */
export function fitUsl(points: readonly { n: number; throughput: number }[]): UslFit {
  const pts = points.filter((p) => p.n >= 1 && p.throughput > 0);
  if (new Set(pts.map((p) => p.n)).size < 3) throw new RangeError('fitUsl needs at least 3 distinct N with positive throughput');
  let params = linearisedStart(pts);
  let sse = sumSquares(pts, params);
  let mu = 1e-3;
  let iterations = 0;
  for (; iterations < 200; iterations++) {
    const step = lmStep(pts, params, mu);
    if (step === null) break;
    const next: Params = [Math.max(step[0], 1e-300), Math.max(0, step[1]), Math.max(0, step[2])];
    const nextSse = sumSquares(pts, next);
    if (nextSse < sse) {
      const converged = (sse - nextSse) / Math.max(sse, 1e-300) < 1e-12;
      params = next;
      sse = nextSse;
      mu = Math.max(mu / 10, 1e-12);
      if (converged) break;
    } else {
      mu *= 10;
      if (mu > 1e12) break;
    }
  }
  const [lambda, alpha, beta] = params;
  let mean = 0;
  for (const p of pts) mean += p.throughput / pts.length;
  let ssTot = 0;
  for (const p of pts) ssTot += (p.throughput - mean) ** 2;
  // GCaP 2007, ch. 4: the peak of C(N) is at N* = sqrt((1 − α)/β).
  const peakN = beta > 0 && alpha < 1 ? Math.sqrt((1 - alpha) / beta) : null;
  return {
    alpha,
    beta,
    lambda,
    r2: ssTot === 0 ? 1 : 1 - sse / ssTot,
    peakN,
    peakThroughput: peakN === null ? null : uslThroughput(peakN, alpha, beta, lambda),
    iterations,
  };
}

/** [λ, α, β] */
type Params = [number, number, number];

function linearisedStart(pts: readonly { n: number; throughput: number }[]): Params {
  const sorted = [...pts].sort((a, b) => a.n - b.n);
  const first = sorted[0] as { n: number; throughput: number };
  const lambda = first.throughput / first.n;
  // Least squares for y = p·x + q·x² through the origin (2×2 normal equations).
  let sxx = 0;
  let sx3 = 0;
  let sx4 = 0;
  let sxy = 0;
  let sx2y = 0;
  for (const p of sorted) {
    const x = p.n - 1;
    const y = p.n / (p.throughput / lambda) - 1;
    sxx += x * x;
    sx3 += x ** 3;
    sx4 += x ** 4;
    sxy += x * y;
    sx2y += x * x * y;
  }
  const det = sxx * sx4 - sx3 * sx3;
  if (det === 0) return [lambda, 0, 0];
  const lin = (sxy * sx4 - sx2y * sx3) / det;
  const quad = (sxx * sx2y - sx3 * sxy) / det;
  const beta = Math.max(0, quad);
  return [lambda, Math.max(0, lin - beta), beta];
}

function sumSquares(pts: readonly { n: number; throughput: number }[], [lambda, alpha, beta]: Params): number {
  let s = 0;
  for (const p of pts) s += (p.throughput - uslThroughput(p.n, alpha, beta, lambda)) ** 2;
  return s;
}

/** One damped Gauss–Newton step: solve (JᵀJ + μ·diag(JᵀJ))·δ = Jᵀr; null when the system is singular. */
function lmStep(pts: readonly { n: number; throughput: number }[], params: Params, mu: number): Params | null {
  const [lambda, alpha, beta] = params;
  const jtj = [[0, 0, 0], [0, 0, 0], [0, 0, 0]] as number[][];
  const jtr = [0, 0, 0];
  for (const p of pts) {
    const n = p.n;
    const d = 1 + alpha * (n - 1) + beta * n * (n - 1);
    const x = (lambda * n) / d;
    const grad = [n / d, (-lambda * n * (n - 1)) / (d * d), (-lambda * n * n * (n - 1)) / (d * d)];
    const r = p.throughput - x;
    for (let i = 0; i < 3; i++) {
      jtr[i] = (jtr[i] as number) + (grad[i] as number) * r;
      for (let j = 0; j < 3; j++) (jtj[i] as number[])[j] = ((jtj[i] as number[])[j] as number) + (grad[i] as number) * (grad[j] as number);
    }
  }
  for (let i = 0; i < 3; i++) {
    const row = jtj[i] as number[];
    row[i] = (row[i] as number) * (1 + mu) + 1e-300;
  }
  const delta = solve3(jtj, jtr);
  if (delta === null) return null;
  return [lambda + (delta[0] as number), alpha + (delta[1] as number), beta + (delta[2] as number)];
}

/** Gaussian elimination with partial pivoting on a 3×3 system. */
function solve3(m: number[][], v: number[]): number[] | null {
  const a = m.map((row, i) => [...row, v[i] as number]);
  for (let c = 0; c < 3; c++) {
    let pivot = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs((a[r] as number[])[c] as number) > Math.abs((a[pivot] as number[])[c] as number)) pivot = r;
    [a[c], a[pivot]] = [a[pivot] as number[], a[c] as number[]];
    const pr = a[c] as number[];
    const pv = pr[c] as number;
    if (!Number.isFinite(pv) || Math.abs(pv) < 1e-300) return null;
    for (let r = c + 1; r < 3; r++) {
      const row = a[r] as number[];
      const f = (row[c] as number) / pv;
      for (let k = c; k < 4; k++) row[k] = (row[k] as number) - f * (pr[k] as number);
    }
  }
  const x = [0, 0, 0];
  for (let r = 2; r >= 0; r--) {
    const row = a[r] as number[];
    let s = row[3] as number;
    for (let k = r + 1; k < 3; k++) s -= (row[k] as number) * (x[k] as number);
    x[r] = s / (row[r] as number);
  }
  return x;
}
