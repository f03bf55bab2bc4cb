import { resolve } from 'node:path';
import type { Command } from 'commander';
import { conversionTargetSchema, int8WeightsChoiceSchema, type ConvertOptions } from '../../contract/convert';
import { badInput } from '../../engine/errors';
import { resolveModelArgument } from '../../../models/catalog';
import { formatConversionReport } from '../format/conversion-text';
import * as flags from '../parse-flags';
import { runCommand } from '../run-command';
import { addDeadlineOptions, deadlinesFromFlags, type DeadlineFlags } from '../deadline-flags';
import { callEngine, printJson } from '../with-engine';

type ConvertFlags = {
  to?: string;
  output?: string;
  keepIoTypes?: string;
  blockList?: string;
  perChannel?: boolean;
  int8Weights?: string;
  calib?: string;
  calibMethod?: string;
  accuracySamples?: string;
  inputs?: string;
  data?: string;
  seed?: string;
  dim: string[];
  intRange: string[];
  json?: boolean;
} & DeadlineFlags;

const collect = (value: string, previous: string[]) => [...previous, value];

function parseTarget(value: string | undefined): ConvertOptions['to'] {
  if (value === undefined) throw badInput(`--to: say which precision to convert to (${conversionTargetSchema.options.join(', ')})`);
  const parsed = conversionTargetSchema.safeParse(value.toLowerCase());
  if (!parsed.success) throw badInput(`--to ${value}: unknown target (known: ${conversionTargetSchema.options.join(', ')})`);
  return parsed.data;
}

function parseBoolean(flag: string, value: string): boolean {
  const v = value.toLowerCase();
  if (v === 'true' || v === 'yes' || v === '1') return true;
  if (v === 'false' || v === 'no' || v === '0') return false;
  throw badInput(`${flag} ${value}: expected true or false`);
}

/** `--block-list Op1,Op2`; an empty value (`--block-list ''`) converts every op. */
function parseBlockList(value: string): string[] {
  const ops = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  for (const op of ops) if (!/^([\w.]+:)?[A-Za-z][\w]*$/.test(op)) throw badInput(`--block-list ${value}: '${op}' is not an op name (e.g. --block-list Resize,TopK)`);
  return ops;
}

/** `--calib random:N` or `--calib DIR` (a folder of input tensors). */
function parseCalibration(value: string): NonNullable<ConvertOptions['calibration']> {
  const m = /^random:(\d+)$/.exec(value.trim());
  if (m) {
    const count = Number(m[1]);
    if (!Number.isSafeInteger(count) || count < 1 || count > 100_000) throw badInput(`--calib ${value}: the sample count must be from 1 to 100000`);
    return { kind: 'random', count };
  }
  if (value.startsWith('random')) throw badInput(`--calib ${value}: expected random:N (e.g. random:32) or a folder of input tensors`);
  return { kind: 'folder', path: resolve(value) };
}

