// The kill soak: `npm run soak:kill -- --trials 100 --seed 1`.
// Real bench runs, each SIGKILLed once (the engine worker or the CLI) at a seeded random moment, before the first
// point included (test/soak/soak-kill.ts); prints lost points, unparseable files, unclean ends of the CLI after a
// worker kill, and hangs. Exit 1 if any.
//   node dist/scripts/soak-kill.js [--trials 100] [--seed 1] [--dir DIR]
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HANG_MS, soakKill } from '../test/soak/soak-kill';
import { flag } from './lib/bench-util';

async function main(): Promise<void> {
  const trials = Number(flag('trials', '100'));
  const seed = Number(flag('seed', '1'));
  const dir = flag('dir', '') || mkdtempSync(join(tmpdir(), 'infermeter-soak-'));
  if (!Number.isInteger(trials) || trials < 1 || !Number.isInteger(seed)) throw new Error('--trials and --seed take whole numbers');
  const started = Date.now();
  process.stderr.write(`soak: ${trials} kill trials from seed ${seed} in ${dir}\n`);
  const report = await soakKill({
    trials,
    seed,
    dir,
    onTrial: (t) => {
      const bad = t.lost.length + t.unparseable.length + (t.hung ? 1 : 0) + (t.badEnd === null ? 0 : 1) > 0 ? '  <-- FAILED' : '';
      process.stderr.write(`  ${t.index + 1}/${trials}: ${t.target} killed at ${t.delayMs} ms ${t.moment}; exit ${t.exitCode}, ${t.printed} points printed, ended ${t.endedMs} ms after${bad}\n`);
      for (const line of [...t.lost.map((p) => `lost: ${p}`), ...t.unparseable, ...(t.badEnd === null ? [] : [t.badEnd])]) process.stderr.write(`      ${line}\n`);
    },
  });
  const printed = report.trials.reduce((n, t) => n + t.printed, 0);
  const lines = [
    '',
    `${trials} trials, seed ${seed}, ${((Date.now() - started) / 1000).toFixed(0)} s; ${printed} points printed before or after the kills`,
    ...[...report.byMoment.entries()].sort().map(([k, n]) => `  ${k.padEnd(44)} ${n}`),
    `lost points: ${report.lost}`,
    `unparseable or disagreeing files: ${report.unparseable}`,
    `worker kills the CLI did not survive cleanly (exit other than 0/3, or a stack): ${report.badEnds}`,
    `hangs (no end ${HANG_MS / 1000} s after the kill): ${report.hangs}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
  process.exitCode = report.lost + report.unparseable + report.badEnds + report.hangs === 0 ? 0 : 1;
}

main().catch((error: unknown) => {
  process.stderr.write(`soak-kill: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
