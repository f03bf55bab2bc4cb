import { z } from 'zod';
import { providerIdSchema } from './hardware';
import { precisionSchema } from './precision';

/** What `recommend` ranks by: the cost of serving the target (the default) or the energy it takes. */
export const RANK_BY = ['cost', 'energy'] as const;
export const rankBySchema = z.enum(RANK_BY);
export type RankBy = z.infer<typeof rankBySchema>;

/** The idle floor of the projected energy's low end, as a share of TDP (assumed, not measured). */
export const IDLE_FLOOR_SHARE = 0.25;

/** This machine's point meeting the SLO with the lowest MEASURED energy per inference. */
export const localEnergyPickSchema = z.discriminatedUnion('available', [
  z.object({
    available: z.literal(true),
    precision: precisionSchema,
    provider: providerIdSchema,
    threads: z.number().int().nullable(),
    batch: z.number().int(),
    p99Ms: z.number(),
    /** Which meter: the GPU's (GPU providers) or the CPU package's (the CPU provider). */
    meter: z.enum(['gpu', 'cpu']),
    joulesPerInference: z.number(),
    inferencesPerJoule: z.number(),
    basis: z.enum(['counter', 'power-integral']).nullable(),
    method: z.string(),
    /** Points meeting the SLO that had an energy figure. */
    candidates: z.number().int(),
  }),
  z.object({
    available: z.literal(false),
    /** Why no point has an energy figure (the points' own reasons, deduplicated), or why none meets the SLO. */
    reason: z.string(),
    /** What the ranking fell back to, in words. */
    fallback: z.string(),
  }),
]);
export type LocalEnergyPick = z.infer<typeof localEnergyPickSchema>;

/** One instance's PROJECTED energy per 1M requests served, from its catalog TDP; null range with `notRanked` why. */
export const instanceEnergySchema = z.object({
  instanceId: z.string(),
  /** Watts of the whole instance's accelerators at TDP (TDP × count); null when the catalog lists none. */
  tdpW: z.number().nullable(),
  /** Joules per 1M requests served: low (utilisation share above the idle floor) to high (full TDP). */
  joulesPer1M: z.object({ low: z.number(), high: z.number() }).nullable(),
  meetsSlo: z.boolean().nullable(),
  notRanked: z.string().nullable(),
});
export type InstanceEnergy = z.infer<typeof instanceEnergySchema>;

export const energyRankingSchema = z.object({
  local: localEnergyPickSchema,
  /** The local pick (or why none and the fallback) in one sentence, as the CLI and the app show it. */
  localLine: z.string(),
  /** Ranked by the pessimistic (high) end; unranked instances last, in catalog order. */
  instances: z.array(instanceEnergySchema),
  /** The instance meeting the SLO with the lowest high end; null when none can be ranked. */
  recommended: z.string().nullable(),
  explanation: z.string(),
  method: z.string(),
});
export type EnergyRanking = z.infer<typeof energyRankingSchema>;

/** Joules as kWh, to three significant figures. */
export const kwhText = (joules: number): string => (joules / 3.6e6).toPrecision(3);

/** The instances as `recommend` ranked them, as far as the energy table reads them. */
type RankedForEnergy = { instanceId: string; accelerator: string; instancesNeeded: number | null };

/** The energy table's rows, in the energy ranking's order: the CLI's and the app's table alike. */
export function energyRows(e: EnergyRanking, instances: readonly RankedForEnergy[]): { instanceId: string; recommended: boolean; cells: string[] }[] {
  const byId = new Map(instances.map((x) => [x.instanceId, x]));
  return e.instances.map((x) => {
    const inst = byId.get(x.instanceId);
    const range = x.joulesPer1M ? `${kwhText(x.joulesPer1M.low)}–${kwhText(x.joulesPer1M.high)}` : '—';
    const note = x.notRanked ? `not ranked: ${x.notRanked}` : x.meetsSlo === false ? 'misses SLO' : '';
    return {
      instanceId: x.instanceId,
      recommended: x.instanceId === e.recommended,
      cells: [x.instanceId, inst?.accelerator.split(' (')[0] ?? '—', x.tdpW === null ? '—' : `${Math.round(x.tdpW)} W`, inst?.instancesNeeded == null ? '—' : String(inst.instancesNeeded), range, note],
    };
  });
}
