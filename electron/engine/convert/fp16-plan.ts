// The FP16 converter's decisions for one graph: which nodes compute in float16, which stay float32 (and why), and
// the precision every float tensor is stored in after conversion.
import { DataType, type onnx } from '../model/onnx-proto';
import { opKey } from '../model/graph-walk';
import type { NodeKept } from './types';

export type Precision = 'fp16' | 'fp32';
export type NodeMode = 'convert' | 'keep' | 'none';

/** Ops that hold subgraphs: always converted, their bodies converted recursively with float16 formal I/O. */
export const CONTAINER_OPS = new Set(['If', 'Loop', 'Scan']);
/** Inputs that the op's type constraints fix at float32 whatever the data's type (Resize roi/scales, Upsample scales). */
const FP32_INPUTS: Record<string, number[]> = { Resize: [1, 2], Upsample: [1] };
/** Outputs that stay float32 when the node computes in float16 (LayerNormalization's saved mean and inverse std dev). */
const FP32_OUTPUTS: Record<string, number[]> = { LayerNormalization: [1, 2] };

export interface PlanSettings {
  blockList: ReadonlySet<string>;
  /** Why each op of the block list is on it, for the report. */
  reasons: Readonly<Record<string, string>>;
}

export interface GraphPlan {
  modes: NodeMode[];
  /** Precision of every float tensor visible in the graph (outer scope included) after conversion. */
  storage: Map<string, Precision>;
  /** Precision each graph output must have. */
  outputWant: Precision;
  kept: NodeKept[];
}

const isFloat = (types: ReadonlyMap<string, number>, name: string): boolean => name !== '' && types.get(name) === DataType.FLOAT;

function modeOf(node: onnx.INodeProto, types: ReadonlyMap<string, number>, settings: PlanSettings): { mode: NodeMode; reason?: string } {
  const op = opKey(node);
  if (CONTAINER_OPS.has(op) && (node.domain ?? '') === '') return { mode: 'convert' };
  const touches = [...(node.input ?? []), ...(node.output ?? [])].some((n) => isFloat(types, n));
  if (!touches) return { mode: 'none' };
  if (settings.blockList.has(op)) return { mode: 'keep', reason: settings.reasons[op] ?? 'on the block list' };
  const domain = node.domain ?? '';
  if (domain !== '' && domain !== 'ai.onnx') return { mode: 'keep', reason: `op of domain '${domain}': the converter only converts standard ONNX ops` };
  return { mode: 'convert' };
}

/** The precision a node wants its input `index` in. */
export function inputWant(node: onnx.INodeProto, mode: NodeMode, index: number): Precision {
  if (mode !== 'convert') return 'fp32';
  return (FP32_INPUTS[opKey(node)] ?? []).includes(index) ? 'fp32' : 'fp16';
}

function outputPrecision(node: onnx.INodeProto, mode: NodeMode, index: number): Precision {
  if (mode !== 'convert') return 'fp32';
  return (FP32_OUTPUTS[opKey(node)] ?? []).includes(index) ? 'fp32' : 'fp16';
}

/**
 * Plans one graph. Stored constants (initializers, Constant nodes) become float16 unless every consumer wants
 * float32; graph inputs are float32 only in the main graph with `keepIoTypes`.
 */
export function planGraph(
  graph: onnx.IGraphProto,
  types: ReadonlyMap<string, number>,
  outerStorage: ReadonlyMap<string, Precision>,
  settings: PlanSettings,
  io: { main: boolean; keepIoTypes: boolean },
): GraphPlan {
  const nodes = graph.node ?? [];
  const modes: NodeMode[] = [];
  const kept: NodeKept[] = [];
  for (const node of nodes) {
    const { mode, reason } = modeOf(node, types, settings);
    modes.push(mode);
    if (mode === 'keep') kept.push({ node: node.name ?? '', op: opKey(node), reason: reason ?? '' });
  }
  const outputWant: Precision = io.main && io.keepIoTypes ? 'fp32' : 'fp16';
  // What each float tensor's consumers want.
  const wants = new Map<string, Set<Precision>>();
  const addWant = (name: string, p: Precision): void => {
    if (isFloat(types, name)) wants.set(name, (wants.get(name) ?? new Set()).add(p));
  };
  nodes.forEach((node, i) => (node.input ?? []).forEach((name, j) => addWant(name, inputWant(node, modes[i] as NodeMode, j))));
  for (const o of graph.output ?? []) addWant(o.name ?? '', outputWant);
  const constantPrecision = (name: string): Precision => {
    const w = wants.get(name);
    return w !== undefined && w.size === 1 && w.has('fp32') ? 'fp32' : 'fp16';
  };

  const storage = new Map<string, Precision>(outerStorage);
  const inits = new Set((graph.initializer ?? []).map((t) => t.name ?? ''));
  for (const vi of graph.input ?? []) {
    const name = vi.name ?? '';
    if (isFloat(types, name) && !inits.has(name)) storage.set(name, io.main && io.keepIoTypes ? 'fp32' : 'fp16');
  }
  for (const s of graph.sparseInitializer ?? []) if (s.values?.name) storage.set(s.values.name, 'fp32');
  for (const name of inits) if (isFloat(types, name)) storage.set(name, constantPrecision(name));
  nodes.forEach((node, i) => {
    let mode = modes[i] as NodeMode;
    if (node.opType === 'Constant' && mode === 'convert' && constantPrecision(node.output?.[0] ?? '') === 'fp32') {
      // A constant only float32 consumers read stays float32: no rounding, no cast.
      mode = 'none';
      modes[i] = mode;
    }
    (node.output ?? []).forEach((name, j) => {
      if (isFloat(types, name)) storage.set(name, outputPrecision(node, mode, j));
    });
  });
  return { modes, storage, outputWant, kept };
}
