import { z } from 'zod';
import { providerIdSchema } from '../../../electron/contract/hardware';
import { precisionSchema, stoppingRuleSchema } from '../../../electron/contract/run';
import { defaultRunForm, STOPPING_PRESETS, type RunForm } from './run-form';

/**
 * The last run settings and model choice, kept between sessions (localStorage: the served page's origin in browser
 * mode, app:// in the desktop app). Stored as versioned JSON and read back through a schema: anything unreadable
 * (an older version, a hand edit) falls back to the defaults field by field rather than breaking the app.
 */
export const SETTINGS_KEY = 'infermeter.settings.v1';

export interface SavedModel {
  spec: string;
  dims: Record<string, number>;
  intRanges: Record<string, [number, number]>;
  shapes: Record<string, number[]>;
}

const savedSchema = z.object({
  version: z.literal(1),
  form: z
    .object({
      precisions: z.array(precisionSchema),
      providers: z.array(providerIdSchema),
      devices: z.array(z.number().int().nonnegative()),
      batchText: z.string(),
      threadsText: z.string(),
      sloMsText: z.string(),
      maxLatencyMsText: z.string(),
      stoppingPreset: z.enum(['quick', 'standard', 'thorough']),
      stopping: stoppingRuleSchema,
      profileOrt: z.boolean(),
      seed: z.number().int(),
      scenario: z.enum(['latency', 'server', 'concurrency']),
      maxBatchText: z.string(),
      maxQueueDelayMsText: z.string(),
      levelMsText: z.string(),
      concurrencyText: z.string(),
      targetQpsText: z.string(),
    })
    .partial(),
  model: z
    .object({
      spec: z.string(),
      dims: z.record(z.string(), z.number().int().positive()),
      intRanges: z.record(z.string(), z.tuple([z.number().int(), z.number().int()])),
      shapes: z.record(z.string(), z.array(z.number().int().nonnegative())),
    })
    .partial()
    .optional(),
});

export function serializeSettings(form: RunForm, model: SavedModel): string {
  return JSON.stringify({ version: 1, form, model: { spec: model.spec, dims: model.dims, intRanges: model.intRanges, shapes: model.shapes } });
}

/** The saved form over the defaults, and the saved model choice; null when nothing readable was saved. */
export function parseSettings(text: string | null): { form: RunForm; model: SavedModel | null } | null {
  if (!text) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return null;
  }
  const parsed = savedSchema.safeParse(raw);
  if (!parsed.success) return null;
  const saved = parsed.data;
  const form: RunForm = { ...defaultRunForm(), ...saved.form };
  // A preset's rule unless the user edited the numbers (then the saved rule wins).
  if (!saved.form.stopping && saved.form.stoppingPreset) form.stopping = { ...STOPPING_PRESETS[saved.form.stoppingPreset] };
  const m = saved.model;
  const model = m?.spec ? { spec: m.spec, dims: m.dims ?? {}, intRanges: m.intRanges ?? {}, shapes: m.shapes ?? {} } : null;
  return { form, model };
}

/** Providers to offer checked: the saved ones this machine has, else every available one. */
export function restoreProviders<T extends string>(saved: readonly T[], available: readonly T[]): T[] {
  const kept = saved.filter((p) => available.includes(p));
  return kept.length ? kept : [...available];
}
