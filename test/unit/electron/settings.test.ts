import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DEFAULT_SETTINGS, loadSettings, saveSettings, SETTINGS_FILE, type Settings } from '../../../electron/main/settings';

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'infermeter-'));
}

test('no settings file yet: the defaults, and nothing to report', () => {
  const { settings, problem } = loadSettings(tempDir());
  assert.deepEqual(settings, DEFAULT_SETTINGS);
  assert.equal(problem, null);
});

test('a file that is not JSON gives the defaults and names the file', () => {
  const dir = tempDir();
  writeFileSync(join(dir, SETTINGS_FILE), '{"version": 1, "window": ');
  const { settings, problem } = loadSettings(dir);
  assert.deepEqual(settings, DEFAULT_SETTINGS);
  assert.match(problem ?? '', /settings\.json: not JSON/);
});

test('off-schema values (a 10-pixel window, a wrong version, a string zoom) give the defaults and say which field', () => {
  const dir = tempDir();
  const cases: Array<[unknown, RegExp]> = [
    [{ ...DEFAULT_SETTINGS, window: { width: 10, height: 800, maximized: false } }, /window\.width/],
    [{ ...DEFAULT_SETTINGS, version: 2 }, /version/],
    [{ ...DEFAULT_SETTINGS, zoomFactor: 'big' }, /zoomFactor/],
    [[], /file|version/],
  ];
  for (const [content, field] of cases) {
    writeFileSync(join(dir, SETTINGS_FILE), JSON.stringify(content));
    const { settings, problem } = loadSettings(dir);
    assert.deepEqual(settings, DEFAULT_SETTINGS);
    assert.match(problem ?? '', field);
  }
});

test('saved settings load back equal, and the write leaves no temp file behind', () => {
  const dir = join(tempDir(), 'nested', 'userData');
  const saved: Settings = {
    version: 1,
    window: { x: -1200, y: 40, width: 1024, height: 700, maximized: true },
    lastModelDir: '/home/someone/models',
    zoomFactor: 1.25,
  };
  saveSettings(dir, saved);
  assert.deepEqual(readdirSync(dir), [SETTINGS_FILE]);
  assert.deepEqual(loadSettings(dir), { settings: saved, problem: null });
  assert.equal(JSON.parse(readFileSync(join(dir, SETTINGS_FILE), 'utf8')).window.x, -1200);
});

test('saving refuses settings that would not load back', () => {
  const dir = tempDir();
  assert.throws(() => saveSettings(dir, { ...DEFAULT_SETTINGS, zoomFactor: 50 }));
  assert.deepEqual(readdirSync(dir), []);
});

test('the defaults are a fresh copy each time: changing one load does not change the next', () => {
  const dir = tempDir();
  const first = loadSettings(dir).settings;
  first.window.width = 2000;
  assert.equal(loadSettings(dir).settings.window.width, DEFAULT_SETTINGS.window.width);
  assert.notEqual(DEFAULT_SETTINGS.window.width, 2000);
});
