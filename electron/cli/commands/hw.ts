import type { Command } from 'commander';
import { formatHardware } from '../format/hardware-text';
import { runCommand } from '../run-command';
import { printJson, withEngine } from '../with-engine';

export function registerHwCommand(program: Command): void {
  program
    .command('hw')
    .description('Detect CPUs, GPUs, memory and OS, and probe every execution provider with a real session.')
    .option('--json', 'print the hardware report as JSON')
    .option('--no-probe', 'skip the provider probes (report only what onnxruntime-node bundles)')
    .action((opts: { json?: boolean; probe: boolean }) =>
      runCommand(async () => {
        const report = await withEngine((host) => host.call('detectHardware', { probeProviders: opts.probe }));
        if (opts.json) printJson(report);
        else process.stdout.write(`${formatHardware(report)}\n`);
      }),
    );
}
