import type { PointResult, RunRecord } from '../../../electron/contract/run';
import { groupLabel, isMeasured } from './series';

/** Ratio table of a comparison: each configuration measured in the base run, against the same in other runs. */
export interface RatioRow {
  label: string;
  batch: number;
  baseThroughput: number;
  /** One cell per other run, in the order given; null where that run has no measured point there. */
  cells: Array<{ runId: string; throughput: number | null; ratio: number | null; p99Ratio: number | null }>;
}

function configKey(p: PointResult): string {
  return `${p.precision}|${p.provider}|${p.threads ?? ''}|${p.batch}`;
}

export function ratioRows(base: RunRecord, others: readonly RunRecord[]): RatioRow[] {
  const indexes = others.map((run) => {
    const m = new Map<string, PointResult>();
    for (const p of run.points) if (isMeasured(p)) m.set(configKey(p), p);
    return m;
  });
  const rows: RatioRow[] = [];
  for (const p of base.points) {
    if (!isMeasured(p)) continue;
    const baseThroughput = p.stats.throughput;
    rows.push({
      label: groupLabel(p.precision, p.provider, p.threads),
      batch: p.batch,
      baseThroughput,
      cells: others.map((run, i) => {
        const q = indexes[i]?.get(configKey(p));
        if (!q || !isMeasured(q)) return { runId: run.id, throughput: null, ratio: null, p99Ratio: null };
        return { runId: run.id, throughput: q.stats.throughput, ratio: baseThroughput > 0 ? q.stats.throughput / baseThroughput : null, p99Ratio: p.stats.p99Ms > 0 ? q.stats.p99Ms / p.stats.p99Ms : null };
      }),
    });
  }
  return rows.sort((a, b) => a.label.localeCompare(b.label) || a.batch - b.batch);
}

/** A short label for a run in legends: model file, machine, and date. */
export function runLabel(run: Pick<RunRecord, 'id' | 'startedAt' | 'model' | 'hardware'>): string {
  const file = run.model.path.split(/[\\/]/).pop() ?? run.model.path;
  return `${file} @ ${run.hardware.os.hostname} ${run.startedAt.slice(0, 16).replace('T', ' ')}`;
}

/**
 * Legend labels for runs shown together; runs that would read the same get what tells their ids apart appended
 * (an imported copy of `x-9a44` is `x-9a44-imported-7ed4`: "(9a44)" and "(imported-7ed4)").
 */
export function runLabels(runs: ReadonlyArray<Pick<RunRecord, 'id' | 'startedAt' | 'model' | 'hardware'>>): string[] {
  const plain = runs.map(runLabel);
  return plain.map((label, i) => {
    const twins = runs.filter((_, j) => plain[j] === label).map((r) => r.id);
    const id = runs[i]?.id ?? String(i);
    if (twins.length < 2) return label;
    let common = 0;
    while (twins.every((t) => t[common] !== undefined && t[common] === id[common])) common++;
    const distinct = id.slice(common).replace(/^[-_]+/, '');
    return `${label} (${distinct || id.split(/[-_]/).pop() || id})`;
  });
}
