import type { ModelInfo } from '../../../electron/contract/model';

/** One row of the model's operator table: how many nodes of an op, and its share of the estimated FLOPs. */
export interface OpRow {
  op: string;
  count: number;
  /** Share of the FLOPs per sample estimated for this op; null when the estimate has none for it. */
  flopsShare: number | null;
}

/** The op histogram (`inspect` prints it), most frequent first, with each op's share of the estimated FLOPs. */
export function opRows(info: Pick<ModelInfo, 'opHistogram' | 'cost'>): OpRow[] {
  const total = info.cost.flopsPerSample;
  return Object.entries(info.opHistogram)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([op, count]) => {
      const flops = info.cost.flopsByOp[op];
      return { op, count, flopsShare: flops === undefined || total <= 0 ? null : flops / total };
    });
}
