import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { recommendationFileSchema } from '../../electron/contract/recommend';
import { instanceRows } from '../../renderer/src/view-models/recommendation';
import { ARTIFACTS, CHROMIUM, downloadText, missing, shot, startServer, startSweep } from './browser-helpers';

/**
 * The Recommendation view end to end in browser mode: a tiny sweep, then a recommendation computed in the page;
 * its tables are read back against the recommendation the server saved beside the run.
 */
test('browser mode: recommend a batch size and an instance for a tiny run; measured vs projected in the table; exported', { skip: missing ?? false, timeout: 240_000 }, async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'infermeter-'));
  const { url, child } = await startServer(dataDir, { INFERMETER_CACHE_DIR: path.join(dataDir, 'cache') });
  let browser: Browser | null = null;
  try {
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 }, acceptDownloads: true });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(url);
    await page.waitForSelector('text=Execution providers', { timeout: 60_000 });
    await startSweep(page, '1,2,4', 'quick');
    await page.waitForSelector('text=Run complete', { timeout: 180_000 });

    await page.click('button[data-view=recommend]');
    await page.waitForSelector('[data-testid=recommend-form]');
    await page.fill('[data-testid=recommend-slo]', '1000');
    await page.fill('[data-testid=recommend-qps]', '500');
    await page.fill('[data-testid=recommend-headroom]', '30');
    await page.click('[data-testid=recommend-compute]');
    await page.waitForSelector('[data-testid=recommendation-instances] tbody tr', { timeout: 120_000 });
    await page.waitForTimeout(300);
    await shot(page, '7-recommendation');

    const runsDir = path.join(dataDir, 'runs');
    const saved = readdirSync(runsDir).find((f) => f.endsWith('.recommendation.json'));
    assert.ok(saved, `the recommendation is saved beside the run (${readdirSync(runsDir).join(', ')})`);
    const rec = recommendationFileSchema.parse(JSON.parse(readFileSync(path.join(runsDir, saved), 'utf8')));
    assert.equal(rec.sloMs, 1000);
    assert.equal(rec.qps, 500);
    assert.equal(rec.headroom, 0.3);

    const headers = await page.$$eval('[data-testid=recommendation-instances] thead th', (ths) => ths.map((th) => th.textContent ?? ''));
    const [trt, needed, utilisation] = ['TensorRT (projected)', 'instances needed', 'utilisation'].map((h) => headers.indexOf(h));
    const rows = await page.$$eval('[data-testid=recommendation-instances] tbody tr', (trs) => trs.map((tr) => ({ basis: tr.getAttribute('data-basis'), cells: [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '') })));
    assert.equal(rows.length, rec.instances.length);
    const expected = instanceRows(rec);
    rows.forEach((row, i) => {
      const x = rec.instances[i];
      assert.ok(x);
      assert.ok(row.cells[0]?.startsWith(x.instanceId), `${row.cells[0]} is ${x.instanceId}`);
      assert.equal(row.basis, x.basis);
      if (x.basis === 'projected') assert.match(row.cells[2] ?? '', /^PROJECTED/);
      if (x.basis === 'measured') assert.equal(row.cells[2], 'MEASURED');
      if (x.basis === 'none') assert.equal(row.cells[2], x.needsRuntime !== null ? `not ranked: needs ${x.needsRuntime}` : `cannot project: ${x.missing}`);
      assert.equal(row.cells[needed ?? -1], x.instancesNeeded === null ? '—' : String(x.instancesNeeded));
      assert.equal(row.cells[utilisation ?? -1], x.utilisation === null ? '—' : `${Math.round(x.utilisation * 100)}%`);
      // The TensorRT column: the range the CLI prints for a projected CUDA row, "—" and why elsewhere.
      assert.equal(row.cells[trt ?? -1], expected[i]?.tensorRt);
      if (x.runtime === 'onnxruntime CUDA provider' && x.basis === 'projected') assert.match(row.cells[trt ?? -1] ?? '', /^[\d,. k]+–[\d,. kM]+$/);
      if (x.kind === 'cpu') assert.equal(row.cells[trt ?? -1], '— (CPU instance)');
    });
    // Ranked by the cost of serving the target; the rows that have one come first, cheapest first.
    const serving = rec.instances.filter((x) => x.servingCostPer1M !== null && x.meetsSlo === true).map((x) => x.servingCostPer1M as number);
    assert.deepEqual(serving, [...serving].sort((a, b) => a - b));
    // A GPU with no published FP32 peak cannot be projected, and says so instead of guessing; Inferentia has no onnxruntime path.
    assert.ok(rows.some((r) => r.cells[0]?.startsWith('g5.xlarge') && r.cells[2] === 'cannot project: no published fp32 peak for the A10G 24GB'));
    assert.ok(rows.some((r) => r.cells[0]?.startsWith('inf2.xlarge') && /^not ranked: needs AWS Neuron SDK/.test(r.cells[2] ?? '')));
    // The chart: one bar per SLO-meeting priced row, and no "measured" legend entry when nothing is measured.
    const chart = await page.$eval('[data-testid=recommendation-cost-chart]', (c) => ({ bars: Number(c.getAttribute('data-bars')), series: c.getAttribute('data-series') ?? '' }));
    assert.equal(chart.bars, serving.length);
    assert.equal(chart.series.includes('MEASURED'), rec.instances.some((x) => x.basis === 'measured' && x.meetsSlo === true && x.servingCostPer1M !== null));
    assert.match((await page.textContent('[data-testid=recommendation-terms]')) ?? '', /^Knee: .*Saturation: /);
    const batchRows = await page.$$eval('[data-testid=recommendation-batches] tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    assert.equal(batchRows.length, rec.batch.groups.length);
    assert.equal(batchRows[0]?.[7], rec.batch.groups[0]?.explanation);
    assert.equal(await page.textContent('[data-testid=recommendation-explanation]'), rec.explanation);

    // Leaving the tab and coming back shows the result with the form that produced it.
    await page.click('button[data-view=results]');
    await page.click('button[data-view=recommend]');
    await page.waitForSelector('[data-testid=recommendation-instances] tbody tr', { timeout: 30_000 });
    assert.deepEqual(
      await Promise.all(['slo', 'qps', 'headroom'].map((f) => page.inputValue(`[data-testid=recommend-${f}]`))),
      ['1000', '500', '30'],
    );
    assert.equal(await page.textContent('[data-testid=recommendation-explanation]'), rec.explanation);

    const csv = await downloadText(page, () => page.click('button:has-text("Recommendation CSV")'));
    assert.equal(csv.split('\n').filter((l) => l !== '').length, rec.instances.length + 1);
    // The run's HTML report carries the section once a recommendation is computed.
    await page.click('button[data-view=results]');
    const report = await downloadText(page, () => page.click('.export-bar button:has-text("HTML report")'));
    assert.ok(report.includes('<h2>Recommendation</h2>'));
    assert.deepEqual(pageErrors, []);
  } finally {
    await browser?.close();
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  }
});
