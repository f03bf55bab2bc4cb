import { z } from 'zod';
import { appMethods, isAppMethod, type AppMethod } from '../contract/app-api';
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

/** Checks one `infermeter:call` before anything acts on it: who sent it, which method, and its parameters. */
export function validateCall(senderUrl: string | undefined, payload: unknown): CallCheck {
  if (!isAppUrl(senderUrl)) {
    return { ok: false, error: { code: 'bad-input', message: `IPC refused: the sender ${senderUrl ?? '(unknown)'} is not a page of the app` } };
  }
  const shape = payloadSchema.safeParse(payload);
  if (!shape.success) return { ok: false, error: { code: 'bad-input', message: 'IPC refused: a call must be { method, params }' } };
  const { method, params } = shape.data;
  if (!isAppMethod(method)) return { ok: false, error: { code: 'bad-input', message: `IPC refused: unknown method ${JSON.stringify(method)}` } };
  const parsed = appMethods[method].params.safeParse(params);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    return { ok: false, error: { code: 'bad-input', message: `${method}: invalid parameters${where} (${issue?.message ?? 'invalid'})` } };
  }
  return { ok: true, method, params: parsed.data };
}
