// Runs the FP32 model and its converted variant on the same inputs and compares what comes out.
import * as ort from 'onnxruntime-node';
import type { AccuracyReport } from '../../contract/convert';
import type { ModelInfo } from '../../contract/model';
import { toFloat16Bits } from '../model/float16';
import { resolveInputShapes, synthesizeInputs } from '../model/input-synthesis';
import { degenerateReferences, type Numbers } from '../check/compare-reference';
import { compareOutputs, numericData } from './accuracy';
import { enterPhase } from '../phase';

export const DEFAULT_ACCURACY_SAMPLES = 8;

/** The FP32 model itself failed in onnxruntime on the accuracy inputs: the model's problem, not the converter's. */
export class ReferenceRunError extends Error {}

export interface AccuracyOptions {
  samples: number;
  seed: number;
  dims?: Record<string, number>;
  intRanges?: Record<string, [number, number]>;
  /** The user's own input samples; when given, `samples` and `seed` are not used. */
  userInputs?: Record<string, ort.Tensor>[];
}

async function openSession(model: string | Uint8Array, which: string): Promise<ort.InferenceSession> {
  enterPhase('session', `the accuracy check: creating the ${which} model's session`);
  const options: ort.InferenceSession.SessionOptions = { executionProviders: ['cpu'], logSeverityLevel: 3 };
  return typeof model === 'string' ? ort.InferenceSession.create(model, options) : ort.InferenceSession.create(model, options);
}

/** A feed in the element type the session declares for it (float32 <-> float16 when the converter changed I/O types). */
function asType(t: ort.Tensor, type: ort.Tensor.Type | undefined): ort.Tensor {
  if (type === undefined || type === t.type) return t;
  const values = numericData(t);
  if (values === null) return t;
  if (type === 'float16') return new ort.Tensor('float16', Uint16Array.from(values, (v) => toFloat16Bits(v)), t.dims);
  if (type === 'float32') return new ort.Tensor('float32', Float32Array.from(values), t.dims);
  return t;
}

/**
 * Runs every sample through `session` (feeds cast to the types it declares); the outputs by name, per sample. `phase`
 * names the work for the deadline's message.
 */
export async function runSamples(session: ort.InferenceSession, samples: Record<string, ort.Tensor>[], phase = 'running the model on the reference inputs'): Promise<Record<string, ort.Tensor>[]> {
  enterPhase('inference', phase);
  const declared = new Map<string, ort.Tensor.Type>();
  for (const m of session.inputMetadata) if (m.isTensor) declared.set(m.name, m.type);
  const out: Record<string, ort.Tensor>[] = [];
  for (const sample of samples) {
    const feeds = Object.fromEntries(Object.entries(sample).map(([name, t]) => [name, asType(t, declared.get(name))]));
    const result = await session.run(feeds);
    const tensors: Record<string, ort.Tensor> = {};
    for (const name of session.outputNames) tensors[name] = result[name] as ort.Tensor;
    out.push(tensors);
  }
  return out;
}

const asNumbers = (t: ort.Tensor): Numbers => ({ values: numericData(t) ?? new Float64Array(), dims: t.dims });

/** Warnings for FP32 outputs that cannot tell a good conversion from a bad one (constant, or the same for every input). */
function degenerateOutputs(inputs: Record<string, ort.Tensor>[], outputs: Record<string, ort.Tensor>[]): string[] {
  const samples = inputs.map((feeds, i) => ({
    name: String(i),
    inputs: Object.values(feeds).map(asNumbers),
    outputs: new Map(Object.entries(outputs[i] ?? {}).map(([name, t]) => [name, asNumbers(t)])),
  }));
  return degenerateReferences(samples, { output: "the FP32 model's output", sets: 'samples' });
}

/** The input samples an accuracy check uses: the user's, or `samples` random ones at batch 1 with seeds seed, seed+1, ... */
export function accuracyInputs(info: ModelInfo, options: AccuracyOptions): Record<string, ort.Tensor>[] {
  if (options.userInputs !== undefined) return options.userInputs;
  const shapes = resolveInputShapes(info, 1, { dims: options.dims ?? {}, shapes: {} });
  return Array.from({ length: options.samples }, (_, i) => synthesizeInputs(info, shapes, options.intRanges ?? {}, options.seed + i));
}

/**
 * Runs both models in onnxruntime CPU sessions on the same inputs (float16 outputs decoded to numbers) and compares
 * every output. `info` describes the reference model (its inputs are what gets synthesized).
 */
export async function measureAccuracy(
  referenceModel: string | Uint8Array,
  candidateModel: string | Uint8Array,
  info: ModelInfo,
  options: AccuracyOptions,
): Promise<AccuracyReport> {
  const inputs = accuracyInputs(info, options);
  const reference = await openSession(referenceModel, 'source');
  let referenceOutputs: Record<string, ort.Tensor>[];
  try {
    referenceOutputs = await runSamples(reference, inputs, 'the accuracy check: running the source model');
  } catch (error) {
    throw new ReferenceRunError(error instanceof Error ? error.message : String(error));
  } finally {
    await reference.release();
  }
  const candidate = await openSession(candidateModel, 'converted');
  try {
    const candidateOutputs = await runSamples(candidate, inputs, 'the accuracy check: running the converted model');
    const report = compareOutputs(referenceOutputs, candidateOutputs, options.userInputs !== undefined ? 'user' : 'random');
    const warnings = degenerateOutputs(inputs, referenceOutputs);
    return warnings.length > 0 ? { ...report, warnings } : report;
  } finally {
    await candidate.release();
  }
}
