import type { ErrorInfo } from '../../../electron/contract/errors';

/** A call that failed, carrying the contract's ErrorInfo (code, message a user can act on, detail). */
export class ApiError extends Error {
  constructor(readonly info: ErrorInfo) {
    super(info.message);
    this.name = 'ApiError';
  }
}

/** Whatever was thrown, as ErrorInfo: ours, one that crossed IPC with its fields, or a plain Error. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof ApiError) return error.info;
  if (typeof error === 'object' && error !== null) {
    const e = error as { info?: unknown; code?: unknown; message?: unknown; detail?: unknown };
    if (typeof e.info === 'object' && e.info !== null) return toErrorInfo(e.info);
    const codes = ['bad-input', 'engine-crashed', 'points-not-valid', 'cancelled', 'internal'] as const;
    const code = codes.find((c) => c === e.code) ?? 'internal';
    const message = typeof e.message === 'string' ? e.message : String(error);
    return { code, message, ...(typeof e.detail === 'string' ? { detail: e.detail } : {}) };
  }
  return { code: 'internal', message: String(error) };
}
