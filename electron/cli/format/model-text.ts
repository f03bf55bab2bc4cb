import type { ModelInfo, ParameterSource, TensorInfo } from '../../contract/model';
import { textTable } from './text-table';
import { formatBytes, formatCount } from '../../../common/units';

function shape(t: TensorInfo): string {
  return `[${t.shape.map((d) => (d === null ? '?' : String(d))).join(', ')}]`;
}

const SOURCE_NAMES: Record<ParameterSource['source'], string> = {
  initializer: 'initializers',
  'external-data': 'external data',
  'sparse-initializer': 'sparse initializers',
  'constant-node': 'Constant nodes',
  'constant-of-shape': 'ConstantOfShape',
};

function parameterSources(info: ModelInfo): string {
  const sources = info.parameterSources ?? [];
  if (sources.length === 0) return '';
  return ` from ${sources.map((s) => `${SOURCE_NAMES[s.source]} ${formatCount(s.count)} (${s.tensors} tensor${s.tensors === 1 ? '' : 's'})`).join(', ')}`;
}

export function formatModelInfo(info: ModelInfo): string {
  const ops = Object.entries(info.opHistogram).sort((a, b) => b[1] - a[1]);
  const lines = [
    `Model        ${info.path}`,
    `File         ${formatBytes(info.fileBytes)}  sha256 ${info.sha256.slice(0, 16)}…`,
    `Producer     ${info.producer || 'unknown'}  IR ${info.irVersion}  opsets ${info.opsets.map((o) => `${o.domain || 'ai.onnx'} ${o.version}`).join(', ')}`,
    `Parameters   ${formatCount(info.parameterCount)} (${formatBytes(info.parameterBytes)})${parameterSources(info)}`,
    ...(info.externalData.length ? [`External     ${info.externalData.map((e) => `${e.location} (${formatBytes(e.bytes)})`).join(', ')}`] : []),
    `Batch axis   ${info.batch.kind}${info.batch.dimName ? ` (dim '${info.batch.dimName}')` : ''}: ${info.batch.reason}`,
    ...(info.batch.reshapeRewrites ?? []).map((r) => `Rewritten    Reshape '${r.node}' target [${r.from.join(', ')}] -> [${r.to.join(', ')}] (a batch-2 run equals two batch-1 runs)`),
    `Per sample   ${formatCount(info.cost.flopsPerSample, 'FLOP')}, ${formatBytes(info.cost.bytesPerSample)} moved (estimate)`,
    ...(info.cost.unestimatedOps.length ? [`Not counted  ${info.cost.unestimatedOps.join(', ')}`] : []),
    '',
    textTable(['', 'name', 'type', 'shape'], [
      ...info.inputs.map((t) => ['input', t.name, t.elemType, shape(t)]),
      ...info.outputs.map((t) => ['output', t.name, t.elemType, shape(t)]),
    ]),
    '',
    `Ops (${info.nodeCount} nodes): ${ops.map(([op, n]) => `${op} ${n}`).join(', ')}`,
    ...info.warnings.map((w) => `warning: ${w}`),
  ];
  return lines.join('\n');
}
