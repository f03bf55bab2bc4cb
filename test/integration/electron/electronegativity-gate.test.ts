import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';

// `npm run lint:electron` passes on our build (it runs in `npm run lint`); this checks that the gate can fail: a
// deliberately insecure main process is scanned, and every finding above LOW is printed and fails the script.
const repo = join(__dirname, ...(__filename.endsWith('.ts') ? ['..', '..', '..'] : ['..', '..', '..', '..']));
const script = join(repo, 'scripts', 'electronegativity.js');

test('the Electronegativity gate fails on findings above LOW, naming each, with a SARIF report', () => {
  const root = mkdtempSync(join(tmpdir(), 'infermeter-'));
  const app = join(root, 'insecure-app');
  try {
    const source = `const { app, BrowserWindow } = require('electron');
app.whenReady().then(() => {
  const win = new BrowserWindow({ webPreferences: { contextIsolation: false, sandbox: false, webSecurity: false } });
  win.loadURL('http://example.com/');
});
`;
    mkdirSync(app);
    writeFileSync(join(app, 'main.js'), source);
    const run = spawnSync(process.execPath, [script, app], { encoding: 'utf8', timeout: 60_000 });
    assert.equal(run.status, 1, run.stdout + run.stderr);
    for (const rule of ['CONTEXT_ISOLATION_JS_CHECK', 'SANDBOX_JS_CHECK', 'WEB_SECURITY_JS_CHECK', 'HTTP_RESOURCES_JS_CHECK', 'LIMIT_NAVIGATION_GLOBAL_CHECK', 'PERMISSION_REQUEST_HANDLER_GLOBAL_CHECK', 'CSP_GLOBAL_CHECK']) {
      assert.match(run.stdout, new RegExp(`^(HIGH|MEDIUM)/\\w+ ${rule} .* - FAIL$`, 'm'), rule);
    }
    assert.match(run.stdout, /main\.js:3:\d+/);
    assert.match(run.stdout, /electronegativity: \d+ checks, \d+ finding\(s\), [1-9]\d* above LOW/);
    const sarif = JSON.parse(readFileSync(`${app}.sarif`, 'utf8')) as { version: string; runs: { results: { ruleId: string }[] }[] };
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0]!.results.some((r) => r.ruleId === 'CONTEXT_ISOLATION_JS_CHECK'));
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
