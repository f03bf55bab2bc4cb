import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appMethods } from '../../../electron/contract/app-api';
import { defaultRunForm, parseBatchList, parseThreads, STOPPING_PRESETS, toStartParams } from '../../../renderer/src/view-models/run-form';
import { escapeHtml, reportHtml } from '../../../renderer/src/view-models/report-html';
import { bestUnderSlo } from '../../../renderer/src/view-models/slo';
import { resultRows } from '../../../renderer/src/view-models/table-rows';
import { failed, measured } from './make-points';

test('batch lists: comma lists sorted and deduplicated, power-of-two ranges, errors in words', () => {
  assert.deepEqual(parseBatchList('8, 1,2,2'), [1, 2, 8]);
  assert.deepEqual(parseBatchList('1-16'), [1, 2, 4, 8, 16]);
  assert.match(String(parseBatchList('1,x')), /"x" is not a whole number/);
  assert.match(String(parseBatchList('0')), /"0"/);
  assert.match(String(parseBatchList('')), /at least one/);
  assert.deepEqual(parseThreads(''), [null]);
  assert.deepEqual(parseThreads('1,4'), [1, 4]);
  assert.match(String(parseThreads('0')), /Threads "0"/);
});

test('the form makes startRun parameters the contract accepts, or says what is missing', () => {
  const form = defaultRunForm();
  assert.deepEqual(toStartParams(form, { spec: 'builtin:mlp:tiny', dims: {}, intRanges: {} }), { error: 'Choose at least one execution provider (only the available ones can be picked).' });
  form.providers = ['cpu'];
  form.batchText = '1-4';
  form.sloMsText = '20';
  const out = toStartParams(form, { spec: 'builtin:mlp:tiny', dims: { seq: 16 }, intRanges: { ids: [0, 100] } });
  assert.ok('params' in out);
  assert.equal(out.sloMs, 20);
  assert.deepEqual(out.params.options.batches, [1, 2, 4]);
  assert.deepEqual(appMethods.startRun.params.parse(out.params), out.params);
  for (const rule of Object.values(STOPPING_PRESETS)) assert.ok(rule.minTimeMs < rule.maxTimeMs);
});

test('best under SLO: highest-throughput valid point whose p99 meets it', () => {
  const points = [measured(0, 'fp32', 1, 2), measured(1, 'fp32', 4, 6), measured(2, 'fp32', 16, 20), failed(3, 'fp32', 32, 'oom')];
  assert.equal(bestUnderSlo(points, 10)?.batch, 4);
  assert.equal(bestUnderSlo(points, 100)?.batch, 16);
  assert.equal(bestUnderSlo(points, 1), null);
});

test('HTML report: every row, images inlined, text escaped, no scripts', () => {
  const rows = resultRows([measured(0, 'fp32', 1, 2), failed(1, 'fp32', 2, 'bad <op>')]);
  const html = reportHtml({
    title: 'a <b> run', facts: [['Model', 'x&y']], images: [{ title: 'T', dataUrl: 'data:image/png;base64,AAAA' }, { title: 'evil', dataUrl: 'javascript:alert(1)' }],
    columns: [{ label: 'batch', cell: (r) => String(r.batch) }, { label: 'note', cell: (r) => r.note }], rows, generatedAt: 'now',
  });
  assert.equal(escapeHtml(`<&"'>`), '&lt;&amp;&quot;&#39;&gt;');
  assert.ok(html.includes('<title>a &lt;b&gt; run</title>'));
  assert.ok(html.includes('src="data:image/png;base64,AAAA"'));
  assert.ok(!html.includes('javascript:'));
  assert.ok(!html.includes('<script'));
  assert.equal((html.match(/<tr class="verdict-/g) ?? []).length, 2);
  assert.ok(html.includes('oom: bad &lt;op&gt;'));
});
