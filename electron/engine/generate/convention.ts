// Which decoder I/O convention a model follows, read from its input and output names and shapes (and from
// genai_config.json where onnxruntime-genai put one beside it), and what could not be mapped.
import { basename } from 'node:path';
import type { DecoderConvention } from '../../contract/generation';
import type { ModelInfo, TensorInfo } from '../../contract/model';
import { readGenaiConfig, type GenaiNames } from './genai-config';

export interface CacheLayer {
  pastKey: string;
  pastValue: string;
  presentKey: string;
  presentValue: string;
}

export type IdType = 'int64' | 'int32';
export type FloatType = 'float32' | 'float16';

export interface DecoderIo {
  convention: DecoderConvention;
  inputIds: string;
  attentionMask: string | null;
  positionIds: string | null;
  /** Element type of input_ids, attention_mask and position_ids. */
  idType: IdType;
  logits: string;
  logitsType: FloatType;
  /** One entry per layer, in layer order; empty for a model without a cache (run as a full forward per token). */
  layers: CacheLayer[];
  kvHeads: number;
  headDim: number;
  cacheType: FloatType;
  /** From the logits' last dim or genai_config.json; null when neither tells. */
  vocab: number | null;
}

export type DecoderDetection = { kind: 'decoder'; io: DecoderIo } | { kind: 'not-decoder'; reason: string } | { kind: 'unmapped'; reason: string };

const OPTIMUM = { pastKey: 'past_key_values.%d.key', pastValue: 'past_key_values.%d.value', presentKey: 'present.%d.key', presentValue: 'present.%d.value' };
const CONVENTIONS = "Optimum's (input_ids, attention_mask, position_ids, past_key_values.{i}.key|value → logits, present.{i}.key|value) or onnxruntime-genai's (names from genai_config.json beside the model)";

/** `past_key_values.%d.key` → a matcher returning the layer number. */
function layerPattern(template: string): (name: string) => number | null {
  const [before = '', after = ''] = template.split('%d');
  return (name) => {
    if (!name.startsWith(before) || !name.endsWith(after)) return null;
    const middle = name.slice(before.length, name.length - after.length);
    return /^\d+$/.test(middle) ? Number(middle) : null;
  };
}

const fill = (template: string, layer: number): string => template.replace('%d', String(layer));

function floatType(t: TensorInfo): FloatType | null {
  return t.elemType === 'float32' || t.elemType === 'float16' ? t.elemType : null;
}

/** [batch, kvHeads, sequence, headDim] with fixed kvHeads and headDim (or the genai config's). */
function cacheShape(t: TensorInfo, genai: GenaiNames | null): { kvHeads: number; headDim: number } | string {
  const [, heads, , dim] = t.shape;
  const kvHeads = typeof heads === 'number' ? heads : genai?.kvHeads;
  const headDim = typeof dim === 'number' ? dim : genai?.headDim;
  if (t.shape.length !== 4) return `cache input '${t.name}' has ${t.shape.length} dims; expected 4 ([batch, kv_heads, sequence, head_dim])`;
  if (!kvHeads || !headDim) return `cache input '${t.name}' has symbolic heads or head size (${JSON.stringify(t.shape)}) and no genai_config.json gives them`;
  return { kvHeads, headDim };
}

function cacheLayers(info: ModelInfo, names: typeof OPTIMUM, genai: GenaiNames | null): { layers: CacheLayer[]; used: Set<string> } | string {
  const pastKey = layerPattern(names.pastKey);
  const layerNumbers = info.inputs.map((i) => pastKey(i.name)).filter((n): n is number => n !== null).sort((a, b) => a - b);
  const layers: CacheLayer[] = [];
  const used = new Set<string>();
  const inputNames = new Set(info.inputs.map((i) => i.name));
  const outputNames = new Set(info.outputs.map((o) => o.name));
  for (let i = 0; i < layerNumbers.length; i++) {
    if (layerNumbers[i] !== i) return `cache layers are not numbered 0…${layerNumbers.length - 1} (found ${fill(names.pastKey, layerNumbers[i] ?? i)})`;
    const layer = { pastKey: fill(names.pastKey, i), pastValue: fill(names.pastValue, i), presentKey: fill(names.presentKey, i), presentValue: fill(names.presentValue, i) };
    for (const name of [layer.pastKey, layer.pastValue]) if (!inputNames.has(name)) return `input '${name}' is missing (layer ${i} has ${layer.pastKey})`;
    for (const name of [layer.presentKey, layer.presentValue]) if (!outputNames.has(name)) return `output '${name}' is missing: the cache of layer ${i} cannot be fed back`;
    for (const name of Object.values(layer)) used.add(name);
    layers.push(layer);
  }
  if (genai?.layers && layers.length > 0 && genai.layers !== layers.length) return `genai_config.json says ${genai.layers} layers; the model has ${layers.length} cache inputs`;
  return { layers, used };
}

