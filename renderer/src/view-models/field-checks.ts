/**
 * Checks of what the user typed that name every problem, not the first: shown beside the field as it is typed and
 * again when Start is pressed, so nothing typed is silently dropped or half-reported.
 */

/** Entries of a comma list ("0,abc,4") that are not whole numbers of 1 or more, in the order typed. */
export function badCountEntries(text: string): string[] {
  const t = text.replace(/\s+/g, '');
  if (/^\d+-\d+$/.test(t)) return [];
  return t.split(',').filter((p) => p !== '' && (!/^\d+$/.test(p) || Number(p) < 1));
}

/** The batch-size field's problem in a sentence naming every bad entry, or null when it parses. */
export function batchFieldProblem(text: string, what = 'Batch sizes'): string | null {
  const t = text.replace(/\s+/g, '');
  if (t.split(',').every((p) => p === '')) return `${what}: give at least one, e.g. 1,2,4,8.`;
  const range = /^(\d+)-(\d+)$/.exec(t);
  if (range) return Number(range[1]) >= 1 && Number(range[2]) >= Number(range[1]) ? null : `${what} ${text}: use low-high with 1 ≤ low ≤ high, e.g. 1-64.`;
  const bad = badCountEntries(t);
  if (bad.length === 0) return null;
  const quoted = bad.map((b) => `"${b}"`).join(', ');
  return `${what}: ${quoted} ${bad.length === 1 ? 'is not a whole number' : 'are not whole numbers'} of 1 or more; use a list like 1,2,4,8 or a range like 1-64.`;
}

/** Input name → the override as typed and its problem; the run is blocked while any is left. */
export type ShapeProblems = ReadonlyMap<string, { text: string; problem: string }>;

export function shapeProblemsText(problems: ShapeProblems): string | null {
  if (problems.size === 0) return null;
  return `Fix the shape override${problems.size === 1 ? '' : 's'} on the Model tab first (the run would not use ${problems.size === 1 ? 'it' : 'them'}): ${[...problems.values()].map((p) => p.problem).join(' ')}`;
}
