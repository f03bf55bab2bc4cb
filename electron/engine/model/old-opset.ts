// A model below the opsets onnxruntime officially supports is neither refused nor trusted on sight: onnxruntime is
// asked, with a real session, and its answer decides (model-checks.ts says why).
import * as ort from 'onnxruntime-node';
import { badInput } from '../errors';
import type { OldOpset } from './model-checks';

/** The part of onnxruntime's error that names what it could not do. */
function ortReason(message: string): string {
  const impl = /Could not find an implementation for [^\n]*/.exec(message)?.[0];
  if (impl) return impl.trim();
  const first = message.split('\n')[0] ?? message;
  return first.replace(/^.*?\] : \d+ : \w+ : /, '').trim();
}

/**
 * Creates (and releases) a session on the model at `absolute`: returns the warning to show when onnxruntime loads it,
 * and throws a bad-input error naming what onnxruntime refused when it does not.
 */
export async function askOnnxruntimeAboutOldOpset(absolute: string, old: OldOpset, shown: string): Promise<string> {
  const what = `opset ${old.version} of ${old.domain} is older than onnxruntime officially supports (${old.range.min} to ${old.range.max})`;
  let session: ort.InferenceSession;
  try {
    session = await ort.InferenceSession.create(absolute, { logSeverityLevel: 4 });
  } catch (error) {
    throw badInput(`${shown}: ${what} and onnxruntime ${ort.env.versions.common} does not load it (${ortReason((error as Error).message)}); convert it with onnx.version_converter`);
  }
  await session.release();
  return `${what}; onnxruntime ${ort.env.versions.common} loads it (every op has a kernel at its version), so it is measured as it is`;
}
