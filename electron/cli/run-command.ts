import { exitCodeFor } from '../contract/errors';
import { toErrorInfo } from '../engine/errors';

/**
 * Runs one CLI action: prints an error a user can act on as a single line on stderr (never a stack trace,
 * unless INFERMETER_DEBUG is set) and exits with the code DESIGN gives for it.
 */
export async function runCommand(action: () => Promise<number | void>): Promise<void> {
  try {
    const code = await action();
    process.exitCode = code ?? 0;
  } catch (error) {
    const info = toErrorInfo(error);
    const prefix = info.code === 'internal' ? 'infermeter: internal error: ' : 'infermeter: ';
    process.stderr.write(`${prefix}${info.message}\n`);
    if (info.code === 'internal' && info.detail && process.env['INFERMETER_DEBUG']) process.stderr.write(`${info.detail}\n`);
    else if (info.code === 'internal') process.stderr.write('(set INFERMETER_DEBUG=1 for details)\n');
    process.exitCode = exitCodeFor[info.code];
  }
}
