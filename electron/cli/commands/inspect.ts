import { resolve } from 'node:path';
import type { Command } from 'commander';
import { resolveModelArgument } from '../../../models/catalog';
import { formatModelInfo } from '../format/model-text';
import { runCommand } from '../run-command';
import { addDeadlineOptions, deadlinesFromFlags, type DeadlineFlags } from '../deadline-flags';
import { callEngine, printJson } from '../with-engine';

export function registerInspectCommand(program: Command): void {
  const command = program
    .command('inspect')
    .argument('<model>', 'an .onnx file, or builtin:NAME')
    .description('Show a model: inputs/outputs, opsets, ops, parameters, batch axis, FLOPs and bytes per sample.')
    .option('--json', 'print the model report as JSON');
  addDeadlineOptions(command, 'reading and describing the model');
  command.action((model: string, opts: { json?: boolean } & DeadlineFlags) =>
      runCommand(async () => {
        const deadlines = deadlinesFromFlags(opts, null);
        const path = resolve(await resolveModelArgument(model));
        const info = await callEngine('inspectModel', { path }, deadlines, `inspect of ${model}`);
        if (opts.json) printJson(info);
        else process.stdout.write(`${formatModelInfo(info)}\n`);
      }),
    );
}
