import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isAppUrl, validateCall } from '../../../electron/main/ipc-guard';

const APP = 'app://infermeter/index.html';

test('only pages of the app may call: other schemes, hosts and look-alikes are refused', () => {
  assert.equal(isAppUrl(APP), true);
  assert.equal(isAppUrl('app://infermeter/'), true);
  for (const url of [
    undefined,
    '',
    'https://evil.example/',
    'file:///work/main/dist/renderer/index.html',
    'app://other/index.html',
    'app://infermeter.evil.example/index.html',
    'app://infermeter:8080/index.html',
    'http://infermeter/index.html',
    'devtools://devtools/bundled/inspector.html',
    'not a url',
  ]) {
    assert.equal(isAppUrl(url), false, String(url));
    const check = validateCall(url, { method: 'listRuns', params: {} });
    assert.equal(check.ok, false, String(url));
    if (!check.ok) assert.match(check.error.message, /sender .* is not a page of the app/);
  }
});

test('a call from the app on the contract passes, with its params as parsed', () => {
  const check = validateCall(APP, { method: 'exportRun', params: { runId: 'r1', format: 'csv', extra: 'dropped' } });
  assert.deepEqual(check, { ok: true, method: 'exportRun', params: { runId: 'r1', format: 'csv' } });
});

test('off-contract payloads are refused with a reason', () => {
  const cases: Array<[unknown, RegExp]> = [
    [null, /must be \{ method, params \}/],
    ['listRuns', /must be \{ method, params \}/],
    [{ method: 42, params: {} }, /must be \{ method, params \}/],
    [{ method: 'deleteEverything', params: {} }, /unknown method "deleteEverything"/],
    [{ method: 'toString', params: {} }, /unknown method "toString"/],
    [{ method: '__proto__', params: {} }, /unknown method "__proto__"/],
    [{ method: 'exportRun', params: { runId: 'r1', format: 'xlsx' } }, /exportRun: invalid parameters at format/],
    [{ method: 'getRun', params: {} }, /getRun: invalid parameters at runId/],
    [{ method: 'detectHardware', params: { probeProviders: 'yes' } }, /detectHardware: invalid parameters at probeProviders/],
    [{ method: 'listRuns' }, /must be \{ method, params \}/],
    [{ method: 'listRuns', params: null }, /listRuns: invalid parameters/],
  ];
  for (const [payload, reason] of cases) {
    const check = validateCall(APP, payload);
    assert.equal(check.ok, false, JSON.stringify(payload));
    if (!check.ok) {
      assert.equal(check.error.code, 'bad-input');
      assert.match(check.error.message, reason);
    }
  }
});
