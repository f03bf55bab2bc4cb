import { z } from 'zod';
import { appMethods, type AppMethod } from '../contract/app-api';
import { checkCall } from '../contract/methods';
import type { ErrorInfo } from '../contract/errors';

/** The one origin the app's pages are served from (see protocol.ts). */
export const APP_SCHEME = 'app';
export const APP_HOST = 'infermeter';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;

export type CallCheck = { ok: true; method: AppMethod; params: unknown } | { ok: false; error: ErrorInfo };

const payloadSchema = z.object({ method: z.string(), params: z.unknown() });

/** True only for pages of the app itself: a foreign page (or a frame navigated elsewhere) gets no IPC. */
export function isAppUrl(url: string | undefined): boolean {
  if (!url) return false;
  try {
    const parsed = new URL(url);
    return parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
  } catch {
    return false;
  }
}

/**
 * Checks one `infermeter:call` before anything acts on it: who sent it, which method, and its parameters. The
 * IPC side's only check of the parameters: what passes goes to the service as parsed, and is not checked again.
 */
export function validateCall(senderUrl: string | undefined, payload: unknown): CallCheck {
  if (!isAppUrl(senderUrl)) {
    return { ok: false, error: { code: 'bad-input', message: `IPC refused: the sender ${senderUrl ?? '(unknown)'} is not a page of the app` } };
  }
  const shape = payloadSchema.safeParse(payload);
  if (!shape.success) return { ok: false, error: { code: 'bad-input', message: 'IPC refused: a call must be { method, params }' } };
  const { method, params } = shape.data;
  const call = checkCall(appMethods, method, params);
  if (call.ok) return { ok: true, method: call.method, params: call.params };
  if (call.unknownMethod) return { ok: false, error: { code: 'bad-input', message: `IPC refused: unknown method ${JSON.stringify(method)}` } };
  const where = call.issue.path === '' ? '' : ` at ${call.issue.path}`;
  return { ok: false, error: { code: 'bad-input', message: `${method}: invalid parameters${where} (${call.issue.message})` } };
}
