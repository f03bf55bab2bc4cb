import type { ModelInfo, TensorInfo } from '../../../electron/contract/model';

const INT_TYPES = new Set(['int64', 'int32', 'int16', 'int8', 'uint8', 'uint16', 'uint32', 'uint64']);

export function isIntegerInput(t: TensorInfo): boolean {
  return INT_TYPES.has(t.elemType);
}

export function shapeText(shape: TensorInfo['shape']): string {
  return `[${shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}

/** Symbolic dims other than the batch dim: the user gives them values (the engine needs concrete shapes). */
export function symbolicDims(info: ModelInfo): string[] {
  const names = new Set<string>();
  for (const t of info.inputs) for (const d of t.shape) if (typeof d === 'string' && d !== info.batch.dimName) names.add(d);
  return [...names];
}

/**
 * A full-shape override as typed ("1, 3, 224, 224" or "[1,3,224,224]"), as the CLI's --shape takes it: null for
 * blank (no override), or a sentence naming the input and the problem.
 */
export function parseShape(input: TensorInfo, text: string): number[] | null | string {
  const t = text.trim().replace(/^\[|\]$/g, '').trim();
  if (t === '') return null;
  const parts = t.split(/[\s,x×]+/).filter((p) => p !== '');
  const bad = parts.filter((p) => !/^\d+$/.test(p));
  if (bad.length > 0) return `Shape of ${input.name}: ${bad.map((b) => `"${b}"`).join(', ')} ${bad.length === 1 ? 'is not a whole number' : 'are not whole numbers'}; write sizes like 1,3,224,224.`;
  const dims = parts.map(Number);
  if (input.shape.length > 0 && dims.length !== input.shape.length) {
    return `Shape of ${input.name}: ${dims.length} sizes given, but the input has ${input.shape.length} dimensions ${shapeText(input.shape)}.`;
  }
  return dims;
}

/** An integer range [min, max) as the engine takes it, or a sentence when max is not above min. */
export function checkIntRange(input: string, min: number, max: number): [number, number] | string {
  return max > min ? [min, max] : `Values of ${input}: max (${max}, excluded) must be above min (${min}).`;
}
