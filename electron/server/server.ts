import { mkdirSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { cacheDir } from '../engine/cache-dir';
import type { AppService } from '../host/app-service';
import { AllowedDirs } from './allowed-dirs';
import { CallPolicy } from './call-policy';
import { TokenBucket } from './rate-limit';
import { RequestGuard, newToken, TOKEN_COOKIE } from './request-guard';
import { sendStatic } from './static-files';
import { serveConnection } from './ws-endpoint';

export interface ServerOptions {
  host?: string;
  port?: number;
  /** The secret every request must carry (default: 24 random bytes, base64url). */
  token?: string;
  /** The built renderer (dist/renderer). */
  staticDir: string;
  service: AppService;
  /**
   * The folders whose files clients may name (models, conversion outputs, calibration folders). Default: the
   * current directory and the built-in models' cache (see defaultAllowedDirs).
   */
  allowedDirs?: readonly string[];
  /** Run starts allowed per minute on this server, all clients together (default 10). */
  runStartsPerMinute?: number;
  /** WebSocket connections open at once (default 8); more are refused with 503. */
  maxConnections?: number;
  /** The largest WebSocket message accepted (default: room for the largest import); a larger one closes the connection (1009). */
  maxMessageBytes?: number;
}

/**
 * Where clients may read and write files unless told otherwise: the current directory and the built-in models'
 * cache (created here if missing, as building a built-in model would).
 */
export function defaultAllowedDirs(cwd: string = process.cwd()): string[] {
  const cache = cacheDir();
  mkdirSync(cache, { recursive: true });
  return [cwd, cache];
}

export interface RunningServer {
  /** The page to open, token included. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** Imports are capped at 50 MB of text; a message carrying one is a little larger once JSON-escaped. */
export const MAX_MESSAGE_BYTES = 80 * 1024 * 1024;
export const DEFAULT_RUN_STARTS_PER_MINUTE = 10;
export const DEFAULT_MAX_CONNECTIONS = 8;

const SECURITY_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
  'Content-Security-Policy': "default-src 'self'; connect-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-ancestors 'none'",
};

function refuse(res: ServerResponse, status: number, text: string): void {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS });
  res.end(`${text}\n`);
}

function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * Browser mode: the built UI over HTTP and the contract over a WebSocket at /ws, both behind the guard (Host,
 * Origin, token). The first page load sets the token as a strict same-site cookie, so the UI's assets and the
 * WebSocket work without the token in their URLs (the URL's ?token= is accepted everywhere too).
 */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const { host = '127.0.0.1', port = 0, token = newToken(), staticDir, service } = options;
  const maxConnections = options.maxConnections ?? DEFAULT_MAX_CONNECTIONS;
  const policy = new CallPolicy(new AllowedDirs(options.allowedDirs ?? defaultAllowedDirs()), new TokenBucket(options.runStartsPerMinute ?? DEFAULT_RUN_STARTS_PER_MINUTE, 60_000));
  const wss = new WebSocketServer({ noServer: true, maxPayload: options.maxMessageBytes ?? MAX_MESSAGE_BYTES });
  wss.on('connection', (socket) => serveConnection(socket, service, policy));
  let connections = 0;
  let guard: RequestGuard | null = null;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const why = guard ? guard.refusal(req) : 'the server is starting';
    if (why !== null) return refuse(res, 403, `403 Forbidden: ${why}`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return refuse(res, 405, '405 Method Not Allowed');
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) res.setHeader(name, value);
    res.setHeader('Set-Cookie', `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`);
    if (!sendStatic(staticDir, path, res, req.method === 'HEAD')) refuse(res, 404, '404 Not Found');
  });

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path !== '/ws') return refuseUpgrade(socket, '404 Not Found');
    if (!guard || guard.refusal(req) !== null) return refuseUpgrade(socket, '403 Forbidden');
    if (connections >= maxConnections) return refuseUpgrade(socket, '503 Service Unavailable');
    connections += 1;
    socket.once('close', () => (connections -= 1));
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = (server.address() as AddressInfo).port;
  guard = new RequestGuard(token, host, bound);
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shown}:${bound}/?token=${token}`,
    port: bound,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
