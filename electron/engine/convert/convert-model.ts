// The one entry point the engine API, the CLI and the bench use to make an FP16 or INT8 variant of a model: load,
// convert, check onnxruntime loads the result, write it, measure its accuracy against the source.
import type * as ort from 'onnxruntime-node';
import type { ConversionReport, ConvertOptions, Int8EncodingReport } from '../../contract/convert';
import type { Int8Path } from '../../contract/hardware';
import { localCpuInfo } from '../hardware/cpu';
import { int8PathFor } from '../hardware/int8-path';
import type { ModelInfo } from '../../contract/model';
import { EngineError } from '../errors';
import { walkGraphs } from '../model/graph-walk';
import { describeModel } from '../model/inspect-model';
import { resolveInputShapes, synthesizeInputs } from '../model/input-synthesis';
import { loadModelFile, type LoadedModel } from '../model/load-model';
import { onnx } from '../model/onnx-proto';
import { DEFAULT_ACCURACY_SAMPLES, measureAccuracy } from './accuracy-run';
import { collectActivationRanges, loadCalibrationFolder } from './calibration';
import { loadReferenceData } from '../check/reference-data';
import { checkLoads, InvalidGraphError, type PrecisionSplit } from './convert-check';
import { checkOutputPath, writeAtomically } from './convert-write';
import { inlineExternalData } from './external-data';
import { accuracyIsFinite, explainConvertFailure, NON_FINITE_ACCURACY_WARNING } from './source-failure';
import { convertToFloat16, DEFAULT_BLOCK_LIST } from './fp16';
import { quantizeDynamic } from './int8-dynamic';
import { quantizeStatic } from './int8-static';
import { int8SaturationWarning } from './int8-weight-check';
import type { TransformResult } from './types';
import { CONVERTER_VERSION } from './version';
import { enterPhase } from '../phase';

export type { ConvertOptions } from '../../contract/convert';

/** Random calibration samples int8-static uses when none are given. */
export const DEFAULT_CALIBRATION_SAMPLES = 16;
export const DEFAULT_SEED = 1;
/** Calibration samples are drawn from seeds far from the accuracy samples' so the check does not see them. */
const CALIBRATION_SEED_OFFSET = 100_000;
/** protobuf cannot encode a message of 2 GiB or more. */
const MAX_MODEL_BYTES = 2 ** 31 - 1;

function countNodes(model: onnx.IModelProto): number {
  let n = 0;
  for (const g of walkGraphs(model.graph ?? {})) n += (g.node ?? []).length;
  return n;
}

async function calibrationSamples(info: ModelInfo, options: ConvertOptions): Promise<Record<string, ort.Tensor>[]> {
  const calibration = options.calibration ?? { kind: 'random', count: DEFAULT_CALIBRATION_SAMPLES };
  if (calibration.kind === 'folder') return loadCalibrationFolder(calibration.path, info);
  const shapes = resolveInputShapes(info, 1, { dims: options.dims ?? {}, shapes: {} });
  const seed = (options.seed ?? DEFAULT_SEED) + CALIBRATION_SEED_OFFSET;
  return Array.from({ length: calibration.count }, (_, i) => synthesizeInputs(info, shapes, options.intRanges ?? {}, seed + i));
}

/** The INT8 weight encoding to write: what the caller asked, or what cannot saturate on this CPU. */
export function int8EncodingFor(options: ConvertOptions, here: Int8Path): Int8EncodingReport {
  const choice = options.int8Weights ?? 'auto';
  return { weightEncoding: choice === 'auto' ? here.weightEncoding : choice, choice, madeOn: here };
}

/** The INT8 path of the CPU converting (the safe form where it cannot be detected). */
export async function localInt8Path(): Promise<Int8Path> {
  const cpu = await localCpuInfo();
  return cpu.int8 ?? int8PathFor(cpu.features, cpu.arch);
}

function int8EncodingWarning(int8: Int8EncodingReport): string[] {
  if (int8.weightEncoding !== 's8' || !int8.madeOn.signedWeightsSaturate) return [];
  return [
    `weights stored as signed int8 (--int8-weights s8) for a CPU with VNNI, AMX or Arm dot product; this CPU (${int8.madeOn.kernel}) can saturate ` +
      'them, so the accuracy measured here is lower than on such a CPU',
  ];
}

async function transform(loaded: LoadedModel, info: ModelInfo, options: ConvertOptions, int8: Int8EncodingReport | null): Promise<TransformResult> {
  const weightEncoding = int8?.weightEncoding ?? 'u8';
  switch (options.to) {
    case 'fp16':
      return convertToFloat16(loaded.model, { keepIoTypes: options.keepIoTypes ?? true, blockList: options.blockList ?? [...DEFAULT_BLOCK_LIST] });
    case 'int8':
      return quantizeDynamic(loaded.model, { perChannel: options.perChannel ?? false, weightEncoding });
    case 'int8-static': {
      const samples = await calibrationSamples(info, options);
      const ranges = await collectActivationRanges(loaded.model, samples, options.calibrationMethod ?? 'minmax');
      return quantizeStatic(loaded.model, ranges, { perChannel: options.perChannel ?? false, weightEncoding });
    }
  }
}

