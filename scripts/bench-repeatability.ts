// Do a point's numbers hold up on a repeat? Runs `infermeter bench` k times for each of a few points — the
// 4×1024 MLP at batch 1, 16 and 128 and a conv net (ResNet-50) at batch 1 — alternating the models run by run, each
// run a fresh process with fresh sessions and the CLI's default stopping rule, as a user repeating a measurement
// would. Prints, per point and over all: (a) coverage — how often one run's mean falls inside another run's reported
// 95% interval, for the window interval the verdict uses and, side by side, the per-iteration interval it replaced;
// (b) the spread of the repeats' means and the median reported interval width; (c) the median seconds of timed
// measurement to a point's verdict and how many were valid. Run: npm run bench:repeatability [-- --runs 4]
// [-- --size base] [-- --mlp-batches 1,16,128] [-- --conv-batches 1].
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import { join } from 'node:path';
import type { MeasuredPoint, RunRecord } from '../electron/contract/run';
import { median } from '../common/stats/percentile';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}

const pct = (x: number, digits = 1): string => `${(100 * x).toFixed(digits)}%`;

function benchOnce(cli: string, model: string, batches: string, out: string): RunRecord {
  const r = spawnSync(process.execPath, [cli, 'bench', model, '--batch', batches, '--ep', 'cpu', '--no-ort-profile', '--quiet', '--json', '--out', out], {
    encoding: 'utf8',
    maxBuffer: 512 * 1024 * 1024,
  });
  if (r.status !== 0 && r.status !== 3) throw new Error(`bench ${model} exited ${r.status}: ${r.stderr.trim().split('\n').pop()}`);
  return JSON.parse(r.stdout) as RunRecord;
}

type Repeat = { mean: number; windowHalf: number; iterHalf: number; valid: boolean; timedS: number; flagged: boolean };

function main(): void {
  const runs = Number(arg('runs', '4'));
  const size = arg('size', 'base');
  const jobs = [
    { model: `builtin:mlp${size === 'tiny' ? ':tiny' : ''}`, batches: arg('mlp-batches', '1,16,128') },
    { model: `builtin:resnet50${size === 'tiny' ? ':tiny' : ''}`, batches: arg('conv-batches', '1') },
  ];
  const cli = join(__dirname, '..', '..', 'bin', 'infermeter.js');
  const out = mkdtempSync(join(os.tmpdir(), 'infermeter-repeat-'));
  const byPoint = new Map<string, Repeat[]>();
  const loads: number[] = [];
  const started = Date.now();
  try {
    for (let r = 0; r < runs; r++) {
      for (const job of jobs) {
        loads.push(os.loadavg()[0] ?? 0);
        const record = benchOnce(cli, job.model, job.batches, out);
        for (const p of record.points) {
          if (p.verdict === 'failed') continue;
          const m = p as MeasuredPoint;
          const key = `${job.model} batch ${m.batch}`;
          byPoint.set(key, [
            ...(byPoint.get(key) ?? []),
            {
              mean: m.stats.meanMs,
              windowHalf: m.stats.ciHalfWidthMs,
              iterHalf: (m.stats.windows?.perIterationCiRelative ?? m.stats.ciRelative) * m.stats.meanMs,
              valid: m.verdict === 'valid',
              timedS: m.stats.totalTimeMs / 1000,
              flagged: m.interference?.available === true && m.interference.flagged,
            },
          ]);
        }
        process.stderr.write(`run ${r + 1}/${runs} ${job.model} done\n`);
      }
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
  const all = { pairs: 0, window: 0, iter: 0, widths: [] as number[], timed: [] as number[], valid: 0, points: 0, flagged: 0 };
  const rows: string[] = [];
  for (const [key, reps] of byPoint) {
    let pairs = 0;
    let window = 0;
    let iter = 0;
    for (const a of reps) {
      for (const b of reps) {
        if (a === b) continue;
        pairs++;
        if (Math.abs(b.mean - a.mean) <= a.windowHalf) window++;
        if (Math.abs(b.mean - a.mean) <= a.iterHalf) iter++;
      }
    }
    const means = reps.map((x) => x.mean);
    const spread = (Math.max(...means) - Math.min(...means)) / median(means);
    const width = median(reps.map((x) => x.windowHalf / x.mean));
    all.pairs += pairs;
    all.window += window;
    all.iter += iter;
    all.widths.push(...reps.map((x) => x.windowHalf / x.mean));
    all.timed.push(...reps.map((x) => x.timedS));
    all.valid += reps.filter((x) => x.valid).length;
    all.flagged += reps.filter((x) => x.flagged).length;
    all.points += reps.length;
    rows.push(
      `${key.padEnd(30)} ${String(reps.length).padStart(4)} ${pct(window / pairs, 0).padStart(9)} ${pct(iter / pairs, 0).padStart(9)} ${pct(spread).padStart(8)} ${`±${pct(width, 2)}`.padStart(9)} ${median(reps.map((x) => x.timedS)).toFixed(2).padStart(8)} ${`${reps.filter((x) => x.valid).length}/${reps.length}`.padStart(6)}`,
    );
  }
  process.stdout.write(`Repeatability: ${runs} runs per point, models alternating run by run, each a fresh 'infermeter bench' process (CLI defaults: ±1% target).\n`);
  process.stdout.write(`Load average (1 min) at each run's start: median ${median(loads).toFixed(2)}, max ${Math.max(...loads).toFixed(2)} on ${os.cpus().length} CPUs; ${((Date.now() - started) / 1000).toFixed(0)} s in all.\n\n`);
  process.stdout.write(`${'point'.padEnd(30)} ${'runs'.padStart(4)} ${'cover win'.padStart(9)} ${'cover it'.padStart(9)} ${'spread'.padStart(8)} ${'width'.padStart(9)} ${'timed s'.padStart(8)} ${'valid'.padStart(6)}\n`);
  process.stdout.write(`${rows.join('\n')}\n\n`);
  process.stdout.write(
    `All points: coverage ${pct(all.window / all.pairs, 0)} with the window interval (goal ≥ 90%) against ${pct(all.iter / all.pairs, 0)} with the per-iteration one; ` +
      `median interval ±${pct(median(all.widths), 2)}; median ${median(all.timed).toFixed(2)} s of timed measurement per point; ${all.valid}/${all.points} valid; ` +
      `${all.flagged} flagged for interference.\n` +
      'Coverage: over ordered pairs of runs (A, B) of a point, the share where B\'s mean lies inside A\'s reported 95% interval. Spread: (max − min) / median of the runs\' means.\n',
  );
}

main();
