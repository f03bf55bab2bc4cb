// How far outputs are from reference outputs: pure arithmetic over numbers, and the warning signs of reference data
// that cannot tell anything (every value the same, or the same output whatever the input).
import type { OutputError, Tolerance } from '../../contract/check';
import { argmaxRows, looksLikeScores } from '../convert/accuracy';

/** Values and dims of one output, decoded to numbers (float16 bits, integers and bools included). */
export interface Numbers {
  values: Float64Array;
  dims: readonly number[];
}

/** numpy.isclose with equal_nan: NaN matches NaN, infinities match themselves. */
export function isClose(actual: number, expected: number, tol: Tolerance): boolean {
  if (Number.isNaN(expected) || Number.isNaN(actual)) return Number.isNaN(expected) && Number.isNaN(actual);
  if (actual === expected) return true;
  if (!Number.isFinite(actual) || !Number.isFinite(expected)) return false;
  return Math.abs(actual - expected) <= tol.atol + tol.rtol * Math.abs(expected);
}

/** Compares `actual` with `expected` element by element; the shapes must agree (the caller says why when not). */
export function compareNumbers(actual: Numbers, expected: Numbers, tol: Tolerance): OutputError {
  const a = actual.values;
  const e = expected.values;
  let maxAbs = 0;
  let maxRel = 0;
  let mismatched = 0;
  let dot = 0;
  let a2 = 0;
  let e2 = 0;
  for (let i = 0; i < e.length; i++) {
    const x = a[i] as number;
    const y = e[i] as number;
    if (!isClose(x, y, tol)) mismatched++;
    if (Number.isNaN(x) || Number.isNaN(y)) {
      if (!(Number.isNaN(x) && Number.isNaN(y))) maxAbs = maxRel = Infinity;
      continue;
    }
    if (x !== y) {
      const d = Math.abs(x - y);
      maxAbs = Math.max(maxAbs, d);
      if (y !== 0) maxRel = Math.max(maxRel, d / Math.abs(y));
    }
    if (Number.isFinite(x) && Number.isFinite(y)) {
      dot += x * y;
      a2 += x * x;
      e2 += y * y;
    }
  }
  const cosine = a2 === 0 && e2 === 0 ? 1 : a2 === 0 || e2 === 0 ? 0 : dot / Math.sqrt(a2 * e2);
  let top1: OutputError['top1'] = null;
  if (looksLikeScores(expected.dims)) {
    const classes = expected.dims[1] as number;
    const want = argmaxRows(e, classes);
    const got = argmaxRows(a, classes);
    top1 = { agree: want.filter((v, i) => v === got[i]).length, rows: want.length };
  }
  return { maxAbsError: maxAbs, maxRelError: maxRel, cosine, top1, mismatched, elements: e.length };
}

/** The worst of several comparisons of one output (max errors, min cosine, counts summed). */
export function worstOf(errors: OutputError[]): OutputError {
  const top1 = errors.map((e) => e.top1).filter((t): t is NonNullable<OutputError['top1']> => t !== null);
  return {
    maxAbsError: Math.max(0, ...errors.map((e) => e.maxAbsError)),
    maxRelError: Math.max(0, ...errors.map((e) => e.maxRelError)),
    cosine: Math.min(1, ...errors.map((e) => e.cosine)),
    top1: top1.length === errors.length && top1.length > 0 ? { agree: top1.reduce((n, t) => n + t.agree, 0), rows: top1.reduce((n, t) => n + t.rows, 0) } : null,
    mismatched: errors.reduce((n, e) => n + e.mismatched, 0),
    elements: errors.reduce((n, e) => n + e.elements, 0),
  };
}

function sameValues(a: Float64Array, b: Float64Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) return false;
  return true;
}

/**
 * Warnings for reference outputs that cannot tell a right model from a wrong one: an output whose values are all
 * equal in every set, or one that is identical in every set although the inputs differ. `sets` holds, per data set,
 * the inputs and the reference outputs by name.
 */
export function degenerateReferences(
  sets: { name: string; inputs: Numbers[]; outputs: Map<string, Numbers> }[],
  words: { output: string; sets: string } = { output: 'reference output', sets: 'data sets' },
): string[] {
  const warnings: string[] = [];
  const names = [...new Set(sets.flatMap((s) => [...s.outputs.keys()]))];
  for (const name of names) {
    const seen = sets.map((s) => s.outputs.get(name)).filter((v): v is Numbers => v !== undefined);
    const constant = seen.every((n) => n.values.length > 1 && n.values.every((v) => Object.is(v, n.values[0])));
    if (constant && seen.length > 0) {
      warnings.push(`${words.output} '${name}' is constant (every value ${String(seen[0]?.values[0])}${seen.length > 1 ? ` in all ${seen.length} ${words.sets}` : ''}): comparing it cannot tell a right model from a wrong one`);
      continue;
    }
    const first = seen[0];
    const inputsDiffer = sets.some((s) => s.inputs.some((n, i) => !sameValues(n.values, sets[0]?.inputs[i]?.values ?? new Float64Array())));
    if (seen.length > 1 && first !== undefined && inputsDiffer && seen.every((n) => sameValues(n.values, first.values))) {
      warnings.push(`${words.output} '${name}' is the same in all ${seen.length} ${words.sets} although their inputs differ: it does not depend on the input, so comparing it says little`);
    }
  }
  return warnings;
}
