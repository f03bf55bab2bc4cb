// A precision variant's generation against FP32's: FP32 generates greedily; the variant is fed FP32's tokens (teacher
// forcing, so that one early difference does not make every later step differ) and each step's greedy token and
// last-position logits are compared.
import * as ort from 'onnxruntime-node';
import type { GenerationAccuracy } from '../../contract/generation';
import type { DecoderIo } from './convention';
import { argmaxRows, generate } from './decode-loop';
import { syntheticPrompts } from './prompts';

/** Small on purpose: it runs before the sweep, once per variant, on the CPU. */
export const ACCURACY_SEQUENCES = 2;
export const ACCURACY_MAX_PROMPT = 32;
export const ACCURACY_MAX_STEPS = 16;

export function cosine(a: Float32Array, b: Float32Array, from: number, length: number): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = from; i < from + length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? (na === nb ? 1 : 0) : dot / Math.sqrt(na * nb);
}

export interface AccuracyModel {
  source: string | Uint8Array;
  io: DecoderIo;
}

async function open(source: string | Uint8Array): Promise<ort.InferenceSession> {
  const options: ort.InferenceSession.SessionOptions = { executionProviders: ['cpu'] };
  return typeof source === 'string' ? ort.InferenceSession.create(source, options) : ort.InferenceSession.create(source, options);
}

export async function measureGenerationAccuracy(args: { reference: AccuracyModel; variant: AccuracyModel; vocab: number; seed: number; promptTokens: number; genTokens: number; filePrompts: number[][] | null }): Promise<GenerationAccuracy> {
  const promptTokens = Math.min(args.promptTokens, ACCURACY_MAX_PROMPT, ...(args.filePrompts ?? []).map((p) => p.length));
  const steps = Math.min(args.genTokens, ACCURACY_MAX_STEPS);
  const prompts = args.filePrompts
    ? Array.from({ length: ACCURACY_SEQUENCES }, (_, b) => (args.filePrompts?.[b % args.filePrompts.length] as number[]).slice(0, promptTokens))
    : syntheticPrompts(args.seed, ACCURACY_SEQUENCES, promptTokens, args.vocab);
  const reference = await open(args.reference.source);
  let expected;
  try {
    expected = await generate({ session: reference, io: args.reference.io, prompts, genTokens: steps, keepLogits: true });
  } finally {
    await reference.release();
  }
  const variant = await open(args.variant.source);
  let actual;
  try {
    actual = await generate({ session: variant, io: args.variant.io, prompts, genTokens: steps, keepLogits: true, forced: expected.tokens });
  } finally {
    await variant.release();
  }
  let agree = 0;
  let sum = 0;
  let min = 1;
  for (let s = 0; s < steps; s++) {
    const want = expected.logits[s] as Float32Array;
    const got = actual.logits[s] as Float32Array;
    const vocab = want.length / prompts.length;
    const chosen = argmaxRows(got, prompts.length);
    for (let b = 0; b < prompts.length; b++) {
      if (chosen[b] === expected.tokens[b]?.[s]) agree++;
      const c = cosine(want, got, b * vocab, vocab);
      sum += c;
      min = Math.min(min, c);
    }
  }
  const n = steps * prompts.length;
  return {
    sequences: prompts.length,
    steps,
    greedyAgreement: agree / n,
    logitsCosineMean: sum / n,
    logitsCosineMin: min,
    method: `${prompts.length} prompts of ${promptTokens} tokens, ${steps} greedy steps on the CPU: FP32 generates, the variant is fed FP32's tokens (teacher forcing); agreement is the share of steps where both choose the same token, cosine is over the last position's logits`,
  };
}
