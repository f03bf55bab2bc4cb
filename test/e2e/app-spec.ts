import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { RunRecord } from '../../electron/contract/run';
import { runToCsv } from '../../electron/engine/results/run-csv';
import { startSweep } from './browser-helpers';
import { modelFacts, oneHistory, remeasureUnstable, resultsAtAGlance, typedInputIsNeverDropped, viewsAtSizes } from './glance-spec';
import type { Session } from './targets';

/**
 * The end-to-end spec, one body for every target (targets.ts): a tiny sweep, the progress bar, table and chart data
 * against the run's JSON, CSV export against the CLI's CSV, cancel keeping finished points, import and compare, the
 * run settings surviving a reload. Screenshots of every view land in `artifacts`.
 */

async function shot(page: Page, artifacts: string, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

async function tableRows(page: Page): Promise<string[][]> {
  return page.$$eval('[data-testid=results-table] tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
}

/** Table rows (plan order) as [#, provider, PRECISION, batch, verdict]: the same facts the run JSON holds. */
function expectedRows(record: RunRecord): string[][] {
  return [...record.points].sort((a, b) => a.index - b.index).map((p) => [String(p.index + 1), p.provider, p.precision.toUpperCase(), String(p.batch), p.verdict]);
}

type ProbedSeries = { runId: string | null; points: Array<{ x: number; y: number; batch: number; index: number }> };

/** What the page's charts draw (renderer/src/test-hook.ts), by metric. */
function chartSeries(page: Page, metric: string): Promise<ProbedSeries[]> {
  return page.evaluate<ProbedSeries[]>(`window.__infermeterCharts ? window.__infermeterCharts.series(${JSON.stringify(metric)}) : []`);
}

export async function appSpec(session: Session, dataDir: string, artifacts: string): Promise<void> {
  mkdirSync(artifacts, { recursive: true });
  const { page } = session;
  const pageErrors: string[] = [];
  page.on('pageerror', (e) => pageErrors.push(e.message));
  await page.waitForSelector('text=Execution providers', { timeout: 60_000 });
  await shot(page, artifacts, '1-machine');
  // What a newcomer sees before the first run: empty states that say what to do (one in the dark theme).
  await page.click('button[data-view=results]');
  await page.waitForSelector('text=No results yet');
  await shot(page, artifacts, '0-results-empty');
  await page.click('button[data-view=history]');
  await page.waitForSelector('text=No runs yet');
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(300);
  await shot(page, artifacts, '0-history-empty-dark');
  await page.emulateMedia({ colorScheme: 'light' });

  await page.click('button[data-view=model]');
  await page.fill('input[aria-label="Model path"]', 'builtin:mlp:tiny');
  await page.click('button:has-text("Inspect")');
  await page.waitForSelector('text=FLOPs per sample', { timeout: 60_000 });
  await shot(page, artifacts, '2-model');

  await startSweep(page, '1,2,4', 'quick');
  await shot(page, artifacts, '3-run-started');
  const seen = new Set<number>();
  for (let i = 0; i < 1200 && !(await page.isVisible('text=Run complete')); i++) {
    seen.add(await page.$eval('[data-testid=progress]', (el) => (el as unknown as { value: number }).value));
    await page.waitForTimeout(100);
  }
  await page.waitForSelector('text=Run complete', { timeout: 5000 });
  assert.ok([...seen].some((v) => v > 0 && v < 1), `the progress bar moved through intermediate values (saw ${[...seen].join(', ')})`);
  await page.waitForTimeout(400);
  await shot(page, artifacts, '4-results');
  // The same page in the dark theme (the app follows the OS; the view re-renders on the change).
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForTimeout(600);
  await shot(page, artifacts, '4-results-dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForSelector('[data-testid=results-table] tbody tr');
  await page.waitForTimeout(300);

  const json = await session.savedText(() => page.click('.export-bar button:has-text("JSON")'));
  const record = JSON.parse(json) as RunRecord;
  assert.equal(record.points.length, 3);
  assert.deepEqual((await tableRows(page)).map((r) => r.slice(0, 4).concat(r[5] ?? '')), expectedRows(record));
  const series = await chartSeries(page, 'throughput');
  const charted = series.flatMap((s) => s.points.map((p) => [p.index, p.x, p.y]));
  const measured = record.points.flatMap((p) => (p.verdict === 'failed' ? [] : [[p.index, p.batch, p.stats.throughput]]));
  assert.deepEqual(charted.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)), measured.sort((a, b) => (a[0] ?? 0) - (b[0] ?? 0)));

  const csv = await session.savedText(() => page.click('.export-bar button:has-text("CSV")'));
  assert.equal(csv, runToCsv(record));
  const report = await session.savedText(() => page.click('.export-bar button:has-text("HTML report")'));
  assert.ok((report.match(/<img alt="[^"]*" src="data:image\/png;base64,/g) ?? []).length >= 4, 'the report inlines the charts as PNG data URLs');
  assert.equal((report.match(/<tr class="verdict-/g) ?? []).length, record.points.length);
  assert.ok(!report.includes('<script'));
  const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.click('.chart-panel button:has-text("PNG")')]);
  const png = readFileSync(await pngDownload.path());
  assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG');
  const fp32Color = await resultsAtAGlance(session, record, artifacts);
  await modelFacts(page, record, artifacts);
  await typedInputIsNeverDropped(page, artifacts);
  await remeasureUnstable(session);

  await startSweep(page, '1,2,4,8,16,32,64,128,256', 'standard');
  await page.waitForSelector('[data-testid=results-table] tbody tr', { timeout: 60_000 });
  await page.click('.progress-row button:has-text("Cancel")');
  await page.waitForSelector('text=Run cancelled', { timeout: 60_000 });
  await page.waitForTimeout(400);
  await shot(page, artifacts, '5-cancelled');
  const cancelled = JSON.parse(await session.savedText(() => page.click('.export-bar button:has-text("JSON")'))) as RunRecord;
  assert.equal(cancelled.status, 'cancelled');
  assert.ok(cancelled.points.length >= 1 && cancelled.points.length < cancelled.plan.length, `kept ${cancelled.points.length} of ${cancelled.plan.length} points`);
  assert.deepEqual((await tableRows(page)).map((r) => r.slice(0, 4).concat(r[5] ?? '')), expectedRows(cancelled));

  await page.click('button[data-view=history]');
  await page.waitForSelector('.history-table');
  const csvPath = path.join(dataDir, `${record.id}.csv`);
  writeFileSync(csvPath, csv);
  await session.importRunFile(csvPath);
  await page.waitForSelector('text=Imported', { timeout: 30_000 });
  await page.check(`input[aria-label="select run ${record.id}"]`);
  await page.click('button:has-text("Compare 2 runs")');
  await page.waitForSelector('[data-testid=comparison]', { timeout: 30_000 });
  await page.waitForTimeout(400);
  await shot(page, artifacts, '6-history-compare');
  const overlaid = await chartSeries(page, 'throughput');
  assert.equal(new Set(overlaid.map((s) => s.runId)).size, 2);
  const ratios = await page.$$eval('[data-testid=comparison] table tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent ?? '')));
  assert.equal(ratios.length, 3);
  for (const r of ratios) assert.equal(r[4], '1.00×', `an imported copy of the run compares at 1.00×: ${r.join(' | ')}`);
  await oneHistory(session, dataDir, record, csvPath, artifacts, fp32Color);
  await convertInModelView(page, artifacts);
  await concurrencyScenario(session, artifacts);
  await settingsSurviveReload(page, artifacts);
  mkdirSync(path.join(artifacts, 'views'), { recursive: true });
  await viewsAtSizes(page, artifacts, record.id);
  assert.deepEqual(pageErrors, []);
}

/** The run form and the model choice (with its input settings) come back after a reload. */
async function settingsSurviveReload(page: Page, artifacts: string): Promise<void> {
  await page.click('button[data-view=model]');
  await page.fill('input[aria-label="Model path"]', 'builtin:bert-base:tiny');
  await page.click('button:has-text("Inspect")');
  await page.waitForSelector('input[aria-label="input_ids max (excluded)"]', { timeout: 120_000 });
  await page.fill('input[aria-label="input_ids max (excluded)"]', '1000');
  await page.press('input[aria-label="input_ids max (excluded)"]', 'Tab');
  await shot(page, artifacts, '9-model-inputs');
  await page.click('button[data-view=run]');
  await page.fill('input[aria-label="Batch sizes"]', '1,2,8');
  await page.fill('input[aria-label="Intra-op threads"]', '1');
  await page.fill('input[aria-label="Latency SLO (p99, ms)"]', '15');
  await page.check('label.check:has-text("INT8") input');
  await page.check('label.check:has-text("thorough") input');

  await page.reload();
  await page.click('button[data-view=run]');
  await page.waitForSelector('label.check:has-text("cpu") input:checked', { timeout: 60_000 });
  await shot(page, artifacts, '10-run-restored');
  assert.equal(await page.inputValue('input[aria-label="Batch sizes"]'), '1,2,8');
  assert.equal(await page.inputValue('input[aria-label="Intra-op threads"]'), '1');
  assert.equal(await page.inputValue('input[aria-label="Latency SLO (p99, ms)"]'), '15');
  assert.ok(await page.isChecked('label.check:has-text("INT8") input'));
  assert.ok(await page.isChecked('label.check:has-text("FP32") input'));
  assert.ok(await page.isChecked('label.check:has-text("thorough") input'));
  assert.ok(await page.isChecked('input[name=scenario][value=concurrency]'), 'the scenario chosen last is chosen again');
  assert.equal(await page.textContent('p:has-text("Model:") code'), 'builtin:bert-base:tiny');
  await page.click('button[data-view=model]');
  await page.waitForSelector('input[aria-label="input_ids max (excluded)"]', { timeout: 120_000 });
  assert.equal(await page.inputValue('input[aria-label="input_ids max (excluded)"]'), '1000');
}

/** A concurrency scenario run: its card's table holds the levels of the run's JSON. */
async function concurrencyScenario(session: Session, artifacts: string): Promise<void> {
  const { page } = session;
  await page.click('button[data-view=run]');
  await page.check('input[name=scenario][value=concurrency]');
  await page.fill('input[aria-label="Requests in flight"]', '1,2');
  await page.fill('input[aria-label="Time per level (ms)"]', '200');
  await page.click('[data-testid=start]');
  await page.waitForSelector('.progress-text:has-text("scenario results")', { timeout: 120_000 });
  await page.waitForSelector('[data-testid=scenario] table tbody tr');
  await page.waitForTimeout(400);
  await shot(page, artifacts, '8-scenario');
  const record = JSON.parse(await session.savedText(() => page.click('.export-bar button:has-text("JSON")'))) as RunRecord;
  assert.equal(record.scenarios.length, 1);
  const result = record.scenarios[0];
  assert.ok(result?.kind === 'concurrency' && result.error === null, `the scenario ran: ${JSON.stringify(result?.error)}`);
  const shown = await page.$$eval('[data-testid=scenario] table tbody tr', (rows) => rows.map((r) => [...r.querySelectorAll('td')].slice(1, 3).map((td) => td.textContent ?? '')));
  const expected = [...result.levels].sort((a, b) => a.mode.localeCompare(b.mode) || a.inFlight - b.inFlight).map((l) => [String(l.inFlight), String(l.requests)]);
  assert.deepEqual(shown, expected);
  assert.equal(expected.length, 4, 'two levels in each of the two modes');
}

/**
 * The model view's convert panel writes an FP16 model (to its default place, beside the source model in the model
 * cache, where a server limiting writes to known folders allows it) and shows its accuracy against FP32.
 */
async function convertInModelView(page: Page, artifacts: string): Promise<void> {
  await page.click('button[data-view=model]');
  await page.waitForSelector('input[aria-label="Converted model path"]', { timeout: 60_000 });
  await page.check('input[name=convert-target][value=fp16]');
  const out = await page.inputValue('input[aria-label="Converted model path"]');
  assert.match(out, /mlp-tiny[^/\\]*\.fp16\.onnx$/, 'the default output sits beside the source model, named for the target');
  rmSync(out, { force: true });
  await page.click('button:has-text("Convert and check accuracy")');
  await page.waitForSelector('[data-testid=conversion] h3:has-text("Converted to FP16")', { timeout: 120_000 });
  await page.locator('[data-testid=conversion]').scrollIntoViewIfNeeded();
  await shot(page, artifacts, '7-convert');
  try {
    assert.ok(existsSync(out) && statSync(out).size > 0, `the converted model was written to ${out}`);
    const text = (await page.textContent('[data-testid=conversion]')) ?? '';
    assert.match(text, /Nodes converted\s*\d+ of \d+/);
    const cosine = Number(/cosine ([\d.]+)/.exec(text)?.[1]);
    assert.ok(cosine >= 0.999, `an FP16 copy of the tiny MLP stays close to FP32 (cosine ${cosine})`);
  } finally {
    rmSync(out, { force: true });
  }
}
