// Builds every base built-in model cold into a temporary cache and prints the time and size of each.
// Run: npm run bench:models (or node --import tsx scripts/bench-models.ts [--keep]). Goal: all base models under 60 s on 2 cores.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildBuiltin, listBuiltins } from '../models/catalog';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'infermeter-bench-models-'));
  const keep = process.argv.includes('--keep');
  let totalMs = 0;
  let totalBytes = 0;
  try {
    process.stdout.write(`model       build s   size MB   params M   peak RSS MB\n`);
    for (const model of listBuiltins({ dir })) {
      const result = await buildBuiltin(model.name, { size: 'base' }, { dir });
      totalMs += result.buildMs;
      totalBytes += result.bytes;
      const rss = process.resourceUsage().maxRSS / 1024;
      const cols = [(result.buildMs / 1000).toFixed(2).padStart(7), (result.bytes / 1e6).toFixed(1).padStart(9), (model.base.params / 1e6).toFixed(2).padStart(10), rss.toFixed(0).padStart(13)];
      process.stdout.write(`${model.name.padEnd(10)}  ${cols.join(' ')}\n`);
    }
    process.stdout.write(`total       ${(totalMs / 1000).toFixed(2).padStart(7)} ${(totalBytes / 1e6).toFixed(1).padStart(9)}\n`);
    if (keep) process.stdout.write(`kept in ${dir}\n`);
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
