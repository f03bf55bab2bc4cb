// `infermeter models ...` on its own, for the command's tests (run as a child process: node models-cli.js models list).
import { Command } from 'commander';
import { registerModelsCommand } from '../../../electron/cli/commands/models';

const program = new Command('infermeter').exitOverride();
registerModelsCommand(program);
program.parseAsync(process.argv).catch(() => {
  process.exitCode = 2;
});
