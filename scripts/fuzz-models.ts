// Mutation fuzzing of the engine: `npm run fuzz -- --cases 1000 --seed 7`.
// Seeded random mutations of valid tiny models (test/fuzz/mutate-model.ts) fed to inspect, convert and bench in the
// engine worker; prints the tally of outcomes and every case whose error was not clear. Exit 1 if any was not.
//   node dist/scripts/fuzz-models.js [--cases 1000] [--seed 1] [--dir DIR]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatTally, fuzzModels } from '../test/fuzz/fuzz-models';
import { flag } from './lib/bench-util';

async function main(): Promise<void> {
  const cases = Number(flag('cases', '1000'));
  const seed = Number(flag('seed', '1'));
  const dir = flag('dir', '') || mkdtempSync(join(tmpdir(), 'infermeter-fuzz-'));
  if (!Number.isInteger(cases) || cases < 1 || !Number.isInteger(seed)) throw new Error('--cases and --seed take whole numbers');
  const started = Date.now();
  process.stderr.write(`fuzzing ${cases} cases from seed ${seed} in ${dir}\n`);
  // Contained crashes and hangs, and unclear outcomes, so far: a run stopped early still says what it saw.
  const seen = new Map<string, number>();
  const report = await fuzzModels({
    cases,
    seed,
    dir,
    onCase: (c) => {
      for (const o of c.outcomes) if (o.kind !== 'ok' && o.kind !== 'error') seen.set(o.kind, (seen.get(o.kind) ?? 0) + 1);
      if ((c.index + 1) % 50 === 0) {
        const so = [...seen].map(([k, n]) => `${k} ${n}`).join(', ') || 'every outcome a result or a clear error';
        process.stderr.write(`  ${c.index + 1}/${cases} (${((Date.now() - started) / 1000).toFixed(0)} s): ${so}\n`);
      }
    },
  });
  process.stdout.write(`\n${cases} cases, seed ${seed}, ${((Date.now() - started) / 1000).toFixed(0)} s; outcomes per stage:\n${formatTally(report).join('\n')}\n`);
  for (const { case: c, outcome } of report.unclear) {
    process.stdout.write(`UNCLEAR case ${c.index} (${c.mutation}) ${outcome.stage} [${outcome.code ?? ''}]: ${JSON.stringify(outcome.message)}  ${c.file}\n`);
  }
  process.stdout.write(report.unclear.length === 0 ? 'every case ended in a result or a clear error; the parent never died\n' : `${report.unclear.length} unclear outcomes\n`);
  process.exitCode = report.unclear.length === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`fuzz-models: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
