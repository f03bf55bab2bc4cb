// What a model is: its inputs and outputs, opsets, ops, parameters, batch axis and estimated cost.
import type { BatchAxis, CostEstimate, ModelInfo, TensorInfo } from '../../contract/model';
import { elemTypeName, type onnx, toNumber } from './onnx-proto';
import { declaredDims, feedInputs, opKey, walkGraphs } from './graph-walk';
import { countParameters } from './parameter-count';
import { loadModelFile, type LoadedModel } from './load-model';
import { detectBatchAxis } from './batch-axis';
import { estimateCost } from './cost-estimate';
import { SYNTHESIZABLE_TYPES } from './input-synthesis';
import { enterPhase } from '../phase';

export interface InspectOptions {
  /** Values for symbolic non-batch dims (by name or "input:axis"), used by the cost estimate. */
  dims?: Record<string, number>;
}

/** Domains whose ops onnxruntime ships kernels for; ops of any other domain need a custom op library. */
const KNOWN_DOMAINS = new Set(['', 'ai.onnx', 'ai.onnx.ml', 'com.microsoft', 'com.microsoft.nchwc', 'ai.onnx.training', 'ai.onnx.preview.training']);

function typeName(vi: onnx.IValueInfoProto): string {
  const t = vi.type;
  if (t?.tensorType) return elemTypeName(t.tensorType.elemType ?? 0);
  if (t?.sequenceType) return 'sequence';
  if (t?.mapType) return 'map';
  if (t?.sparseTensorType) return 'sparse_tensor';
  if (t?.optionalType) return 'optional';
  return 'unknown';
}

function tensorInfo(vi: onnx.IValueInfoProto): TensorInfo {
  return { name: vi.name ?? '', elemType: typeName(vi), shape: declaredDims(vi) ?? [] };
}

function warningsFor(info: Omit<ModelInfo, 'warnings'>, customOps: Map<string, Set<string>>): string[] {
  const out: string[] = [];
  if (info.batch.kind === 'hard-coded') out.push(`batch: ${info.batch.reason}`);
  for (const input of info.inputs) {
    if (SYNTHESIZABLE_TYPES[input.elemType] === undefined) out.push(`input '${input.name}' is of type ${input.elemType}: it can be inspected but not benchmarked`);
    input.shape.forEach((d, axis) => {
      if (axis === 0 && info.batch.inputs.includes(input.name)) return;
      if (typeof d === 'string') out.push(`input '${input.name}' has symbolic dim '${d}' at axis ${axis}: give it a value (--dim ${d}=N) to benchmark it and estimate its cost`);
      if (d === null) out.push(`input '${input.name}' has an unnamed symbolic dim at axis ${axis}: give it a value (--dim ${input.name}:${axis}=N)`);
    });
  }
  for (const [domain, ops] of customOps) out.push(`ops of the custom domain '${domain}' (${[...ops].join(', ')}) need a provider or custom op library that implements them`);
  if (info.cost.unestimatedOps.length > 0) {
    out.push(`cost not estimated for ${info.cost.unestimatedOps.join(', ')} (shapes unknown or op not modelled): the FLOPs are a lower bound`);
  }
  return out;
}

/** The estimate is advisory: a model it cannot read is still inspected, with every op left unestimated. */
function safeCost(model: onnx.IModelProto, batch: BatchAxis, options: InspectOptions): CostEstimate {
  try {
    return estimateCost(model, batch, { dims: options.dims ?? {} });
  } catch (error) {
    const ops = [...new Set((model.graph?.node ?? []).map(opKey))].sort();
    return { flopsPerSample: 0, bytesPerSample: 0, flopsByOp: {}, unestimatedOps: ops, method: `not estimated: ${(error as Error).message}` };
  }
}

/** Describes an already loaded model. */
export function describeModel(loaded: LoadedModel, options: InspectOptions = {}): ModelInfo {
  const model = loaded.model;
  const graph = model.graph ?? {};
  const opHistogram: Record<string, number> = {};
  const customOps = new Map<string, Set<string>>();
  let nodeCount = 0;
  for (const g of walkGraphs(graph)) {
    for (const node of g.node ?? []) {
      nodeCount += 1;
      const key = opKey(node);
      opHistogram[key] = (opHistogram[key] ?? 0) + 1;
      const domain = node.domain ?? '';
      if (!KNOWN_DOMAINS.has(domain)) customOps.set(domain, (customOps.get(domain) ?? new Set()).add(node.opType ?? ''));
    }
  }
  enterPhase('work', 'describing the model (parameters, batch axis, FLOPs)');
  const params = countParameters(graph);
  const batch = detectBatchAxis(model);
  const info: Omit<ModelInfo, 'warnings'> = {
    path: loaded.path,
    fileBytes: loaded.fileBytes,
    sha256: loaded.sha256,
    irVersion: toNumber(model.irVersion),
    producer: `${model.producerName ?? ''} ${model.producerVersion ?? ''}`.trim(),
    opsets: (model.opsetImport ?? []).map((o) => ({ domain: o.domain || 'ai.onnx', version: toNumber(o.version) })),
    inputs: feedInputs(graph).map(tensorInfo),
    outputs: (graph.output ?? []).map(tensorInfo),
    nodeCount,
    opHistogram,
    parameterCount: params.count,
    parameterBytes: params.bytes,
    parameterSources: params.sources,
    externalData: loaded.externalFiles,
    batch,
    cost: safeCost(model, batch, options),
  };
  const unshaped = feedInputs(graph)
    .filter((vi) => vi.type?.tensorType && declaredDims(vi) === null)
    .map((vi) => `input '${vi.name ?? ''}' declares no shape: give it one with --shape ${vi.name ?? ''}=...`);
  return { ...info, warnings: [...loaded.warnings, ...unshaped, ...warningsFor(info, customOps)] };
}

/** Loads, checks and describes a model file; bad files get the bad-input errors of loadModelFile. */
export async function inspectModel(file: string, options: InspectOptions = {}): Promise<ModelInfo> {
  return describeModel(await loadModelFile(file), options);
}
