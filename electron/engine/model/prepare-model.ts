// Gets a model ready for sessions: inspected, and with a fixed batch of 1 made symbolic when nothing bakes it in.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ModelInfo } from '../../contract/model';
import { badInput } from '../errors';
import { int8SaturationWarning } from '../convert/int8-weight-check';
import { localCpuInfo } from '../hardware/cpu';
import { loadModelFile } from './load-model';
import { describeModel, type InspectOptions } from './inspect-model';
import { DEFAULT_BATCH_DIM } from './batch-axis';
import { encodeRewrittenModel, rewriteBatchDim } from './batch-rewrite';
import { verifyBatchRewrite } from './verify-batch';

export interface PreparedModel {
  info: ModelInfo;
  /**
   * What to give InferenceSession.create: the rewritten model's bytes, or a path (the model itself, or, for a rewritten
   * model with external data, a hidden sibling copy so the data's relative locations still resolve).
   */
  sessionSource: string | Uint8Array;
  /** Whether batch sizes other than 1 can be fed: false for 'hard-coded' and 'none' batch axes. */
  batchable: boolean;
  /** Deletes the temporary sibling copy, if one was written; call it once sessions are created. Safe to call again. */
  cleanup: () => Promise<void>;
}

const noCleanup = async (): Promise<void> => {};

/** The model as measured when freeing its flatten Reshapes failed verification: batch 1 only, saying why. */
function refused(info: ModelInfo, problem: string): ModelInfo {
  const tried = (info.batch.reshapeRewrites ?? []).map((r) => `Reshape node '${r.node}' (target [${r.from.join(',')}])`).join(', ');
  const reason = `freeing the batch of ${tried} was tried and refused: ${problem}; only batch 1 can be measured`;
  return { ...info, batch: { kind: 'hard-coded', dimName: null, inputs: info.batch.inputs, reason }, warnings: [...info.warnings, `batch: ${reason}`] };
}

/**
 * Loads and inspects `file` for a benchmark. A 'rewritable' batch axis is rewritten to the symbolic dim 'batch' (and
 * flatten Reshape targets freed, kept only when a batch-2 run equals two batch-1 runs): in memory when all weights are in the file; otherwise into `.<name>.infermeter-batch-<random>.onnx` next to the model
 * (removed by cleanup). If that copy cannot be written, the model is measured at batch 1 only and a warning says why.
 */
export async function prepareForBench(file: string, options: InspectOptions = {}): Promise<PreparedModel> {
  const loaded = await loadModelFile(file);
  const described = describeModel(loaded, options);
  const saturation = int8SaturationWarning(loaded.model, (await localCpuInfo()).int8, loaded.path);
  const info = saturation === null ? described : { ...described, warnings: [...described.warnings, saturation] };
  if (info.batch.kind === 'symbolic') return { info, sessionSource: loaded.path, batchable: true, cleanup: noCleanup };
  if (info.batch.kind !== 'rewritable') return { info, sessionSource: loaded.path, batchable: false, cleanup: noCleanup };
  const rewrites = info.batch.reshapeRewrites ?? [];
  let bytes: Uint8Array;
  try {
    bytes = encodeRewrittenModel(loaded.bytes, rewriteBatchDim(loaded.model, info.batch.dimName ?? DEFAULT_BATCH_DIM), rewrites);
  } catch (error) {
    // protobufjs skips what the wire splicer refuses (a deprecated group field, say): the bytes are damaged.
    throw badInput(`${file}: the file is damaged (${(error as Error).message}); re-download or re-export the model`);
  }
  const unbatched = { info, sessionSource: loaded.path, batchable: false, cleanup: noCleanup };
  if (loaded.externalFiles.length === 0) {
    const problem = rewrites.length > 0 ? await verifyBatchRewrite(bytes, info) : null;
    return problem === null ? { info, sessionSource: bytes, batchable: true, cleanup: noCleanup } : { ...unbatched, info: refused(info, problem) };
  }
  const sibling = path.join(path.dirname(loaded.path), `.${path.basename(loaded.path)}.infermeter-batch-${randomBytes(3).toString('hex')}.onnx`);
  try {
    await fs.promises.writeFile(sibling, bytes, { flag: 'wx' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    const warning = `cannot write the batch-rewritten copy next to the model (${code}): only batch 1 can be measured; copy the model and its data to a writable folder to measure more`;
    return { info: { ...info, warnings: [...info.warnings, warning] }, sessionSource: loaded.path, batchable: false, cleanup: noCleanup };
  }
  let removed = false;
  const cleanup = async (): Promise<void> => {
    if (removed) return;
    removed = true;
    await fs.promises.rm(sibling, { force: true });
  };
  const problem = rewrites.length > 0 ? await verifyBatchRewrite(sibling, info) : null;
  if (problem === null) return { info, sessionSource: sibling, batchable: true, cleanup };
  await cleanup();
  return { ...unbatched, info: refused(info, problem) };
}
