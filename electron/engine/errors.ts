import type { ErrorCode, ErrorInfo } from '../contract/errors';

/**
 * An error a user can act on: it names the file or flag, the problem and, where there is one, the next step.
 * Everything the engine throws on purpose is one of these; anything else is a bug and reported as 'internal'.
 */
export class EngineError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly detail?: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }

  toInfo(): ErrorInfo {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }
}

export function badInput(message: string, detail?: string): EngineError {
  return new EngineError('bad-input', message, detail);
}

/** Turns anything thrown into plain error data; unexpected errors keep their stack as detail. */
export function toErrorInfo(error: unknown): ErrorInfo {
  if (error instanceof EngineError) return error.toInfo();
  if (error instanceof Error) return { code: 'internal', message: error.message, detail: error.stack ?? '' };
  return { code: 'internal', message: String(error) };
}
