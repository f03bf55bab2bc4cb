// The last gate before a converted model is written: onnxruntime must load it. Optionally counts the casts
// onnxruntime adds on its own for ops its CPU provider has no float16 kernel for.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ort from 'onnxruntime-node';
import { onnx } from '../model/onnx-proto';
import { walkGraphs } from '../model/graph-walk';
import { DataType } from '../model/onnx-proto';
import { inferElemTypes } from './fp16-types';
import { enterPhase } from '../phase';

export class InvalidGraphError extends Error {}

/** Cast nodes in a model, subgraphs included. */
export function countCasts(model: onnx.IModelProto): number {
  let n = 0;
  for (const g of walkGraphs(model.graph ?? {})) for (const node of g.node ?? []) if (node.opType === 'Cast') n++;
  return n;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split('\n').find((l) => l.trim() !== '') ?? text).trim();
}

/** How the graph onnxruntime actually runs splits between float16 and float32 compute. */
export interface PrecisionSplit {
  /** Casts onnxruntime added itself (its InsertCastTransformer names them InsertedPrecisionFreeCast_*). */
  insertedCasts: number;
  fp16Ops: number;
  fp32Ops: number;
}

/** Ops that move or describe data rather than compute on it. */
const NOT_COMPUTE = new Set([
  'Cast', 'Constant', 'Shape', 'Size', 'Identity', 'Reshape', 'Squeeze', 'Unsqueeze', 'Flatten', 'Transpose', 'Concat', 'Split', 'Slice',
  'Gather', 'Expand', 'Tile', 'Pad',
]);

/** Counts, in onnxruntime's optimized graph, compute nodes on float16 data and on float32 data. */
export function precisionSplit(model: onnx.IModelProto): PrecisionSplit {
  const split: PrecisionSplit = { insertedCasts: 0, fp16Ops: 0, fp32Ops: 0 };
  for (const g of walkGraphs(model.graph ?? {})) {
    const types = inferElemTypes(g, new Map());
    for (const node of g.node ?? []) {
      if (node.opType === 'Cast' && (node.name ?? '').startsWith('InsertedPrecisionFreeCast')) split.insertedCasts++;
      if (NOT_COMPUTE.has(node.opType ?? '')) continue;
      const seen = [...(node.input ?? []), ...(node.output ?? [])].map((n) => types.get(n));
      if (seen.includes(DataType.FLOAT16)) split.fp16Ops++;
      else if (seen.includes(DataType.FLOAT)) split.fp32Ops++;
    }
  }
  return split;
}

/**
 * Creates a CPU session from the bytes; throws InvalidGraphError with onnxruntime's first line when it cannot.
 * With `analyse`, also saves onnxruntime's optimized graph and says how much of it runs in float16.
 */
export async function checkLoads(bytes: Uint8Array, analyse: boolean): Promise<{ split: PrecisionSplit | null }> {
  const dir = analyse ? await fs.promises.mkdtemp(path.join(os.tmpdir(), 'infermeter-check-')) : null;
  const options: ort.InferenceSession.SessionOptions = { executionProviders: ['cpu'], logSeverityLevel: 3 };
  if (dir !== null) options.optimizedModelFilePath = path.join(dir, 'optimized.onnx');
  try {
    let session: ort.InferenceSession;
    try {
      enterPhase('session', 'loading the converted model in onnxruntime');
      session = await ort.InferenceSession.create(bytes, options);
    } catch (error) {
      throw new InvalidGraphError(firstLine(error));
    }
    await session.release();
    if (dir === null) return { split: null };
    try {
      const optimized = onnx.ModelProto.decode(await fs.promises.readFile(path.join(dir, 'optimized.onnx')));
      return { split: precisionSplit(optimized) };
    } catch {
      return { split: null }; // the analysis is advisory
    }
  } finally {
    if (dir !== null) await fs.promises.rm(dir, { recursive: true, force: true });
  }
}
