import assert from 'node:assert/strict';
import { test } from 'node:test';
import { contentSecurityPolicy, withCsp } from '../../../electron/main/csp';

function directives(policy: string): Map<string, string> {
  return new Map(policy.split(';').map((part) => {
    const [name = '', ...values] = part.trim().split(/\s+/);
    return [name, values.join(' ')];
  }));
}

test('the policy allows only the app itself: no inline or eval script, no remote fetch', () => {
  const policy = contentSecurityPolicy();
  const d = directives(policy);
  assert.equal(d.get('default-src'), "'self'");
  assert.equal(d.get('script-src'), "'self'");
  assert.equal(d.get('connect-src'), "'self'");
  assert.equal(d.get('img-src'), "'self' data: blob:");
  assert.equal(d.get('style-src'), "'self'");
  assert.equal(d.get('object-src'), "'none'");
  assert.equal(d.get('frame-ancestors'), "'none'");
  assert.doesNotMatch(policy, /unsafe-inline|unsafe-eval|\*|https?:/);
  assert.equal(d.size, policy.split(';').length, 'each directive appears once');
});

test('withCsp replaces a CSP the response carried, whatever its case, and keeps the other headers', () => {
  const out = withCsp({ 'content-security-policy': ["default-src *"], 'Content-Type': ['text/html'] });
  assert.deepEqual(Object.keys(out).sort(), ['Content-Security-Policy', 'Content-Type']);
  assert.deepEqual(out['Content-Security-Policy'], [contentSecurityPolicy()]);
  assert.deepEqual(out['Content-Type'], ['text/html']);
  assert.deepEqual(withCsp(undefined), { 'Content-Security-Policy': [contentSecurityPolicy()] });
});
