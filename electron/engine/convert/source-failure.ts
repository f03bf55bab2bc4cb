// When a conversion fails for a reason nobody threw on purpose, the first question is whether the source model is
// itself broken: if onnxruntime cannot load it either, that is bad input naming the file, not a converter bug.
import * as ort from 'onnxruntime-node';
import type { AccuracyReport } from '../../contract/convert';
import { firstLine } from '../bench/classify-failure';
import { badInput, EngineError } from '../errors';
import { ReferenceRunError } from './accuracy-run';
import { enterPhase } from '../phase';

/** onnxruntime's reason for not loading the model at PATH, or null when it loads. */
async function sourceLoadError(path: string): Promise<string | null> {
  try {
    enterPhase('session', 'checking that onnxruntime loads the source model');
    const session = await ort.InferenceSession.create(path, { executionProviders: ['cpu'], logSeverityLevel: 4, graphOptimizationLevel: 'disabled' });
    await session.release();
    return null;
  } catch (error) {
    return firstLine(error instanceof Error ? error.message : String(error)).replace(/^Load model from .* failed:\s*/, '');
  }
}

/**
 * ERROR as the user should see it: intended errors as they are; anything else becomes bad input naming SHOWN when
 * onnxruntime cannot load the source model (with its reason), and stays an internal error when it can.
 */
export async function explainConvertFailure(error: unknown, path: string, shown: string): Promise<unknown> {
  if (error instanceof EngineError && error.code !== 'internal') return error;
  if (error instanceof ReferenceRunError) {
    return badInput(`${shown}: onnxruntime loads the model but fails to run it on the accuracy check's inputs (${firstLine(error.message)}); fix the model, or skip the check with --accuracy-samples 0`);
  }
  const reason = await sourceLoadError(path);
  if (reason === null) return error;
  return badInput(`${shown}: onnxruntime cannot load this model, so it is not converted (${reason || 'no reason given'}); fix or re-export the model`);
}

/** True when every figure of the report is a finite number (NaN or Inf outputs make them meaningless). */
export function accuracyIsFinite(report: AccuracyReport): boolean {
  const figures = [report.maxAbsError, report.relativeL2, report.cosine, ...report.outputs.flatMap((o) => [o.maxAbsError, o.relativeL2, o.cosine])];
  return figures.every((v) => Number.isFinite(v));
}

export const NON_FINITE_ACCURACY_WARNING =
  'accuracy not reported: the outputs compared hold NaN or Inf (in the FP32 model\'s outputs, or in the converted model\'s where float16 overflows past 65504); check the model on real inputs';
