import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_TOLERANCE, type CheckOptions } from '../../contract/check';
import { badInput } from '../../engine/errors';
import { resolveModelArgument } from '../../../models/catalog';
import { addDeadlineOptions, deadlinesFromFlags, type DeadlineFlags } from '../deadline-flags';
import { formatCheckReport } from '../format/check-text';
import * as flags from '../parse-flags';
import { runCommand } from '../run-command';
import { callEngine, printJson } from '../with-engine';

type CheckFlags = { data?: string; ep: string; precision: string; rtol?: string; atol?: string; timeoutMs?: string; json?: boolean } & DeadlineFlags;

/** The engine's options from the command line; every bad flag is a bad-input error naming it. */
export function checkOptionsFromFlags(f: CheckFlags): CheckOptions {
  if (f.data === undefined || f.data.trim() === '') throw badInput('--data: give the folder of reference data (DIR/test_data_set_0/input_0.pb, output_0.pb, ...)');
  return {
    dataDir: resolve(f.data),
    providers: flags.parseProviders(f.ep),
    precisions: flags.parsePrecisions(f.precision),
    tolerance: {
      rtol: f.rtol === undefined ? DEFAULT_TOLERANCE.rtol : flags.parseNonNegative('--rtol', f.rtol),
      atol: f.atol === undefined ? DEFAULT_TOLERANCE.atol : flags.parseNonNegative('--atol', f.atol),
    },
  };
}

/** `--timeout-ms` (check's flag before it shared the other commands' deadlines) is `--point-timeout-ms` under its old name. */
function deadlineFlagsOf(f: CheckFlags): DeadlineFlags {
  if (f.timeoutMs !== undefined && f.pointTimeoutMs !== undefined) throw badInput('--timeout-ms and --point-timeout-ms both set the time budget of the check; give one');
  if (f.timeoutMs !== undefined) flags.parsePositive('--timeout-ms', f.timeoutMs);
  return { sessionTimeoutMs: f.sessionTimeoutMs, pointTimeoutMs: f.pointTimeoutMs ?? f.timeoutMs };
}

export function registerCheckCommand(program: Command): void {
  const command = program
    .command('check')
    .argument('<model>', 'an .onnx file, or builtin:NAME')
    .description("Run a model on reference data (test_data_set_N/input_K, output_K as TensorProto .pb or .npy) and compare every output with the reference's.")
    .option('--data <dir>', 'the reference data folder')
    .option('--ep <list>', 'execution providers to check on', 'cpu')
    .option('--precision <list>', 'precisions: fp32,fp16,int8 (FP16 and INT8 are converted from the model and cached)', 'fp32')
    .option('--rtol <r>', `relative tolerance (default ${DEFAULT_TOLERANCE.rtol}, as the ONNX backend tests)`)
    .option('--atol <a>', `absolute tolerance (default ${DEFAULT_TOLERANCE.atol}, as the ONNX backend tests)`)
    .option('--timeout-ms <ms>', 'the same as --point-timeout-ms (its earlier name)')
    .option('--json', 'print the check report as JSON');
  addDeadlineOptions(command, 'the whole check (every provider, precision and data set)');
  command.action((model: string, opts: CheckFlags) =>
    runCommand(async () => {
      const options = checkOptionsFromFlags(opts);
      const deadlines = deadlinesFromFlags(deadlineFlagsOf(opts), null);
      const modelPath = resolve(await resolveModelArgument(model));
      const report = await callEngine('checkModel', { modelPath, ...options }, deadlines, `the check of ${modelPath}`);
      if (opts.json) printJson(report);
      else process.stdout.write(`${formatCheckReport(report)}\n`);
      return report.pass ? 0 : 3;
    }),
  );
}
