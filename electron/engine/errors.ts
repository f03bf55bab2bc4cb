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
    super(oneLine(message));
    this.name = 'EngineError';
  }

  toInfo(): ErrorInfo {
    return this.detail === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, detail: this.detail };
  }
}

/**
 * A message is one line, whatever a model names its nodes: control characters (a newline in a name from a damaged
 * file, say) are shown escaped.
 */
function oneLine(message: string): string {
  // eslint-disable-next-line no-control-regex
  return message.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
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
