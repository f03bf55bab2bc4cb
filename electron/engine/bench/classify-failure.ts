import type { FailureKind } from '../../contract/run';

const OOM_PATTERNS = [/failed to allocate/i, /bad_alloc/i, /out of memory/i, /\bOOM\b/, /cannot allocate memory/i, /CUDNN_STATUS_ALLOC_FAILED/];
const UNSUPPORTED_PATTERNS = [/could not find an implementation/i, /not a registered function\/op/i, /no op registered/i, /not supported/i, /unsupported/i, /no kernel/i, /not implemented/i];

/** Sorts an onnxruntime error into the kinds a sweep reacts to (an OOM stops the batch sweep of its group). */
export function classifyOrtFailure(message: string): FailureKind {
  if (OOM_PATTERNS.some((p) => p.test(message))) return 'oom';
  if (UNSUPPORTED_PATTERNS.some((p) => p.test(message))) return 'unsupported';
  return 'error';
}

/** onnxruntime's messages run long with source paths; the first line that says something is enough for a table. */
export function firstLine(message: string): string {
  const line = message.split('\n').find((l) => l.trim() !== '') ?? message;
  // "/onnxruntime_src/.../graph.cc:1555 void onnxruntime::Graph::Fn(args) What went wrong": the source location
  // and C++ signature say nothing to a user; whatever follows them does.
  const located = /\/\S+\.(?:cc|h|cpp):\d+\s+[^()]*\([^()]*\)(?:::<lambda\(\)>)?\s*/g;
  return line.replace(located, '').replace(/^\/\S+:\d+\s+\S+\s*/, '').trim().slice(0, 400);
}