function encode(model: onnx.IModelProto, shown: string): Uint8Array {
  const bytes = onnx.ModelProto.encode(model).finish();
  if (bytes.length >= MAX_MODEL_BYTES) throw new EngineError('bad-input', `${shown}: the converted model would be 2 GiB or more, over ONNX's single-file limit`);
  return bytes;
}

/** Why the converted graph does not load, as an error naming what to do next. */
function invalidGraph(error: InvalidGraphError, options: ConvertOptions): EngineError {
  const message = `converter would produce an invalid graph: ${error.message}`;
  if (options.to === 'fp16' && options.blockList !== undefined) {
    return new EngineError('bad-input', `${message}; keep the op in FP32 with --block-list (the default list avoids this)`);
  }
  return new EngineError('internal', message);
}

/** Says so when onnxruntime's CPU provider runs much of the FP16 model in float32 (no float16 kernels). */
export function fp16CpuWarning(split: PrecisionSplit | null): string[] {
  if (split === null || split.fp32Ops === 0) return [];
  const total = split.fp16Ops + split.fp32Ops;
  const casts = split.insertedCasts > 0 ? `it inserted ${split.insertedCasts} casts and runs` : 'it runs';
  return [
    `onnxruntime's CPU provider has float16 kernels for few ops here: ${casts} ${split.fp32Ops} of ${total} compute ops in float32; ` +
      'expect FP16 to be no faster than FP32 on CPU, often slower — FP16 pays off on GPUs',
  ];
}

async function accuracyFor(source: LoadedModel, converted: Uint8Array, info: ModelInfo, options: ConvertOptions): Promise<ConversionReport['accuracy']> {
  const samples = options.accuracySamples ?? DEFAULT_ACCURACY_SAMPLES;
  if (options.accuracyInputs === undefined && options.referenceData === undefined && samples === 0) return null;
  const userInputs =
    options.referenceData !== undefined
      ? (await loadReferenceData(options.referenceData, info, { outputs: 'optional' })).map((set) => set.inputs)
      : options.accuracyInputs === undefined
        ? undefined
        : await loadCalibrationFolder(options.accuracyInputs, info);
  const settings = { samples, seed: options.seed ?? DEFAULT_SEED, ...(options.dims ? { dims: options.dims } : {}), ...(options.intRanges ? { intRanges: options.intRanges } : {}) };
  return measureAccuracy(source.path, converted, info, userInputs ? { ...settings, userInputs } : settings);
}

/**
 * Converts the model at `sourcePath` to `options.to` and writes it to `options.outPath` (a single file: external data
 * is inlined). Nothing is written when the model is skipped (already in the target precision: the report's
 * outputPath is then the source) or when onnxruntime could not load the result.
 */
export async function convertModel(sourcePath: string, options: ConvertOptions): Promise<ConversionReport> {
  const loaded = await loadModelFile(sourcePath);
  try {
    return await convertLoaded(loaded, sourcePath, options);
  } catch (error) {
    throw await explainConvertFailure(error, loaded.path, sourcePath);
  }
}

async function convertLoaded(loaded: LoadedModel, sourcePath: string, options: ConvertOptions): Promise<ConversionReport> {
  const started = performance.now();
  const outPath = await checkOutputPath(options.outPath, loaded.path);
  const info = describeModel(loaded, options.dims ? { dims: options.dims } : {});
  await inlineExternalData(loaded.model, loaded.path);
  const sourceBytes = loaded.fileBytes + loaded.externalFiles.reduce((n, f) => n + f.bytes, 0);
  const nodesTotal = countNodes(loaded.model);
  const here = options.to === 'fp16' ? null : await localInt8Path();
  const int8 = here === null ? null : int8EncodingFor(options, here);
  enterPhase('work', `converting to ${options.to}`);
  const result = await transform(loaded, info, options, int8);
  const base = {
    target: options.to,
    converterVersion: CONVERTER_VERSION,
    sourcePath: loaded.path,
    sourceSha256: loaded.sha256,
    sourceBytes,
    nodesTotal,
    nodesConverted: result.nodesConverted,
    keptFp32: result.keptFp32,
  };
  if (result.skipped !== null) {
    const saturation = int8SaturationWarning(loaded.model, here ?? undefined, loaded.path);
    const warnings = saturation === null ? result.warnings : [...result.warnings, saturation];
    return { ...base, outputPath: loaded.path, outputBytes: sourceBytes, warnings, skipped: result.skipped, accuracy: null, convertMs: performance.now() - started, int8: null };
  }
  const bytes = encode(result.model, sourcePath);
  let split: PrecisionSplit | null;
  try {
    ({ split } = await checkLoads(bytes, options.to === 'fp16'));
  } catch (error) {
    if (error instanceof InvalidGraphError) throw invalidGraph(error, options);
    throw error;
  }
  await writeAtomically(outPath, bytes);
  const convertMs = performance.now() - started;
  const warnings = [...result.warnings, ...(options.to === 'fp16' ? fp16CpuWarning(split) : []), ...(int8 === null ? [] : int8EncodingWarning(int8))];
  const measured = await accuracyFor(loaded, bytes, info, options);
  const accuracy = measured === null || accuracyIsFinite(measured) ? measured : null;
  if (measured !== null && accuracy === null) warnings.push(NON_FINITE_ACCURACY_WARNING);
  warnings.push(...(accuracy?.warnings ?? []));
  return { ...base, outputPath: outPath, outputBytes: bytes.length, warnings, skipped: null, accuracy, convertMs, int8 };
}
