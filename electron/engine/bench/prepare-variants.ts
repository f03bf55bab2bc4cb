import type { Precision, PrecisionVariantInfo } from '../../contract/run';
import { precisionVariant } from '../convert/variant-cache';
import { toErrorInfo } from '../errors';
import { prepareForBench } from '../model/prepare-model';

export type PreparedModel = Awaited<ReturnType<typeof prepareForBench>>;
export type PreparedVariant = { info: PrecisionVariantInfo; prepared: PreparedModel | null };

/**
 * The model ready to load at every precision asked: FP32 is the source itself; FP16/INT8 are converted
 * (or taken from the variant cache). A precision that cannot be made is recorded with its reason, and its points
 * fail with it, while the other precisions are measured.
 */
export async function prepareVariants(source: PreparedModel, precisions: readonly Precision[]): Promise<Map<Precision, PreparedVariant>> {
  const variants = new Map<Precision, PreparedVariant>();
  for (const precision of precisions) {
    if (precision === 'fp32') {
      variants.set(precision, { info: { precision, conversion: null, error: null }, prepared: source });
      continue;
    }
    try {
      const variant = await precisionVariant(source.info.path, source.info.sha256, precision);
      const prepared = await prepareForBench(variant.path);
      variants.set(precision, { info: { precision, conversion: variant.report, error: null }, prepared });
    } catch (error) {
      variants.set(precision, { info: { precision, conversion: null, error: toErrorInfo(error) }, prepared: null });
    }
  }
  return variants;
}

export async function releaseVariants(variants: Map<Precision, PreparedVariant>, source: PreparedModel): Promise<void> {
  for (const { prepared } of variants.values()) if (prepared && prepared !== source) await prepared.cleanup();
}
