import { z } from 'zod';
import { tensorInfoSchema } from './model';
import { runStatusSchema } from './run';

/** What the app lists of the built-in models and of the run history (results of the app's methods). */

export const builtinSummarySchema = z.object({
  name: z.string(),
  description: z.string(),
  sizes: z.array(z.enum(['tiny', 'base'])),
  base: z.object({ params: z.number(), flopsPerSample: z.number(), cached: z.boolean(), inputs: z.array(tensorInfoSchema.extend({ description: z.string().optional() })) }),
  tiny: z.object({ params: z.number(), flopsPerSample: z.number(), cached: z.boolean(), inputs: z.array(tensorInfoSchema.extend({ description: z.string().optional() })) }),
});
export type BuiltinSummaryInfo = z.infer<typeof builtinSummarySchema>;

/** One line of the run history: enough to list, pick and compare runs without loading their samples. */
export const runSummarySchema = z.object({
  id: z.string(),
  status: runStatusSchema,
  startedAt: z.string(),
  model: z.string(),
  modelSha256: z.string(),
  machine: z.string(),
  points: z.number().int(),
  bestThroughput: z.number().nullable(),
  /** Where the run came from: measured here, or imported from a file made elsewhere. */
  origin: z.enum(['local', 'imported']),
  /** What the user wrote about the run (History's Notes): short tags and a free note. */
  tags: z.array(z.string()).default([]),
  note: z.string().default(''),
});
export type RunSummary = z.infer<typeof runSummarySchema>;

