import { attr, type GraphBuilder } from '../electron/engine/model/graph-builder';
import { DataType } from '../electron/engine/model/onnx-proto';
import { ModelContext, normal } from './context';
import { gemm, relu } from './layers';
import { intOption } from './options';
import type { BuildOptions, BuiltinModel, ModelPlan } from './types';
import { heStd, xavierStd } from './weights';

export interface DlrmConfig {
  dense: number;
  /** Bottom MLP widths; the last one is the embedding dimension. */
  bottom: number[];
  /** Top MLP widths; the last one is 1 (the click logit). */
  top: number[];
  /** Rows of each of the 26 tables (already capped). */
  tableRows: number[];
}

/**
 * The 26 categorical features' cardinalities in the Criteo Display Advertising (Kaggle) data set, which
 * DLRM's reference benchmark uses. Tables are capped at `--rows` (the hashing trick), so the default keeps
 * the real mix of tiny and huge tables: capped at 100,000 rows and dim 64, 840,543 rows, 215 MB of tables,
 * much larger than any CPU cache (so lookups stay memory-bound) yet comfortable on a laptop.
 */
const CRITEO_CARDINALITIES = [
  1460, 583, 10131227, 2202608, 305, 24, 12517, 633, 3, 93145, 5683, 8351593, 3194, 27, 14992, 5461306, 10, 5652, 2173, 4, 7046547,
  18, 15, 286181, 105, 142572,
];
const BASE_ROWS = 100_000;
const TINY_ROWS = 1_000;
/** Keeps the largest build (every big table at this cap, dim 64) under protobuf's 2 GB message limit. */
const MAX_ROWS = 1_000_000;
const SPARSE_ID_MAX = 2 ** 31 - 1;

export function dlrmConfig(size: BuildOptions['size'], rowsCap: number): DlrmConfig {
  const tableRows = CRITEO_CARDINALITIES.map((n) => Math.min(n, rowsCap));
  return size === 'tiny'
    ? { dense: 13, bottom: [32, 16, 8], top: [32, 16, 1], tableRows }
    : { dense: 13, bottom: [512, 256, 64], top: [512, 256, 1], tableRows };
}

const embeddingDim = (c: DlrmConfig): number => c.bottom[c.bottom.length - 1] as number;
const featureCount = (c: DlrmConfig): number => c.tableRows.length + 1;
const pairCount = (c: DlrmConfig): number => (featureCount(c) * (featureCount(c) - 1)) / 2;

function mlpCost(widths: number[], inDim: number): { params: number; macs: number } {
  let params = 0;
  let macs = 0;
  let from = inDim;
  for (const to of widths) {
    params += from * to + to;
    macs += from * to;
    from = to;
  }
  return { params, macs };
}

export function dlrmCost(c: DlrmConfig): { params: number; macs: number } {
  const bottom = mlpCost(c.bottom, c.dense);
  const top = mlpCost(c.top, embeddingDim(c) + pairCount(c));
  const tables = c.tableRows.reduce((a, b) => a + b, 0) * embeddingDim(c);
  const interaction = featureCount(c) * featureCount(c) * embeddingDim(c);
  return { params: bottom.params + top.params + tables, macs: bottom.macs + top.macs + interaction };
}

/** Gemm layers with ReLU after each, except a last layer given `lastActivation: false`. */
function mlp(m: ModelContext, x: string, widths: number[], inDim: number, prefix: string, lastActivation: boolean): string {
  let h = x;
  let from = inDim;
  widths.forEach((to, i) => {
    const last = i === widths.length - 1;
    const init = last && !lastActivation ? normal(xavierStd(from, to)) : normal(heStd(from));
    h = gemm(m, h, from, to, `${prefix}.${i}`, init);
    if (!last || lastActivation) h = relu(m, h);
    from = to;
  });
  return h;
}

/** Pairwise dot products of the 27 feature vectors: T·Tᵀ, then the strictly lower triangle (DLRM's "dot" interaction). */
function interaction(m: ModelContext, bottom: string, embedded: string[], c: DlrmConfig): string {
  const n = featureCount(c);
  const features = m.g.op('Concat', [m.g.op('Unsqueeze', [bottom, m.int64([1])]), ...embedded], { axis: attr.int(1) });
  const dots = m.g.op('MatMul', [features, m.g.op('Transpose', [features], { perm: attr.ints([0, 2, 1]) })]);
  const flat = m.g.op('Reshape', [dots, m.int64([0, n * n])]);
  const lower: number[] = [];
  for (let i = 0; i < n; i++) for (let j = 0; j < i; j++) lower.push(i * n + j);
  return m.g.op('Gather', [flat, m.int64(lower)], { axis: attr.int(1) });
}

export function buildDlrm(c: DlrmConfig, seed: number): GraphBuilder {
  const m = new ModelContext('dlrm', seed);
  const dim = embeddingDim(c);
  const dense = m.g.input('dense', DataType.FLOAT, ['batch', c.dense]);
  const sparse = m.g.input('sparse', DataType.INT64, ['batch', c.tableRows.length]);
  const bottom = mlp(m, dense, c.bottom, c.dense, 'bot_l', true);
  // Raw categorical ids are hashed into each table (id mod rows), so any non-negative id is a valid input.
  const hashed = m.g.op('Mod', [sparse, m.int64(c.tableRows)]);
  const embedded = c.tableRows.map((rows, j) => {
    const table = m.weight(`emb_l.${j}.weight`, [rows, dim], normal(1 / Math.sqrt(dim)));
    return m.g.op('Gather', [table, m.g.op('Gather', [hashed, m.int64([j])], { axis: attr.int(1) })]);
  });
  const joined = m.g.op('Concat', [bottom, interaction(m, bottom, embedded, c)], { axis: attr.int(1) });
  const logit = mlp(m, joined, c.top, dim + pairCount(c), 'top_l', false);
  m.g.op('Sigmoid', [logit], undefined, 'probability');
  m.g.output('probability', DataType.FLOAT, ['batch', 1]);
  return m.g;
}

export const dlrmModel: BuiltinModel = {
  name: 'dlrm',
  description: 'DLRM click-through-rate model: 26 embedding tables (Criteo sizes, capped), bottom/top MLPs, dot interaction',
  options: ['rows'],
  plan(options: BuildOptions): ModelPlan {
    const rows = intOption(`dlrm (${options.size})`, 'rows', options.rows, options.size === 'tiny' ? TINY_ROWS : BASE_ROWS, 1, MAX_ROWS);
    const c = dlrmConfig(options.size, rows);
    const { params, macs } = dlrmCost(c);
    return {
      options: { rows },
      params,
      flopsPerSample: 2 * macs,
      inputs: [
        { name: 'dense', elemType: 'float32', shape: ['batch', c.dense], description: 'dense features (log-transformed counts)' },
        {
          name: 'sparse',
          elemType: 'int64',
          shape: ['batch', c.tableRows.length],
          description: 'one categorical id per table, hashed into the table by id mod rows',
          range: [0, SPARSE_ID_MAX],
        },
      ],
      outputs: [{ name: 'probability', elemType: 'float32', shape: ['batch', 1] }],
      build: (seed) => buildDlrm(c, seed),
    };
  },
};
