// What runBench needs for a generation run: the dims the converter's own accuracy check feeds a decoder, each
// precision's decoder I/O (a variant may change the cache type), and the variants' accuracy by generation.
import type { Precision } from '../../contract/run';
import type { PreparedVariant } from '../bench/prepare-variants';
import type { PointContext } from '../bench/run-point';
import { toErrorInfo } from '../errors';
import { enterPhase } from '../phase';
import { detectDecoder, type DecoderIo } from './convention';
import { measureGenerationAccuracy } from './generation-accuracy';
import type { GenerationContext } from './generation-point';
import type { GenerationSetup } from './generation-plan';

/** Sequence and cache lengths of the random forward passes the converter compares a variant on. */
const CONVERT_CHECK_TOKENS = 8;

/** Values of every symbolic length a decoder has, by `input:axis`: 8 new tokens after 8 cached ones. */
export function decoderConvertDims(io: DecoderIo): Record<string, number> {
  const dims: Record<string, number> = { [`${io.inputIds}:1`]: CONVERT_CHECK_TOKENS };
  if (io.attentionMask) dims[`${io.attentionMask}:1`] = 2 * CONVERT_CHECK_TOKENS;
  if (io.positionIds) dims[`${io.positionIds}:1`] = CONVERT_CHECK_TOKENS;
  for (const layer of io.layers) {
    dims[`${layer.pastKey}:2`] = CONVERT_CHECK_TOKENS;
    dims[`${layer.pastValue}:2`] = CONVERT_CHECK_TOKENS;
  }
  return dims;
}

/** The decoder I/O of a precision's model (FP16 may cast its cache); null with the reason when it cannot be mapped. */
function variantIo(ctx: PointContext, setup: GenerationSetup, sourcePath: string): DecoderIo | string {
  if (ctx.info.path === sourcePath) return setup.io;
  const detected = detectDecoder(ctx.info, sourcePath);
  return detected.kind === 'decoder' ? detected.io : detected.reason;
}

export function generationContexts(contexts: Map<Precision, PointContext>, setup: GenerationSetup, sourcePath: string): Map<Precision, GenerationContext | string> {
  const out = new Map<Precision, GenerationContext | string>();
  for (const [precision, ctx] of contexts) {
    const io = variantIo(ctx, setup, sourcePath);
    out.set(precision, typeof io === 'string' ? io : { ...ctx, io, vocab: setup.vocab, filePrompts: setup.filePrompts });
  }
  return out;
}

/** Adds generationAccuracy to each FP16/INT8 variant's info, against the FP32 source (a warning where it cannot be measured). */
export async function addGenerationAccuracy(variants: Map<Precision, PreparedVariant>, contexts: Map<Precision, GenerationContext | string>, setup: GenerationSetup, source: { sessionSource: string | Uint8Array }, seed: number): Promise<void> {
  for (const [precision, variant] of variants) {
    const ctx = contexts.get(precision);
    if (precision === 'fp32' || !variant.prepared || typeof ctx !== 'object') continue;
    enterPhase('work', `measuring the ${precision} variant's generation against FP32`);
    try {
      const reference = { source: source.sessionSource, io: setup.io };
      variant.info = {
        ...variant.info,
        generationAccuracy: await measureGenerationAccuracy({
          reference,
          variant: { source: ctx.sessionSource, io: ctx.io },
          vocab: setup.vocab,
          seed,
          promptTokens: Math.min(...setup.options.promptTokens),
          genTokens: Math.min(...setup.options.genTokens),
          filePrompts: setup.filePrompts,
        }),
      };
    } catch (error) {
      const info = toErrorInfo(error);
      const conversion = variant.info.conversion;
      if (conversion) variant.info = { ...variant.info, conversion: { ...conversion, warnings: [...conversion.warnings, `generation accuracy not measured: ${info.message}`] } };
    }
  }
}
