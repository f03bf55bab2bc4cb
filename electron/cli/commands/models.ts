import type { Command } from 'commander';
import type { TensorInfo } from '../../contract/model';
import { badInput } from '../../engine/errors';
import { buildBuiltin, listBuiltins, type BuildOptions, type BuiltinSummary, type OptionName } from '../../../models/catalog';
import { findBuiltin } from '../../../models/registry';
import { textTable } from '../format/text-table';
import { formatBytes, formatCount } from '../../../common/units';
import { runCommand } from '../run-command';
import { printJson } from '../with-engine';

interface BuildFlags {
  size: string;
  seq?: string;
  rows?: string;
  width?: string;
  depth?: string;
  json?: boolean;
}

const OPTION_FLAGS: readonly OptionName[] = ['seq', 'rows', 'width', 'depth'];

function describeInputs(inputs: TensorInfo[]): string {
  return inputs.map((i) => `${i.name} ${i.elemType}[${i.shape.map((d) => d ?? '?').join(',')}]`).join(', ');
}

function cachedSizes(model: BuiltinSummary): string {
  const sizes = (['base', 'tiny'] as const).filter((s) => model[s].cached);
  return sizes.length === 0 ? 'no' : sizes.join(', ');
}

function formatList(models: BuiltinSummary[]): string {
  const rows = models.map((m) => [
    m.name,
    formatCount(m.base.params),
    formatCount(m.base.flopsPerSample, 'FLOP'),
    describeInputs(m.base.inputs),
    cachedSizes(m),
  ]);
  const table = textTable(['name', 'params', 'FLOPs/sample', 'inputs (base)', 'cached'], rows);
  const notes = models.map((m) => {
    const options = m.options.map((o) => `--${o} (default ${m.defaults[o]})`).join(', ');
    return `  ${m.name}: ${m.description}${options ? `; options: ${options}` : ''}`;
  });
  return `${table}\n\n${notes.join('\n')}\n\nBuild one with 'infermeter models build NAME [--size tiny|base]'; benchmark one with 'infermeter bench builtin:NAME'.`;
}

/** Turns the build command's flags into build options; a flag the model does not take is bad input. */
function buildOptions(name: string, flags: BuildFlags): BuildOptions {
  if (flags.size !== 'tiny' && flags.size !== 'base') throw badInput(`--size ${flags.size}: choose tiny or base.`);
  const model = findBuiltin(name);
  const options: BuildOptions = { size: flags.size };
  for (const option of OPTION_FLAGS) {
    const text = flags[option];
    if (text === undefined) continue;
    if (!model.options.includes(option)) {
      const takers = listBuiltins().filter((m) => m.options.includes(option)).map((m) => m.name);
      throw badInput(`--${option} does not apply to ${name}: it is an option of ${takers.join(', ')}.`);
    }
    if (!/^\d+$/.test(text)) throw badInput(`--${option} ${text}: give a whole number.`);
    options[option] = Number(text);
  }
  return options;
}

export function registerModelsCommand(program: Command): void {
  const models = program.command('models').description('Built-in benchmark models, generated locally: list them or build one into the cache.');

  models
    .command('list')
    .description('List the built-in models: parameters, FLOPs per sample, inputs and whether they are cached.')
    .option('--json', 'print the list as JSON')
    .action((opts: { json?: boolean }) =>
      runCommand(async () => {
        const list = listBuiltins();
        if (opts.json) printJson(list);
        else process.stdout.write(`${formatList(list)}\n`);
      }),
    );

  models
    .command('build')
    .argument('<name>', 'a built-in model name (see models list)')
    .description('Build a built-in model into the cache (if not there yet) and print its path.')
    .option('--size <size>', 'tiny or base', 'base')
    .option('--seq <n>', 'bert-base: sequence length (default 128; tiny: 32)')
    .option('--rows <n>', 'dlrm: cap on rows per embedding table (default 100000; tiny: 1000)')
    .option('--width <n>', 'mlp: layer width (default 1024; tiny: 64)')
    .option('--depth <n>', 'mlp: number of layers (default 4; tiny: 2)')
    .option('--json', 'print the result (path, cached, buildMs, bytes) as JSON')
    .action((name: string, flags: BuildFlags) =>
      runCommand(async () => {
        const bare = name.startsWith('builtin:') ? name.slice('builtin:'.length) : name;
        const result = await buildBuiltin(bare, buildOptions(bare, flags));
        if (flags.json) {
          printJson(result);
          return;
        }
        const took = result.buildMs < 1000 ? `${Math.round(result.buildMs)} ms` : `${(result.buildMs / 1000).toFixed(1)} s`;
        const how = result.cached ? 'already in the cache' : `built in ${took}`;
        process.stderr.write(`${bare} (${flags.size}): ${how}, ${formatBytes(result.bytes)}\n`);
        process.stdout.write(`${result.path}\n`);
      }),
    );
}
