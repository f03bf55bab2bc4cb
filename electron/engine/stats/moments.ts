/** Mean and sample variance (n - 1) in one pass, Welford's way (no catastrophic cancellation). */
export interface Moments {
  n: number;
  mean: number;
  /** Sample variance with Bessel's correction; NaN below two samples, as numpy's var(ddof=1). */
  variance: number;
}

/** Welford's running mean and sum of squared deviations; `push` is O(1), so a timing loop can keep it up to date. */
export class RunningMoments {
  private count = 0;
  private runningMean = 0;
  private m2 = 0;

  push(x: number): void {
    this.count += 1;
    const delta = x - this.runningMean;
    this.runningMean += delta / this.count;
    this.m2 += delta * (x - this.runningMean);
  }

  get n(): number {
    return this.count;
  }

  get mean(): number {
    return this.count === 0 ? Number.NaN : this.runningMean;
  }

  get variance(): number {
    return this.count < 2 ? Number.NaN : this.m2 / (this.count - 1);
  }

  get stdev(): number {
    return Math.sqrt(this.variance);
  }
}

export function meanAndVariance(samples: Float64Array): Moments {
  const m = new RunningMoments();
  for (const x of samples) m.push(x);
  return { n: m.n, mean: m.mean, variance: m.variance };
}
