import { MAX_BATCH, parseBatchList } from '../../common/batch-list';
import { providerIds, type ProviderId } from '../contract/hardware';
import { precisionSchema, type Precision } from '../contract/run';
import { badInput } from '../engine/errors';


function list(flag: string, value: string): string[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.length === 0 || items.some((s) => s === '')) throw badInput(`${flag} ${value}: expected a comma-separated list`);
  return items;
}

function wholeNumber(flag: string, text: string, min: number, max: number, what: string): number {
  const n = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) throw badInput(`${flag} ${text}: ${what} must be whole numbers from ${min} to ${max}`);
  return n;
}

/** `--batch 1,2,4` or a range `--batch 1-256` (powers of two from the first to the last). */
export function parseBatches(value: string): number[] {
  const parsed = parseBatchList(value);
  if (parsed.ok) return parsed.batches;
  const problem = parsed.problem;
  if (problem.kind === 'empty-item') throw badInput(`--batch ${value}: expected a comma-separated list`);
  if (problem.kind === 'range-reversed') throw badInput(`--batch ${value}: the range must go from small to large`);
  throw badInput(`--batch ${problem.item}: batch sizes must be whole numbers from 1 to ${MAX_BATCH}`);
}

export function parseProviders(value: string): ProviderId[] {
  return [...new Set(list('--ep', value).map((s) => s.toLowerCase()))].map((id) => {
    if (!(providerIds as readonly string[]).includes(id)) throw badInput(`--ep ${id}: unknown execution provider (known: ${providerIds.join(', ')})`);
    return id as ProviderId;
  });
}

/** `--threads 1,2,4`; `default` keeps onnxruntime's own choice as one of the values. */
export function parseThreads(value: string): (number | null)[] {
  return [...new Set(list('--threads', value).map((s) => (s === 'default' ? null : wholeNumber('--threads', s, 1, 1024, 'thread counts'))))];
}

/** `--device 0,1`: GPU indexes. */
export function parseDevices(value: string): number[] {
  return [...new Set(list('--device', value).map((s) => wholeNumber('--device', s, 0, 63, 'GPU indexes')))];
}

export function parsePrecisions(value: string): Precision[] {
  return [...new Set(list('--precision', value).map((s) => s.toLowerCase()))].map((p) => {
    const parsed = precisionSchema.safeParse(p);
    if (!parsed.success) throw badInput(`--precision ${p}: unknown precision (known: ${precisionSchema.options.join(', ')})`);
    return parsed.data;
  });
}

/** `--shape input_ids=1x128` (repeatable): a full shape for one input. */
export function parseShape(value: string, previous: Record<string, number[]> = {}): Record<string, number[]> {
  const m = /^([^=]+)=(\d+(?:x\d+)*)$/.exec(value.trim());
  if (!m) throw badInput(`--shape ${value}: expected NAME=DIMxDIM..., e.g. --shape input_ids=1x128`);
  const dims = (m[2] as string).split('x').map((d) => wholeNumber('--shape', d, 1, 1 << 30, 'dimensions'));
  return { ...previous, [(m[1] as string).trim()]: dims };
}

/** `--dim sequence=128` (repeatable): a value for a symbolic dimension, by name. */
export function parseDim(value: string, previous: Record<string, number> = {}): Record<string, number> {
  const m = /^([^=]+)=(\d+)$/.exec(value.trim());
  if (!m) throw badInput(`--dim ${value}: expected NAME=SIZE, e.g. --dim sequence=128`);
  return { ...previous, [(m[1] as string).trim()]: wholeNumber('--dim', m[2] as string, 1, 1 << 30, 'dimensions') };
}

/** `--int-range input_ids=0:30522` (repeatable): range [MIN, MAX) of a synthetic integer input (MAX excluded, like a vocabulary size). */
export function parseIntRange(value: string, previous: Record<string, [number, number]> = {}): Record<string, [number, number]> {
  const m = /^([^=]+)=(-?\d+):(-?\d+)$/.exec(value.trim());
  if (!m) throw badInput(`--int-range ${value}: expected NAME=MIN:MAX, e.g. --int-range input_ids=0:30522`);
  const lo = Number(m[2]);
  const hi = Number(m[3]);
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo >= hi) throw badInput(`--int-range ${value}: MIN must be below MAX (MAX is excluded)`);
  return { ...previous, [(m[1] as string).trim()]: [lo, hi] };
}

export function parsePositive(flag: string, value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw badInput(`${flag} ${value}: expected a positive number`);
  return n;
}

export function parseCount(flag: string, value: string): number {
  return wholeNumber(flag, value.trim(), 0, 1e9, 'counts');
}

export function parseNonNegative(flag: string, value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0) throw badInput(`${flag} ${value}: expected a number, 0 or more`);
  return n;
}
