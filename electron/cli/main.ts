import { Command, CommanderError } from 'commander';
import { appVersion } from '../engine/app-info';
import { registerBenchCommand } from './commands/bench';
import { registerCheckCommand } from './commands/check';
import { registerConvertCommand } from './commands/convert';
import { registerHwCommand } from './commands/hw';
import { registerInspectCommand } from './commands/inspect';
import { registerModelsCommand } from './commands/models';
import { registerRecommendCommand } from './commands/recommend';
import { registerServeCommand } from './commands/serve';

const program = new Command('infermeter')
  .description('Measure how fast an ONNX model runs here: every execution provider, batch size and precision.')
  .version(appVersion())
  .showHelpAfterError('(run with --help for usage)')
  .exitOverride()
  .configureOutput({ outputError: (text, write) => write(text.startsWith('error:') ? `infermeter: ${text}` : text) });

registerHwCommand(program);
registerInspectCommand(program);
registerBenchCommand(program);
registerConvertCommand(program);
registerCheckCommand(program);
registerModelsCommand(program);
registerRecommendCommand(program);
registerServeCommand(program);

program.parseAsync(process.argv).catch((error: unknown) => {
  if (error instanceof CommanderError) {
    // --help and --version exit through here with code 0; a bad flag or argument is bad input (2).
    process.exitCode = error.exitCode === 0 ? 0 : 2;
    return;
  }
  process.stderr.write(`infermeter: internal error: ${String(error)}\n`);
  process.exitCode = 1;
});
