/** t(0.975, df) for df = 1..30 (two-sided 95%), to 6 decimals; beyond 30 the expansion below is within 3e-8. */
const T975_TABLE = [
  12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139, 2.200985, 2.178813,
  2.160369, 2.144787, 2.13145, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963, 2.079614, 2.073873, 2.068658, 2.063899,
  2.059539, 2.055529, 2.051831, 2.048407, 2.04523, 2.042272,
] as const;

/** The standard normal's 97.5% quantile. */
const Z975 = 1.959963984540054;

/**
 * Two-sided 95% critical value of Student's t with `df` degrees of freedom.
 * df ≤ 30: table; above: the Cornish-Fisher expansion of t in powers of 1/df around the normal quantile
 * (Abramowitz & Stegun 26.7.5), four terms. Infinity for df < 1 (no interval from one sample).
 */
export function studentT975(df: number): number {
  if (!(df >= 1)) return Number.POSITIVE_INFINITY;
  const whole = Math.floor(df);
  if (whole <= T975_TABLE.length) return T975_TABLE[whole - 1] as number;
  const z = Z975;
  const z2 = z * z;
  const g1 = (z * (z2 + 1)) / 4;
  const g2 = (z * ((5 * z2 + 16) * z2 + 3)) / 96;
  const g3 = (z * (((3 * z2 + 19) * z2 + 17) * z2 - 15)) / 384;
  const g4 = (z * ((((79 * z2 + 776) * z2 + 1482) * z2 - 1920) * z2 - 945)) / 92160;
  const d = whole;
  return z + g1 / d + g2 / d ** 2 + g3 / d ** 3 + g4 / d ** 4;
}

/** Half-width of the 95% confidence interval of a mean from n samples with sample stdev `stdev`. */
export function confidenceHalfWidth(stdev: number, n: number): number {
  if (n < 2) return Number.POSITIVE_INFINITY;
  return (studentT975(n - 1) * stdev) / Math.sqrt(n);
}
