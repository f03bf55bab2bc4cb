// onnxruntime-genai's genai_config.json, which sits beside its model.onnx and names the decoder's inputs and outputs
// (past_key_names "past_key_values.%d.key", ...) and the cache's shape (num_key_value_heads, head_size).
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { badInput } from '../errors';

export const GENAI_CONFIG_FILE = 'genai_config.json';

export interface GenaiNames {
  inputIds: string;
  attentionMask: string | null;
  positionIds: string | null;
  pastKey: string;
  pastValue: string;
  logits: string;
  presentKey: string;
  presentValue: string;
  layers: number | null;
  kvHeads: number | null;
  headDim: number | null;
  vocab: number | null;
}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (o: Json, key: string): string | null => (typeof o[key] === 'string' ? (o[key] as string) : null);
const count = (o: Json, key: string): number | null => (Number.isInteger(o[key]) && (o[key] as number) > 0 ? (o[key] as number) : null);

/** The genai_config.json beside the model, or null when there is none. A file that is there but unreadable is bad input. */
export function readGenaiConfig(modelPath: string): GenaiNames | null {
  const file = join(dirname(modelPath), GENAI_CONFIG_FILE);
  if (!existsSync(file)) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw badInput(`${file}: not JSON (${error instanceof Error ? error.message : String(error)}); onnxruntime-genai's config is a JSON object with model.decoder.inputs and outputs`);
  }
  const model = isObject(parsed) && isObject(parsed.model) ? parsed.model : null;
  const decoder = model && isObject(model.decoder) ? model.decoder : null;
  const inputs = decoder && isObject(decoder.inputs) ? decoder.inputs : null;
  const outputs = decoder && isObject(decoder.outputs) ? decoder.outputs : null;
  if (!model || !decoder || !inputs || !outputs) throw badInput(`${file}: no model.decoder.inputs and model.decoder.outputs: not an onnxruntime-genai config`);
  const names = {
    inputIds: text(inputs, 'input_ids') ?? 'input_ids',
    attentionMask: text(inputs, 'attention_mask'),
    positionIds: text(inputs, 'position_ids'),
    pastKey: text(inputs, 'past_key_names'),
    pastValue: text(inputs, 'past_value_names'),
    logits: text(outputs, 'logits') ?? 'logits',
    presentKey: text(outputs, 'present_key_names'),
    presentValue: text(outputs, 'present_value_names'),
  };
  const missing = (['pastKey', 'pastValue', 'presentKey', 'presentValue'] as const).filter((k) => names[k] === null || !names[k]?.includes('%d'));
  if (missing.length > 0) {
    const keys = { pastKey: 'inputs.past_key_names', pastValue: 'inputs.past_value_names', presentKey: 'outputs.present_key_names', presentValue: 'outputs.present_value_names' };
    throw badInput(`${file}: model.decoder.${missing.map((k) => keys[k]).join(', ')} missing or without %d (the layer number)`);
  }
  return {
    ...names,
    pastKey: names.pastKey as string,
    pastValue: names.pastValue as string,
    presentKey: names.presentKey as string,
    presentValue: names.presentValue as string,
    layers: count(decoder, 'num_hidden_layers'),
    kvHeads: count(decoder, 'num_key_value_heads'),
    headDim: count(decoder, 'head_size'),
    vocab: count(model, 'vocab_size'),
  };
}