/** The engine's options from the command line; every bad flag is a bad-input error naming it. */
export function convertOptionsFromFlags(f: ConvertFlags): ConvertOptions {
  const to = parseTarget(f.to);
  if (f.output === undefined || f.output.trim() === '') throw badInput('-o: give the path of the .onnx file to write (e.g. -o model-fp16.onnx)');
  const options: ConvertOptions = { to, outPath: resolve(f.output) };
  if (f.keepIoTypes !== undefined) options.keepIoTypes = parseBoolean('--keep-io-types', f.keepIoTypes);
  if (f.blockList !== undefined) options.blockList = parseBlockList(f.blockList);
  if (to !== 'fp16' && (f.keepIoTypes !== undefined || f.blockList !== undefined)) throw badInput(`--keep-io-types and --block-list apply to --to fp16 only (not ${to})`);
  if (f.perChannel) options.perChannel = true;
  if (f.perChannel && to === 'fp16') throw badInput('--per-channel applies to --to int8 and int8-static only');
  if (f.int8Weights !== undefined) {
    const parsed = int8WeightsChoiceSchema.safeParse(f.int8Weights.toLowerCase());
    if (!parsed.success) throw badInput(`--int8-weights ${f.int8Weights}: expected ${int8WeightsChoiceSchema.options.join(', ')}`);
    if (to === 'fp16') throw badInput('--int8-weights applies to --to int8 and int8-static only');
    options.int8Weights = parsed.data;
  }
  if (f.calib !== undefined) options.calibration = parseCalibration(f.calib);
  if (f.calibMethod !== undefined) {
    const method = f.calibMethod.toLowerCase();
    if (method !== 'minmax' && method !== 'percentile') throw badInput(`--calib-method ${f.calibMethod}: expected minmax or percentile`);
    options.calibrationMethod = method;
  }
  if (to !== 'int8-static' && (f.calib !== undefined || f.calibMethod !== undefined)) throw badInput(`--calib and --calib-method apply to --to int8-static only (not ${to})`);
  if (f.accuracySamples !== undefined) options.accuracySamples = flags.parseCount('--accuracy-samples', f.accuracySamples);
  if (f.inputs !== undefined) options.accuracyInputs = resolve(f.inputs);
  if (f.data !== undefined) options.referenceData = resolve(f.data);
  if (f.inputs !== undefined && f.data !== undefined) throw badInput('--inputs and --data both name the accuracy inputs; give one');
  if (f.seed !== undefined) options.seed = flags.parseCount('--seed', f.seed);
  if (f.dim.length > 0) options.dims = f.dim.reduce<Record<string, number>>((acc, s) => flags.parseDim(s, acc), {});
  if (f.intRange.length > 0) options.intRanges = f.intRange.reduce<Record<string, [number, number]>>((acc, s) => flags.parseIntRange(s, acc), {});
  return options;
}

export function registerConvertCommand(program: Command): void {
  const command = program
    .command('convert')
    .argument('<model>', 'an .onnx file, or builtin:NAME')
    .description('Make an FP16 or INT8 variant of a model and measure its accuracy against the FP32 model.')
    .option('--to <precision>', 'fp16, int8 (dynamic quantization) or int8-static (QDQ with calibration)')
    .option('-o, --output <file>', 'the .onnx file to write')
    .option('--keep-io-types <bool>', 'fp16: keep float32 inputs and outputs, with casts at the edges (default true)')
    .option('--block-list <ops>', "fp16: ops to keep in FP32, comma-separated (replaces the default list; '' converts every op)")
    .option('--per-channel', 'int8: one weight scale per output channel')
    .option('--int8-weights <form>', 'int8: auto (what cannot saturate on this CPU; default), s8 (int8, for CPUs with VNNI/AMX/Arm dot product) or u8 (uint8, zero point 128: safe on every CPU)')
    .option('--calib <source>', 'int8-static: random:N random samples, or a folder of input tensors (default random:16)')
    .option('--calib-method <method>', 'int8-static: minmax or percentile (default minmax)')
    .option('--accuracy-samples <n>', 'random inputs the accuracy check compares on (default 8; 0 skips it)')
    .option('--inputs <dir>', 'compare accuracy on these inputs instead (same format as --calib DIR)')
    .option('--data <dir>', "compare accuracy on the inputs of this reference data folder instead (check's layout: test_data_set_N/input_K.pb|npy)")
    .option('--seed <n>', 'seed of the random inputs (default 1)')
    .option('--dim <name=size>', 'value of a symbolic input dim (repeatable)', collect, [])
    .option('--int-range <name=min:max>', 'range of a random integer input, max excluded (repeatable)', collect, [])
    .option('--json', 'print the conversion report as JSON');
  addDeadlineOptions(command, 'the whole conversion, accuracy check included');
  command.action((model: string, opts: ConvertFlags) =>
      runCommand(async () => {
        const options = convertOptionsFromFlags(opts);
        const deadlines = deadlinesFromFlags(opts, null);
        const sourcePath = resolve(await resolveModelArgument(model));
        const report = await callEngine('convertModel', { sourcePath, ...options }, deadlines, `convert of ${model}`);
        if (opts.json) printJson(report);
        else process.stdout.write(`${formatConversionReport(report)}\n`);
      }),
    );
}
