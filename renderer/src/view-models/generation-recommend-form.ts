// The Recommend form's generation parts: the prompt × gen shapes a run measured, as a select's options.
import type { GenerationShape } from '../../../electron/contract/generation';
import type { RunRecord } from '../../../electron/contract/run';

/** The select's value for a shape; '' is the engine's default (the last in prompt, then gen order). */
export function shapeValue(s: GenerationShape): string {
  return `${s.promptTokens}x${s.genTokens}`;
}

/** A select value back to a shape: undefined for the default, null when it is not one. */
export function parseShapeValue(value: string): GenerationShape | undefined | null {
  if (value.trim() === '') return undefined;
  const m = /^(\d+)x(\d+)$/.exec(value.trim());
  const promptTokens = Number(m?.[1]);
  const genTokens = Number(m?.[2]);
  return m && promptTokens >= 1 && genTokens >= 1 ? { promptTokens, genTokens } : null;
}

export interface ShapeOption {
  value: string;
  label: string;
}

/** Every prompt × gen shape the run measured, in the engine's order (prompt, then gen), after the default; empty for a run with no generation point. */
export function shapeOptions(run: Pick<RunRecord, 'points'>): ShapeOption[] {
  const seen = new Map<string, GenerationShape>();
  for (const p of run.points) if (p.generation) seen.set(shapeValue(p.generation), { promptTokens: p.generation.promptTokens, genTokens: p.generation.genTokens });
  const shapes = [...seen.values()].sort((a, b) => a.promptTokens - b.promptTokens || a.genTokens - b.genTokens);
  if (shapes.length === 0) return [];
  const last = shapes[shapes.length - 1] as GenerationShape;
  return [
    { value: '', label: `default: prompt ${last.promptTokens} × gen ${last.genTokens}` },
    ...shapes.map((s) => ({ value: shapeValue(s), label: `prompt ${s.promptTokens} × gen ${s.genTokens}` })),
  ];
}
