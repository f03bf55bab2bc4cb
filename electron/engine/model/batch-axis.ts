// Which inputs carry a batch at dim 0, whether it is symbolic already, can be made symbolic, or is baked into the graph.
import type { BatchAxis, ReshapeRewrite } from '../../contract/model';
import type { onnx } from './onnx-proto';
import { attrInt, attrInts, declaredDims, defaultOpset, feedInputs, findAttr } from './graph-walk';
import { tensorValues } from './tensor-data';
import { inferShapes } from './shape-inference';
import { flattenRewrite } from './reshape-flatten';

export { encodeModel, encodeRewrittenModel, rewriteBatchDim } from './batch-rewrite';

/** The name a fixed batch dim gets when rewritten. */
export const DEFAULT_BATCH_DIM = 'batch';

/** Ends of a Slice at or past this are "to the end", not a fixed size. */
const SLICE_TO_END = 2 ** 31 - 1;

/** Values of tensors fixed in the file: initializers, Constant nodes, and Concat/Cast/Identity/(Un)Squeeze of those. */
function literalValues(graph: onnx.IGraphProto): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const t of graph.initializer ?? []) {
    const v = tensorValues(t);
    if (v !== null) out.set(t.name ?? '', v);
  }
  for (const node of graph.node ?? []) {
    const first = node.output?.[0] ?? '';
    const op = node.opType ?? '';
    if (op === 'Constant') {
      const t = findAttr(node, 'value')?.t;
      const v = t ? tensorValues(t) : attrInts(node, 'value_ints');
      if (v !== null) out.set(first, v);
    } else if (op === 'Concat' && (node.input ?? []).every((n) => out.has(n))) {
      out.set(first, (node.input ?? []).flatMap((n) => out.get(n) as number[]));
    } else if (['Cast', 'Identity', 'Unsqueeze', 'Squeeze'].includes(op) && out.has(node.input?.[0] ?? '')) {
      out.set(first, out.get(node.input?.[0] ?? '') as number[]);
    }
  }
  return out;
}

/** Integer ops exporters chain to compute shapes from Shape at run time. */
const SHAPE_ARITHMETIC = new Set(['Gather', 'Unsqueeze', 'Squeeze', 'Concat', 'Slice', 'Cast', 'Reshape', 'Add', 'Sub', 'Mul', 'Div', 'Equal', 'Where', 'Identity']);

/**
 * Tensors computed from the batch inputs (`tainted`), and among them the small shape vectors computed from Shape or Size
 * (`shapeValued`): those carry the batch's value, not a batch of data, so the rules below leave them alone.
 */
function batchTensors(graph: onnx.IGraphProto, batchInputs: string[], literals: Map<string, number[]>): { tainted: Set<string>; shapeValued: Set<string> } {
  const tainted = new Set(batchInputs);
  const shapeValued = new Set<string>();
  for (const node of graph.node ?? []) {
    const ins = (node.input ?? []).filter((n) => n !== '');
    if (!ins.some((n) => tainted.has(n))) continue;
    const op = node.opType ?? '';
    const isShape = op === 'Shape' || op === 'Size' || (SHAPE_ARITHMETIC.has(op) && ins.some((n) => shapeValued.has(n)) && ins.every((n) => shapeValued.has(n) || literals.has(n)));
    for (const o of node.output ?? []) {
      tainted.add(o);
      if (isShape) shapeValued.add(o);
    }
  }
  return { tainted, shapeValued };
}

const fmt = (v: number[]): string => `[${v.join(',')}]`;

/** How the graph holds the batch: the first node that fixes it at 1 (one sentence), and the flatten Reshapes that can be freed. */
export interface BatchFindings {
  baked: string | null;
  rewrites: ReshapeRewrite[];
}

/** A rewritten target that another node also reads would change that node too: the batch stays baked in. */
function sharedTarget(graph: onnx.IGraphProto, rewrites: ReshapeRewrite[], tail: string): string | null {
  const rewritten = new Set(rewrites.map((r) => r.node));
  for (const r of rewrites) {
    const [other, index] = (graph.node ?? []).map((n, i) => [n, i] as const).find(([n, i]) => (n.input ?? []).includes(r.tensor) && !rewritten.has(n.name || `#${i}`)) ?? [];
    if (other !== undefined) return `Reshape node '${r.node}' has a fixed target shape ${fmt(r.from)} that ${other.opType ?? ''} node '${other.name || `#${index}`}' also reads: ${tail}`;
  }
  return null;
}

