import { readFile } from 'node:fs/promises';
import { protocol, session } from 'electron';
import { contentSecurityPolicy, withCsp } from './csp';
import { APP_SCHEME } from './ipc-guard';
import { mimeTypeFor, resolveAppPath } from './protocol-path';

/**
 * Must run before the app is ready: app:// behaves like https (relative URLs, fetch, storage, module scripts with
 * `crossorigin`, as Vite emits them), minus the network.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true } }]);
}

/** Every app:// response carries the CSP, refusals included. */
function refusal(status: 404 | 405, text: string): Response {
  return new Response(text, { status, headers: { 'Content-Type': 'text/plain', 'Content-Security-Policy': contentSecurityPolicy(), 'X-Content-Type-Options': 'nosniff' } });
}

/** Serves the built renderer from `root` over app://, never a file outside it. */
export function serveRenderer(root: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return refusal(405, 'method not allowed');
    const file = resolveAppPath(root, request.url);
    if (file === null) return refusal(404, 'not found');
    try {
      const body = await readFile(file);
      return new Response(new Uint8Array(body), {
        headers: {
          'Content-Type': mimeTypeFor(file),
          'Content-Security-Policy': contentSecurityPolicy(),
          'X-Content-Type-Options': 'nosniff',
          'Cache-Control': 'no-store',
        },
      });
    } catch {
      return refusal(404, 'not found');
    }
  });
}

/** The CSP on every response the default session sees too, and no permission (camera, notifications…) granted. */
export function lockDownSession(): void {
  const defaultSession = session.defaultSession;
  defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: withCsp(details.responseHeaders) });
  });
  defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  defaultSession.setPermissionCheckHandler(() => false);
}
