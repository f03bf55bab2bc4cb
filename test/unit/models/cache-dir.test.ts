import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { cacheDir } from '../../../electron/engine/cache-dir';

test('INFERMETER_CACHE_DIR overrides every platform', () => {
  for (const platform of ['linux', 'darwin', 'win32'] as const) {
    assert.equal(cacheDir({ INFERMETER_CACHE_DIR: '/tmp/im-cache', XDG_CACHE_HOME: '/x' }, platform, '/home/u'), path.resolve('/tmp/im-cache'));
  }
});

test('Linux follows XDG, ignoring a relative XDG_CACHE_HOME', () => {
  assert.equal(cacheDir({ XDG_CACHE_HOME: '/var/cache/u' }, 'linux', '/home/u'), '/var/cache/u/infermeter');
  assert.equal(cacheDir({}, 'linux', '/home/u'), '/home/u/.cache/infermeter');
  assert.equal(cacheDir({ XDG_CACHE_HOME: 'relative' }, 'linux', '/home/u'), '/home/u/.cache/infermeter');
});

test('macOS and Windows use their platform cache folders', () => {
  assert.equal(cacheDir({}, 'darwin', '/Users/u'), '/Users/u/Library/Caches/infermeter');
  assert.equal(cacheDir({ LOCALAPPDATA: 'C:\\Users\\u\\AppData\\Local' }, 'win32', 'C:\\Users\\u'), 'C:\\Users\\u\\AppData\\Local\\infermeter\\Cache');
  assert.equal(cacheDir({}, 'win32', 'C:\\Users\\u'), 'C:\\Users\\u\\AppData\\Local\\infermeter\\Cache');
});
