import { resolve } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_TOLERANCE, type CheckOptions } from '../../contract/check';
import { badInput } from '../../engine/errors';
import { resolveModelArgument } from '../../../models/catalog';
import { callWithin } from '../call-deadline';
import { formatCheckReport } from '../format/check-text';
import * as flags from '../parse-flags';
import { runCommand } from '../run-command';
import { printJson, withEngine } from '../with-engine';

/** The whole check (every session and data set) must finish within this unless --timeout-ms says otherwise. */
export const DEFAULT_CHECK_TIMEOUT_MS = 600_000;

type CheckFlags = { data?: string; ep: string; precision: string; rtol?: string; atol?: string; timeoutMs?: string; json?: boolean };

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

export function registerCheckCommand(program: Command): void {
  program
    .command('check')
    .argument('<model>', 'an .onnx file, or builtin:NAME')
    .description("Run a model on reference data (test_data_set_N/input_K, output_K as TensorProto .pb or .npy) and compare every output with the reference's.")
    .option('--data <dir>', 'the reference data folder')
    .option('--ep <list>', 'execution providers to check on', 'cpu')
    .option('--precision <list>', 'precisions: fp32,fp16,int8 (FP16 and INT8 are converted from the model and cached)', 'fp32')
    .option('--rtol <r>', `relative tolerance (default ${DEFAULT_TOLERANCE.rtol}, as the ONNX backend tests)`)
    .option('--atol <a>', `absolute tolerance (default ${DEFAULT_TOLERANCE.atol}, as the ONNX backend tests)`)
    .option('--timeout-ms <ms>', `stop the engine worker when the check takes longer (default ${DEFAULT_CHECK_TIMEOUT_MS})`)
    .option('--json', 'print the check report as JSON')
    .action((model: string, opts: CheckFlags) =>
      runCommand(async () => {
        const options = checkOptionsFromFlags(opts);
        const timeoutMs = opts.timeoutMs === undefined ? DEFAULT_CHECK_TIMEOUT_MS : flags.parsePositive('--timeout-ms', opts.timeoutMs);
        const modelPath = resolve(await resolveModelArgument(model));
        const report = await withEngine((host) => callWithin(host, 'checkModel', { modelPath, ...options }, timeoutMs, `the check of ${modelPath}`));
        if (opts.json) printJson(report);
        else process.stdout.write(`${formatCheckReport(report)}\n`);
        return report.pass ? 0 : 3;
      }),
    );
}
