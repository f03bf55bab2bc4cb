// `check`: runs a model on reference data at every provider × precision asked and compares each output with the
// reference outputs, and with the CPU FP32 run on the same data.
import * as ort from 'onnxruntime-node';
import type { CheckOptions, CheckReport, CheckRow, OutputCheck, OutputError, Tolerance } from '../../contract/check';
import type { ProviderId } from '../../contract/hardware';
import type { Precision } from '../../contract/run';
import { availableProviders } from '../bench/available-providers';
import { firstLine } from '../bench/classify-failure';
import { prepareVariants, releaseVariants, type PreparedModel, type PreparedVariant } from '../bench/prepare-variants';
import { DEFAULT_SESSION_SETTINGS, sessionOptionsFor } from '../bench/session-settings';
import { numericData } from '../convert/accuracy';
import { runSamples } from '../convert/accuracy-run';
import { detectHardware } from '../hardware/detect-hardware';
import { prepareForBench } from '../model/prepare-model';
import { enterPhase } from '../phase';
import { compareNumbers, degenerateReferences, worstOf, type Numbers } from './compare-reference';
import { loadReferenceData, type DataSet } from './reference-data';

type Outputs = Record<string, ort.Tensor>[];

function numbers(t: ort.Tensor): Numbers {
  return { values: numericData(t) ?? new Float64Array(), dims: t.dims };
}

const sameDims = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);
const showDims = (d: readonly number[]): string => `[${d.join(', ')}]`;

/** Everything wrong, for an output whose shape is not the reference's. */
function shapeMismatch(elements: number): OutputError {
  return { maxAbsError: Infinity, maxRelError: Infinity, cosine: 0, top1: null, mismatched: elements, elements };
}

async function runOn(source: string | Uint8Array, provider: ProviderId, precision: Precision, sets: DataSet[]): Promise<Outputs> {
  enterPhase('session', `the check: creating the ${provider} ${precision} session`);
  const options = { ...sessionOptionsFor(provider, null, DEFAULT_SESSION_SETTINGS), logSeverityLevel: 3 as const };
  const session = typeof source === 'string' ? await ort.InferenceSession.create(source, options) : await ort.InferenceSession.create(source, options);
  try {
    enterPhase('inference', `the check: running ${provider} ${precision} on ${sets.length} data set(s)`);
    return await runSamples(session, sets.map((s) => s.inputs));
  } finally {
    await session.release();
  }
}

function checkOutput(name: string, sets: DataSet[], actual: Outputs, cpuFp32: Outputs | null, tol: Tolerance): OutputCheck {
  const perSet: OutputCheck['perSet'] = [];
  const againstCpu: OutputError[] = [];
  sets.forEach((set, i) => {
    const expected = set.outputs[name] as ort.Tensor;
    const got = actual[i]?.[name];
    if (got === undefined || !sameDims(got.dims, expected.dims)) {
      const note = got === undefined ? 'no such output' : `shape ${showDims(got.dims)}, reference ${showDims(expected.dims)}`;
      perSet.push({ ...shapeMismatch(expected.size), pass: false, note });
      return;
    }
    const error = compareNumbers(numbers(got), numbers(expected), tol);
    perSet.push({ ...error, pass: error.mismatched === 0, note: null });
    const base = cpuFp32?.[i]?.[name];
    if (base !== undefined && sameDims(base.dims, got.dims)) againstCpu.push(compareNumbers(numbers(got), numbers(base), tol));
  });
  return {
    output: name,
    reference: worstOf(perSet),
    againstCpuFp32: cpuFp32 !== null && againstCpu.length > 0 ? worstOf(againstCpu) : null,
    pass: perSet.every((s) => s.pass),
    perSet,
  };
}

function failedRow(provider: ProviderId, precision: Precision, error: unknown): CheckRow {
  return { provider, precision, pass: false, error: firstLine(error instanceof Error ? error.message : String(error)), outputs: [] };
}

function degenerate(sets: DataSet[]): string[] {
  return degenerateReferences(
    sets.map((s) => ({ name: s.name, inputs: Object.values(s.inputs).map(numbers), outputs: new Map(Object.entries(s.outputs).map(([k, t]) => [k, numbers(t)])) })),
  );
}

/** What a check runs on: the source model and its variants ready to load, the data sets read against its inputs. */
export interface CheckSubject {
  source: PreparedModel;
  variants: ReadonlyMap<Precision, PreparedVariant>;
  sets: DataSet[];
}

/**
 * Runs every provider × precision of `options` on the data sets and compares each output with the reference and with
 * the CPU FP32 run. A provider × precision that cannot be made or run is a failed row with its reason.
 */
export async function checkPrepared({ source, variants, sets }: CheckSubject, options: CheckOptions): Promise<CheckReport> {
  const names = source.info.outputs.map((o) => o.name).filter((n) => sets.every((s) => s.outputs[n] !== undefined));
  const outputsOf = new Map<string, Outputs | Error>();
  const run = async (provider: ProviderId, precision: Precision): Promise<Outputs | Error> => {
    const key = `${provider}/${precision}`;
    if (!outputsOf.has(key)) {
      const variant = variants.get(precision);
      const result = variant?.prepared
        ? await runOn(variant.prepared.sessionSource, provider, precision, sets).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))))
        : new Error(`could not make the ${precision} model: ${variant?.info.error?.message ?? 'unknown reason'}`);
      outputsOf.set(key, result);
    }
    return outputsOf.get(key) as Outputs | Error;
  };
  const baseline = await run('cpu', 'fp32');
  const rows: CheckRow[] = [];
  for (const provider of options.providers) {
    for (const precision of options.precisions) {
      const actual = await run(provider, precision);
      if (actual instanceof Error) {
        rows.push(failedRow(provider, precision, actual));
        continue;
      }
      const isBaseline = provider === 'cpu' && precision === 'fp32';
      const cpuFp32 = isBaseline || baseline instanceof Error ? null : baseline;
      const outputs = names.map((n) => checkOutput(n, sets, actual, cpuFp32, options.tolerance));
      rows.push({ provider, precision, pass: outputs.every((o) => o.pass), error: null, outputs });
    }
  }
  return {
    modelPath: source.info.path,
    dataDir: options.dataDir,
    sets: sets.map((s) => s.name),
    tolerance: options.tolerance,
    rows,
    warnings: degenerate(sets),
    pass: rows.every((r) => r.pass),
  };
}

/** Checks `modelPath` against the reference data in `options.dataDir`; bad data or flags are bad-input errors. */
export async function checkModel(modelPath: string, options: CheckOptions): Promise<CheckReport> {
  const source = await prepareForBench(modelPath);
  let variants = new Map<Precision, PreparedVariant>();
  try {
    enterPhase('work', `the check: reading the reference data in ${options.dataDir}`);
    const sets = await loadReferenceData(options.dataDir, source.info);
    if (options.providers.some((p) => p !== 'cpu')) {
      enterPhase('work', 'the check: probing the execution providers');
      availableProviders(await detectHardware({ probeProviders: true }), options.providers);
    }
    enterPhase('work', 'the check: making the precision variants');
    variants = await prepareVariants(source, [...new Set<Precision>(['fp32', ...options.precisions])]);
    return await checkPrepared({ source, variants, sets }, options);
  } finally {
    await releaseVariants(variants, source);
    await source.cleanup();
  }
}