/** Where the graph fixes the batch at 1, and which flatten Reshapes can be freed (see BatchFindings). */
export function findHardCodedBatch(model: onnx.IModelProto, batchInputs: string[], batchDimName: string | null): BatchFindings {
  const graph = model.graph ?? {};
  const literals = literalValues(graph);
  const { tainted, shapeValued } = batchTensors(graph, batchInputs, literals);
  const carriesBatch = (name: string | undefined): boolean => name !== undefined && tainted.has(name) && !shapeValued.has(name);
  const facts = inferShapes(model, { batchDimName, batchInputs, batch: 1 });
  const opset = defaultOpset(model);
  const tail = 'the batch is baked in; only batch 1 can be measured';
  const rewrites: ReshapeRewrite[] = [];
  const baked = (reason: string): BatchFindings => ({ baked: reason, rewrites: [] });
  for (const [index, node] of (graph.node ?? []).entries()) {
    const ins = node.input ?? [];
    const label = `${node.opType ?? ''} node '${node.name || `#${index}`}'`;
    if (!ins.some(carriesBatch)) continue;
    switch (node.opType) {
      case 'Reshape': {
        const target = literals.get(ins[1] ?? '');
        if (!carriesBatch(ins[0]) || target === undefined || target.length === 0) break;
        const fullyFixed = !target.includes(0) && !target.includes(-1);
        if (!fullyFixed && target[0] !== 1) break;
        const freed = flattenRewrite(graph, node, node.name || `#${index}`, target, facts.get(ins[0] ?? '')?.shape ?? null);
        if ('rewrite' in freed) rewrites.push(freed.rewrite);
        else return baked(`${label} has a fixed target shape ${fmt(target)}${target[0] === 1 ? ` (not a flatten that can be freed: ${freed.reason})` : ''}: ${tail}`);
        break;
      }
      case 'Flatten':
        if (attrInt(node, 'axis', 1) === 0) return baked(`${label} has axis=0, folding the batch into one row: ${tail}`);
        break;
      case 'Slice': {
        if (!carriesBatch(ins[0])) break;
        const old = opset < 10;
        const starts = old ? attrInts(node, 'starts') : (literals.get(ins[1] ?? '') ?? null);
        const ends = old ? attrInts(node, 'ends') : (literals.get(ins[2] ?? '') ?? null);
        const axes = old ? attrInts(node, 'axes') : ins[3] ? (literals.get(ins[3]) ?? null) : null;
        if (starts === null || ends === null || (!old && ins[3] && axes === null)) break;
        const at = (axes ?? starts.map((_, i) => i)).findIndex((a) => a === 0);
        const [start, end] = [starts[at], ends[at]];
        if (at >= 0 && start !== undefined && end !== undefined && start >= 0 && end >= 0 && end < SLICE_TO_END) {
          return baked(`${label} cuts the batch axis to the fixed range [${start}:${end}]: ${tail}`);
        }
        break;
      }
      case 'Concat': {
        const rank = facts.get(node.output?.[0] ?? '')?.shape?.length;
        const raw = attrInt(node, 'axis', 0);
        const axis = raw < 0 && rank !== undefined ? raw + rank : raw;
        if (axis === 0 || (raw < 0 && rank === undefined)) break;
        const fixed = ins.find((n) => !tainted.has(n) && facts.get(n)?.shape?.[0] === 1);
        if (fixed !== undefined) return baked(`${label} joins the batch with '${fixed}', whose dim 0 is fixed at 1: ${tail}`);
        break;
      }
      default:
        break;
    }
  }
  const shared = sharedTarget(graph, rewrites, tail);
  return shared === null ? { baked: null, rewrites } : baked(shared);
}

const rewriteText = (rewrites: ReshapeRewrite[]): string =>
  rewrites.map((r) => `Reshape node '${r.node}' flattens to the fixed ${fmt(r.from)}: its target becomes ${fmt(r.to)}`).join('; ');

const quoteList = (names: string[]): string => names.map((n) => `'${n}'`).join(', ');

/** Detects the batch axis from the inputs' dim 0 and the graph. */
export function detectBatchAxis(model: onnx.IModelProto): BatchAxis {
  const graph = model.graph ?? {};
  const inputs = feedInputs(graph)
    .map((vi) => ({ name: vi.name ?? '', dims: declaredDims(vi) }))
    .filter((i): i is { name: string; dims: (number | string | null)[] } => i.dims !== null && i.dims.length > 0);
  const symbolicName = inputs.map((i) => i.dims[0]).find((d): d is string => typeof d === 'string') ?? null;
  const symbolic = inputs.filter((i) => i.dims[0] === null || (typeof i.dims[0] === 'string' && i.dims[0] === symbolicName));
  if (symbolic.length > 0) {
    const names = symbolic.map((i) => i.name);
    const dimText = symbolicName === null ? 'unnamed' : `'${symbolicName}'`;
    const found = findHardCodedBatch(model, names, symbolicName);
    if (found.baked !== null) return { kind: 'hard-coded', dimName: symbolicName, inputs: names, reason: `dim 0 of ${quoteList(names)} is symbolic (${dimText}), but ${found.baked}` };
    if (found.rewrites.length > 0) {
      const reason = `dim 0 of ${quoteList(names)} is symbolic (${dimText}); ${rewriteText(found.rewrites)}, so any batch size can be fed`;
      return { kind: 'rewritable', dimName: symbolicName, inputs: names, reason, reshapeRewrites: found.rewrites };
    }
    return { kind: 'symbolic', dimName: symbolicName, inputs: names, reason: `dim 0 of ${quoteList(names)} is symbolic (${dimText}): any batch size can be fed` };
  }
  const ones = inputs.filter((i) => i.dims[0] === 1).map((i) => i.name);
  if (ones.length === 0) {
    const first = inputs[0];
    const reason = first === undefined ? 'every input is a scalar: there is no batch axis' : `no input has a batch-like dim 0 ('${first.name}' has dim 0 = ${String(first.dims[0])})`;
    return { kind: 'none', dimName: null, inputs: [], reason };
  }
  const found = findHardCodedBatch(model, ones, null);
  if (found.baked !== null) return { kind: 'hard-coded', dimName: null, inputs: ones, reason: found.baked };
  const madeSymbolic = `it is made symbolic ('${DEFAULT_BATCH_DIM}') to measure other batch sizes`;
  if (found.rewrites.length > 0) {
    const reason = `dim 0 of ${quoteList(ones)} is fixed at 1; ${rewriteText(found.rewrites)}, and ${madeSymbolic}`;
    return { kind: 'rewritable', dimName: DEFAULT_BATCH_DIM, inputs: ones, reason, reshapeRewrites: found.rewrites };
  }
  return { kind: 'rewritable', dimName: DEFAULT_BATCH_DIM, inputs: ones, reason: `dim 0 of ${quoteList(ones)} is fixed at 1 and nothing in the graph bakes it in: ${madeSymbolic}` };
}
