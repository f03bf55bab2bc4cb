import assert from 'node:assert/strict';
import { join, resolve, sep } from 'node:path';
import { test } from 'node:test';
import { mimeTypeFor, resolveAppPath } from '../../../electron/main/protocol-path';

const root = resolve('/srv/app/dist/renderer');

test('app:// URLs map to files under the renderer folder; / is the index page', () => {
  assert.equal(resolveAppPath(root, 'app://infermeter/'), join(root, 'index.html'));
  assert.equal(resolveAppPath(root, 'app://infermeter/index.html'), join(root, 'index.html'));
  assert.equal(resolveAppPath(root, 'app://infermeter/assets/index-abc.js?v=1#x'), join(root, 'assets', 'index-abc.js'));
  assert.equal(resolveAppPath(root, 'app://infermeter/a%20b.png'), join(root, 'a b.png'));
});

test('encoded traversal, backslashes and NUL are refused outright', () => {
  for (const url of ['app://infermeter/assets/..%2f..%2f..%2fsecret', 'app://infermeter/..%5c..%5cwindows', 'app://infermeter/index.html%00.png', 'app://infermeter/%E0%A4%A']) {
    assert.equal(resolveAppPath(root, url), null, url);
  }
  assert.equal(resolveAppPath(root, 'app://infermeter/../../etc/passwd'), join(root, 'etc', 'passwd'), 'the parser folds plain dot segments at the root');
});

test('nothing outside the folder, nor from another host or scheme, is served', () => {
  for (const url of [
    'app://infermeter/../../etc/passwd',
    'app://infermeter/%2e%2e/%2e%2e/etc/passwd',
    'app://infermeter/assets/%2e%2e%2f%2e%2e%2f..%2fsecret',
    'app://infermeter/..%5c..%5cwindows',
    'app://infermeter/%2fetc%2fpasswd',
    'app://infermeter/index.html%00.png',
    'app://infermeter/%E0%A4%A',
    'app://other/index.html',
    'file:///srv/app/dist/renderer/index.html',
    'garbage',
  ]) {
    const file = resolveAppPath(root, url);
    // Dot segments the URL parser resolves stay inside the folder; the rest are refused.
    assert.ok(file === null || file.startsWith(root + sep), `${url} → ${file}`);
    if (!url.startsWith('app://infermeter/')) assert.equal(file, null, url);
  }
});

test('content types follow the extension; unknown ones are opaque bytes', () => {
  assert.equal(mimeTypeFor('/x/index.html'), 'text/html; charset=utf-8');
  assert.equal(mimeTypeFor('/x/a.JS'), 'text/javascript; charset=utf-8');
  assert.equal(mimeTypeFor('/x/a.css'), 'text/css; charset=utf-8');
  assert.equal(mimeTypeFor('/x/model.onnx'), 'application/octet-stream');
});
