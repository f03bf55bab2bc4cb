import { resolve } from 'node:path';
import type { Command } from 'commander';
import { resolveModelArgument } from '../../../models/catalog';
import { formatModelInfo } from '../format/model-text';
import { runCommand } from '../run-command';
import { printJson, withEngine } from '../with-engine';

export function registerInspectCommand(program: Command): void {
  program
    .command('inspect')
    .argument('<model>', 'an .onnx file, or builtin:NAME')
    .description('Show a model: inputs/outputs, opsets, ops, parameters, batch axis, FLOPs and bytes per sample.')
    .option('--json', 'print the model report as JSON')
    .action((model: string, opts: { json?: boolean }) =>
      runCommand(async () => {
        const path = resolve(await resolveModelArgument(model));
        const info = await withEngine((host) => host.call('inspectModel', { path }));
        if (opts.json) printJson(info);
        else process.stdout.write(`${formatModelInfo(info)}\n`);
      }),
    );
}
