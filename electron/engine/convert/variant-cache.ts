import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { conversionReportSchema, type ConversionReport, type ConversionTarget } from '../../contract/convert';
import type { Precision } from '../../contract/run';
import { cacheDir } from '../cache-dir';
import { convertModel, localInt8Path } from './convert-model';
import { CONVERTER_VERSION } from './version';

/** The conversion each benchmark precision uses: FP16 as is, INT8 by dynamic quantization (no calibration data needed). */
const TARGET_FOR: Record<Exclude<Precision, 'fp32'>, ConversionTarget> = { fp16: 'fp16', int8: 'int8' };

export type PrecisionVariant = { precision: Precision; path: string; report: ConversionReport | null; cached: boolean };

function variantsDir(): string {
  return join(cacheDir(), 'variants');
}

function readCachedReport(path: string): ConversionReport | null {
  try {
    const parsed = conversionReportSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null; // no cache entry yet, or a damaged one: convert again
  }
}

/**
 * The model file to measure at a precision: the FP32 model itself, or its FP16/INT8 variant made by the converter,
 * cached by the source's hash, the converter version and, for INT8, the weight encoding this CPU needs (so a changed
 * model or converter, or a cache folder shared with a CPU of another INT8 path, makes a new one). `dims` give the
 * symbolic dims the conversion's accuracy check feeds (a decoder's sequence and cache lengths).
 */
export async function precisionVariant(sourcePath: string, sourceSha256: string, precision: Precision, dir = variantsDir(), dims?: Record<string, number>): Promise<PrecisionVariant> {
  if (precision === 'fp32') return { precision, path: sourcePath, report: null, cached: true };
  const encoding = precision === 'int8' ? `-${(await localInt8Path()).weightEncoding}` : '';
  const stem = `${sourceSha256.slice(0, 16)}-${TARGET_FOR[precision]}${encoding}-c${CONVERTER_VERSION}`;
  const path = join(dir, `${stem}.onnx`);
  const reportPath = join(dir, `${stem}.report.json`);
  // A model already in the target precision is measured as it is (the report says it was skipped).
  const variantPath = (report: ConversionReport) => (report.skipped ? sourcePath : path);
  const cached = readCachedReport(reportPath);
  if (cached && existsSync(variantPath(cached))) return { precision, path: variantPath(cached), report: cached, cached: true };
  mkdirSync(dir, { recursive: true });
  const report = await convertModel(sourcePath, { to: TARGET_FOR[precision], outPath: path, ...(dims ? { dims } : {}) });
  const tmp = `${reportPath}.tmp-${process.pid}`;
  writeFileSync(tmp, JSON.stringify(report, null, 1));
  renameSync(tmp, reportPath);
  return { precision, path: variantPath(report), report, cached: false };
}