/**
 * How to run this model as a decoder, or why it cannot be (not a decoder at all, or a layout not recognised).
 * `configBeside`: the model file whose folder may hold genai_config.json (a variant's source, for FP16/INT8 copies).
 */
export function detectDecoder(info: ModelInfo, configBeside: string = info.path): DecoderDetection {
  const genai = readGenaiConfig(configBeside);
  const file = basename(info.path);
  const names = genai ?? { inputIds: 'input_ids', attentionMask: 'attention_mask', positionIds: 'position_ids', logits: 'logits', ...OPTIMUM };
  const ids = info.inputs.find((i) => i.name === names.inputIds);
  const logits = info.outputs.find((o) => o.name === names.logits);
  if (!ids || !logits) return { kind: 'not-decoder', reason: `${file} has no ${ids ? '' : `'${names.inputIds}' input`}${!ids && !logits ? ' and no ' : ''}${logits ? '' : `'${names.logits}' output`}: not a decoder in ${CONVENTIONS}` };
  const unmapped = (why: string): DecoderDetection => ({ kind: 'unmapped', reason: `${file}: cannot run as a decoder: ${why}; infermeter recognises ${CONVENTIONS}` });
  if (ids.elemType !== 'int64' && ids.elemType !== 'int32') return unmapped(`'${ids.name}' is ${ids.elemType}, not int64 or int32`);
  const logitsType = floatType(logits);
  if (!logitsType) return unmapped(`'${logits.name}' is ${logits.elemType}, not float32 or float16`);
  const found = cacheLayers(info, names, genai);
  if (typeof found === 'string') return unmapped(found);
  const attentionMask = info.inputs.find((i) => i.name === (names.attentionMask ?? 'attention_mask'))?.name ?? null;
  const positionIds = info.inputs.find((i) => i.name === (names.positionIds ?? 'position_ids'))?.name ?? null;
  const known = new Set([ids.name, attentionMask, positionIds, ...found.used]);
  const extra = info.inputs.filter((i) => !known.has(i.name)).map((i) => `'${i.name}'`);
  if (extra.length > 0) return unmapped(`input${extra.length > 1 ? 's' : ''} ${extra.join(', ')} ${extra.length > 1 ? 'are' : 'is'} none of ${names.inputIds}, ${names.attentionMask ?? 'attention_mask'}, ${names.positionIds ?? 'position_ids'} or the cache (${names.pastKey}, ${names.pastValue})`);
  const lastDim = logits.shape[logits.shape.length - 1];
  const vocab = typeof lastDim === 'number' ? lastDim : (genai?.vocab ?? null);
  const base = { inputIds: ids.name, attentionMask, positionIds, idType: ids.elemType as IdType, logits: logits.name, logitsType, vocab };
  if (found.layers.length === 0) return { kind: 'decoder', io: { ...base, convention: 'no-cache', layers: [], kvHeads: 0, headDim: 0, cacheType: 'float32' } };
  const first = info.inputs.find((i) => i.name === found.layers[0]?.pastKey) as TensorInfo;
  const shape = cacheShape(first, genai);
  if (typeof shape === 'string') return unmapped(shape);
  const cacheType = floatType(first);
  if (!cacheType) return unmapped(`cache input '${first.name}' is ${first.elemType}, not float32 or float16`);
  const convention: DecoderConvention = genai ? 'genai' : positionIds ? 'optimum' : 'optimum-no-position-ids';
  return { kind: 'decoder', io: { ...base, convention, layers: found.layers, ...shape, cacheType } };
}

/** Bytes of key and value cache per token of one sequence, every layer. */
export function cacheBytesPerToken(io: DecoderIo): number | null {
  if (io.layers.length === 0) return null;
  return io.layers.length * 2 * io.kvHeads * io.headDim * (io.cacheType === 'float16' ? 2 : 4);
}
