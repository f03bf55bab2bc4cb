import type { AccuracyReport, ConversionReport, Int8EncodingReport } from '../../contract/convert';
import { formatBytes, formatMs } from '../../../common/units';
import { textTable } from './text-table';

const LABELS: Record<ConversionReport['target'], string> = { fp16: 'FP16', int8: 'INT8 (dynamic)', 'int8-static': 'INT8 (static, QDQ)' };

function share(part: number, whole: number): string {
  return whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(1)}%`;
}

/** Kept-FP32 nodes grouped by op and reason: "LayerNormalization ×12: <reason>". */
function keptLines(report: ConversionReport): string[] {
  const groups = new Map<string, { op: string; reason: string; nodes: string[] }>();
  for (const k of report.keptFp32) {
    const key = `${k.op}\u0000${k.reason}`;
    const g = groups.get(key) ?? { op: k.op, reason: k.reason, nodes: [] };
    g.nodes.push(k.node);
    groups.set(key, g);
  }
  return [...groups.values()]
    .sort((a, b) => b.nodes.length - a.nodes.length)
    .map((g) => `  ${g.op} ×${g.nodes.length}: ${g.reason}${g.nodes.length <= 3 ? ` (${g.nodes.join(', ')})` : ''}`);
}

const WEIGHT_FORMS: Record<Int8EncodingReport['weightEncoding'], string> = {
  s8: 'int8 (zero point 0; onnxruntime u8s8 kernels)',
  u8: 'uint8 (zero point 128; onnxruntime u8u8 kernels)',
};

function int8Lines(int8: Int8EncodingReport): string[] {
  const why = int8.choice === 'auto' ? `chosen for this CPU's INT8 path (${int8.madeOn.kernel})` : `as asked (--int8-weights ${int8.choice})`;
  return [`Weights      ${WEIGHT_FORMS[int8.weightEncoding]}, ${why}`, `INT8 path    ${int8.madeOn.summary}`];
}

const fmt = (v: number, digits: number): string => (Number.isFinite(v) ? v.toPrecision(digits) : String(v));

function accuracyLines(a: AccuracyReport): string[] {
  const rows = a.outputs.map((o) => [o.name, fmt(o.maxAbsError, 3), fmt(o.relativeL2, 3), o.cosine.toFixed(6), o.top1Agreement === null ? '-' : `${(100 * o.top1Agreement).toFixed(1)}%`]);
  return [
    `Accuracy     against FP32 on ${a.samples} ${a.inputs === 'user' ? "of the user's" : 'random'} input${a.samples === 1 ? '' : 's'}: cosine ${a.cosine.toFixed(6)}, relative L2 ${fmt(a.relativeL2, 3)}, max abs error ${fmt(a.maxAbsError, 3)}${a.top1Agreement === null ? '' : `, top-1 agreement ${(100 * a.top1Agreement).toFixed(1)}%`}`,
    '',
    textTable(['output', 'max abs', 'rel L2', 'cosine', 'top-1'], rows),
  ];
}

export function formatConversionReport(report: ConversionReport): string {
  if (report.skipped !== null) {
    return [`${LABELS[report.target]}: skipped, ${report.skipped}; nothing written (${report.sourcePath})`, ...report.warnings.map((w) => `warning: ${w}`)].join('\n');
  }
  const lines = [
    `Converted    ${report.sourcePath} -> ${report.outputPath}`,
    `Target       ${LABELS[report.target]} (converter v${report.converterVersion}, ${formatMs(report.convertMs)} ms)`,
    `Size         ${formatBytes(report.sourceBytes)} -> ${formatBytes(report.outputBytes)} (${share(report.outputBytes, report.sourceBytes)} of the source)`,
    `Nodes        ${report.nodesConverted} of ${report.nodesTotal} converted (${share(report.nodesConverted, report.nodesTotal)})`,
  ];
  if (report.int8 !== null) lines.push(...int8Lines(report.int8));
  const kept = keptLines(report);
  lines.push(kept.length === 0 ? 'Kept FP32    none' : `Kept FP32    ${report.keptFp32.length} node${report.keptFp32.length === 1 ? '' : 's'}:`, ...kept);
  if (report.accuracy !== null) lines.push(...accuracyLines(report.accuracy));
  lines.push(...report.warnings.map((w) => `warning: ${w}`));
  return lines.join('\n');
}
