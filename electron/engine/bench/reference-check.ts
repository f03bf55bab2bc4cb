import { DEFAULT_TOLERANCE, type CheckReport } from '../../contract/check';
import type { ProviderId } from '../../contract/hardware';
import type { BenchOptions, Precision } from '../../contract/run';
import { checkPrepared } from '../check/check-model';
import { loadReferenceData } from '../check/reference-data';
import { badInput } from '../errors';
import { enterPhase } from '../phase';
import type { PreparedModel, PreparedVariant } from './prepare-variants';

/**
 * bench --data: the model's outputs at every provider × precision of the run against the data's reference outputs
 * (check's comparison, at the ONNX backend tests' tolerances), before the first point. Undefined without --data or
 * when the data has no reference outputs (its inputs then serve the variants' accuracy only).
 */
export async function benchReferenceCheck(
  source: PreparedModel,
  variants: ReadonlyMap<Precision, PreparedVariant>,
  options: BenchOptions,
  providers: readonly ProviderId[],
): Promise<CheckReport | undefined> {
  const dataDir = options.referenceData;
  if (dataDir === undefined) return undefined;
  enterPhase('work', `the reference check: reading the data in ${dataDir}`);
  const sets = await loadReferenceData(dataDir, source.info, { outputs: 'optional' });
  const hasReferences = sets.some((s) => Object.keys(s.outputs).length > 0);
  if (!hasReferences && options.precisions.every((p) => p === 'fp32'))
    throw badInput(`--data ${dataDir}: its data sets have no output_K files to check against, and no FP16/INT8 variant is measured on its inputs; add the reference outputs or --precision fp16,int8`);
  if (!hasReferences || providers.length === 0) return undefined;
  return checkPrepared({ source, variants, sets }, { dataDir, providers: [...providers], precisions: options.precisions, tolerance: DEFAULT_TOLERANCE });
}
