/**
 * The Content-Security-Policy of every page the app shows: only its own files run, nothing inline, nothing
 * fetched from elsewhere. Chart.js sets canvas sizes through element.style, which style-src does not govern.
 */
export const CSP_DIRECTIVES: ReadonlyArray<readonly [string, string]> = [
  ['default-src', "'self'"],
  ['script-src', "'self'"],
  ['connect-src', "'self'"],
  ['img-src', "'self' data: blob:"],
  ['style-src', "'self'"],
  ['font-src', "'self'"],
  ['object-src', "'none'"],
  ['base-uri', "'none'"],
  ['form-action', "'none'"],
  ['frame-ancestors', "'none'"],
];

export function contentSecurityPolicy(): string {
  return CSP_DIRECTIVES.map(([name, value]) => `${name} ${value}`).join('; ');
}

type Headers = Record<string, string | string[]>;

/** Response headers with our CSP in place of any the response carried (whatever its header's case). */
export function withCsp(headers: Headers | undefined): Headers {
  const out: Headers = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    if (name.toLowerCase() !== 'content-security-policy') out[name] = value;
  }
  out['Content-Security-Policy'] = [contentSecurityPolicy()];
  return out;
}
