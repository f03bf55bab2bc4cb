import type { ConversionReport, ConversionTarget } from '../../../electron/contract/convert';
import { formatBytes, formatPercent } from './format';

export const CONVERSION_TARGETS: Array<{ target: ConversionTarget; label: string }> = [
  { target: 'fp16', label: 'FP16 (half-precision weights and compute; casts at the edges keep float32 inputs and outputs)' },
  { target: 'int8', label: 'INT8 dynamic (weights quantized, activations scaled at run time)' },
  { target: 'int8-static', label: 'INT8 static (weights and activations, calibrated on random inputs)' },
];

/** Where a converted model goes by default: beside the source, named for the target. */
export function defaultOutPath(sourcePath: string, target: ConversionTarget): string {
  const base = sourcePath.replace(/\.onnx$/i, '');
  return `${base}.${target}.onnx`;
}

/** The report as label → value lines, accuracy included when it was checked. */
export function conversionFacts(r: ConversionReport): Array<[string, string]> {
  const facts: Array<[string, string]> = [
    ['Written to', r.outputPath],
    ['Size', `${formatBytes(r.outputBytes)} (${formatPercent(r.sourceBytes > 0 ? r.outputBytes / r.sourceBytes : null, 0)} of ${formatBytes(r.sourceBytes)})`],
    ['Nodes converted', `${r.nodesConverted} of ${r.nodesTotal}${r.keptFp32.length ? `; ${r.keptFp32.length} kept in FP32` : ''}`],
    ['Took', `${(r.convertMs / 1000).toFixed(2)} s`],
  ];
  if (r.skipped) facts.push(['Skipped', r.skipped]);
  const a = r.accuracy;
  if (!a) facts.push(['Accuracy against FP32', 'not checked']);
  else {
    facts.push(['Accuracy against FP32', `cosine ${a.cosine.toFixed(5)}, relative L2 ${a.relativeL2.toExponential(2)}, max abs error ${a.maxAbsError.toPrecision(3)}${a.top1Agreement === null ? '' : `, top-1 agreement ${formatPercent(a.top1Agreement)}`}`]);
    facts.push(['Compared on', `${a.samples} ${a.inputs === 'random' ? 'random' : 'user-supplied'} input samples, worst output shown`]);
  }
  return facts;
}
