import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { networkInterfaces } from 'node:os';

export const TOKEN_COOKIE = 'infermeter_token';

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

export function isLoopback(host: string): boolean {
  return host === '127.0.0.1' || host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

function sameSecret(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request carries: `?token=` in the URL, else the cookie set by the first page load. */
export function requestToken(req: IncomingMessage): string | null {
  const url = new URL(req.url ?? '/', 'http://x');
  const fromQuery = url.searchParams.get('token');
  if (fromQuery !== null) return fromQuery;
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return value.join('=');
  }
  return null;
}

/**
 * Who may talk to the server: a request naming this server in its Host header (so a DNS-rebinding page, whose
 * Host is its own domain, is refused), from a page of this server when the browser says where it came from
 * (Origin), carrying the token.
 */
export class RequestGuard {
  private readonly hosts: Set<string>;

  constructor(
    readonly token: string,
    bindHost: string,
    port: number,
  ) {
    const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
    // Bound to every interface: the machine's own addresses are its names (a rebinding domain still is not).
    const addresses = bindHost === '0.0.0.0' || bindHost === '::' ? Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address)) : [bindHost];
    for (const address of addresses) names.add(address.includes(':') ? `[${address}]` : address);
    this.hosts = new Set([...names].map((n) => `${n}:${port}`.toLowerCase()));
  }

  /** Why the request is refused, or null when it may go on. */
  refusal(req: IncomingMessage): string | null {
    const host = (req.headers.host ?? '').toLowerCase();
    if (!this.hosts.has(host)) return `Host '${host}' is not this server`;
    const origin = req.headers.origin;
    if (origin !== undefined && origin !== 'null' && !this.hosts.has(originHost(origin))) return `Origin '${origin}' is not this server`;
    if (origin === 'null') return 'Origin null is not this server';
    const given = requestToken(req);
    if (given === null || !sameSecret(given, this.token)) return 'missing or wrong token: open the URL infermeter serve printed';
    return null;
  }
}

function originHost(origin: string): string {
  try {
    const url = new URL(origin);
    return url.protocol === 'http:' ? url.host.toLowerCase() : '';
  } catch {
    return '';
  }
}
