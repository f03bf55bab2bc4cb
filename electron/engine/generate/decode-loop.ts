// One generation: prefill the prompts (time to first token), then decode step by step, feeding each step's present.*
// back as past_key_values.* (inter-token latency), choosing tokens greedily. A model without a cache runs the whole
// sequence again at every step.
import * as ort from 'onnxruntime-node';
import { fromFloat16Bits } from '../model/float16';
import type { DecoderIo } from './convention';

export interface GenerationRun {
  /** Prefill run plus the choice of the first token. */
  ttftMs: number;
  /** One entry per decode step (genTokens − 1): the run, the token choice and the next step's feeds. */
  itlMs: number[];
  /** The tokens generated, [sequence][genTokens]. */
  tokens: number[][];
  /** The last position's logits at every step, [step] → batch × vocab (only when asked: keepLogits). */
  logits: Float32Array[];
}

export interface GenerateArgs {
  session: ort.InferenceSession;
  io: DecoderIo;
  /** [sequence][promptTokens], all the same length. */
  prompts: number[][];
  genTokens: number;
  keepLogits?: boolean;
  /** Feed these tokens instead of the model's own choice, [sequence][genTokens] (teacher forcing, for accuracy). */
  forced?: number[][];
}

const NS_PER_MS = 1e6;

function idTensor(io: DecoderIo, values: number[], dims: number[]): ort.Tensor {
  return io.idType === 'int64' ? new ort.Tensor('int64', BigInt64Array.from(values, BigInt), dims) : new ort.Tensor('int32', Int32Array.from(values), dims);
}

function emptyCache(io: DecoderIo, batch: number): ort.Tensor {
  const dims = [batch, io.kvHeads, 0, io.headDim];
  return io.cacheType === 'float16' ? new ort.Tensor('float16', new Uint16Array(0), dims) : new ort.Tensor('float32', new Float32Array(0), dims);
}

/** The feeds of a run over `sequences` (new tokens only, or the whole sequence without a cache) with `total` tokens attended. */
function feedsFor(io: DecoderIo, sequences: number[][], total: number, cache: Record<string, ort.Tensor> | null): Record<string, ort.Tensor> {
  const batch = sequences.length;
  const length = (sequences[0] as number[]).length;
  const feeds: Record<string, ort.Tensor> = { [io.inputIds]: idTensor(io, sequences.flat(), [batch, length]) };
  if (io.attentionMask) feeds[io.attentionMask] = idTensor(io, new Array<number>(batch * total).fill(1), [batch, total]);
  if (io.positionIds) {
    const first = total - length;
    feeds[io.positionIds] = idTensor(io, Array.from({ length: batch * length }, (_, i) => first + (i % length)), [batch, length]);
  }
  io.layers.forEach((layer) => {
    feeds[layer.pastKey] = cache?.[layer.presentKey] ?? emptyCache(io, batch);
    feeds[layer.pastValue] = cache?.[layer.presentValue] ?? emptyCache(io, batch);
  });
  return feeds;
}

/** The last position's logits of every sequence, as float32, batch × vocab. */
export function lastPositionLogits(logits: ort.Tensor): Float32Array {
  const [batch = 1, length = 1, vocab = 1] = logits.dims.length === 3 ? logits.dims : [logits.dims[0], 1, logits.dims[1]];
  const out = new Float32Array(batch * vocab);
  const data = logits.data as Float32Array | Uint16Array;
  const half = logits.type === 'float16';
  for (let b = 0; b < batch; b++) {
    const from = (b * length + length - 1) * vocab;
    for (let v = 0; v < vocab; v++) out[b * vocab + v] = half ? fromFloat16Bits(data[from + v] as number) : (data[from + v] as number);
  }
  return out;
}

/** Greedy choice: the index of the largest logit of each row (the first on ties). */
export function argmaxRows(logits: Float32Array, rows: number): number[] {
  const vocab = logits.length / rows;
  return Array.from({ length: rows }, (_, r) => {
    let best = 0;
    let bestValue = -Infinity;
    for (let v = 0; v < vocab; v++) {
      const x = logits[r * vocab + v] as number;
      if (x > bestValue) {
        bestValue = x;
        best = v;
      }
    }
    return best;
  });
}

export async function generate(args: GenerateArgs): Promise<GenerationRun> {
  const { session, io, prompts, genTokens, forced } = args;
  const promptTokens = (prompts[0] as number[]).length;
  const tokens: number[][] = prompts.map(() => []);
  const keptLogits: Float32Array[] = [];
  const choose = (outputs: ort.InferenceSession.ReturnType, step: number): number[] => {
    const rows = lastPositionLogits(outputs[io.logits] as ort.Tensor);
    if (args.keepLogits === true) keptLogits.push(rows);
    const next = forced ? forced.map((f) => f[step] as number) : argmaxRows(rows, prompts.length);
    next.forEach((t, b) => tokens[b]?.push(t));
    return next;
  };
  const t0 = process.hrtime.bigint();
  let outputs = await session.run(feedsFor(io, prompts, promptTokens, null));
  let next = choose(outputs, 0);
  const ttftMs = Number(process.hrtime.bigint() - t0) / NS_PER_MS;
  const itlMs: number[] = [];
  for (let step = 1; step < genTokens; step++) {
    const s0 = process.hrtime.bigint();
    const total = promptTokens + step;
    const feeds = io.layers.length > 0 ? feedsFor(io, next.map((t) => [t]), total, outputs) : feedsFor(io, prompts.map((p, b) => [...p, ...(tokens[b] as number[])]), total, null);
    outputs = await session.run(feeds);
    next = choose(outputs, step);
    itlMs.push(Number(process.hrtime.bigint() - s0) / NS_PER_MS);
  }
  return { ttftMs, itlMs, tokens, logits: keptLogits };
}
