import type { Precision, PrecisionVariantInfo } from '../../contract/run';
import { loadReferenceData } from '../check/reference-data';
import { measureAccuracy } from '../convert/accuracy-run';
import { precisionVariant } from '../convert/variant-cache';
import { toErrorInfo } from '../errors';
import { prepareForBench } from '../model/prepare-model';

export type PreparedModel = Awaited<ReturnType<typeof prepareForBench>>;
export type PreparedVariant = { info: PrecisionVariantInfo; prepared: PreparedModel | null };

/**
 * The model ready to load at every precision asked: FP32 is the source itself; FP16/INT8 are converted (or taken
 * from the variant cache), their accuracy measured on the inputs of `accuracyData` (a reference data folder) when
 * given. A precision that cannot be made is recorded with its reason, and its points fail with it, while the other
 * precisions are measured.
 */
export async function prepareVariants(source: PreparedModel, precisions: readonly Precision[], accuracyData?: string, convertDims?: Record<string, number>): Promise<Map<Precision, PreparedVariant>> {
  const variants = new Map<Precision, PreparedVariant>();
  const needsData = accuracyData !== undefined && precisions.some((p) => p !== 'fp32');
  const userInputs = needsData ? (await loadReferenceData(accuracyData, source.info, { outputs: 'optional' })).map((set) => set.inputs) : undefined;
  for (const precision of precisions) {
    if (precision === 'fp32') {
      variants.set(precision, { info: { precision, conversion: null, error: null }, prepared: source });
      continue;
    }
    try {
      const variant = await precisionVariant(source.info.path, source.info.sha256, precision, undefined, convertDims);
      const prepared = await prepareForBench(variant.path);
      const conversion = userInputs === undefined || variant.report === null ? variant.report : { ...variant.report, accuracy: await measureAccuracy(source.info.path, variant.path, source.info, { samples: 0, seed: 0, userInputs }) };
      variants.set(precision, { info: { precision, conversion, error: null }, prepared });
    } catch (error) {
      variants.set(precision, { info: { precision, conversion: null, error: toErrorInfo(error) }, prepared: null });
    }
  }
  return variants;
}

export async function releaseVariants(variants: Map<Precision, PreparedVariant>, source: PreparedModel): Promise<void> {
  for (const { prepared } of variants.values()) if (prepared && prepared !== source) await prepared.cleanup();
}
