import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { RunRecord } from '../../electron/contract/run';
import { runHeadline } from '../../common/headline';
import { ROOT } from './browser-helpers';
import type { Session } from './targets';

/**
 * Issue 18's points end to end (called from app-spec.ts on every target): the headline answer, charts that show
 * every point with told-apart lines and stable colours, PNGs named after the run, the report opening with the
 * answer, a reload reopening the run from its URL, invalid input blocking the run, a CLI run in the app's History,
 * duplicate imports and different models flagged, a stale comparison cleared, the theme toggle.
 */

type Drawn = { xMax: number | null; datasets: Array<{ label: string; color: string; pointStyle: string; dashed: boolean }> };

export function drawn(page: Page, chart: 'throughput' | 'latency' | 'tradeoff'): Promise<Drawn> {
  return page.evaluate<Drawn>(`window.__infermeterCharts ? window.__infermeterCharts.drawn(${JSON.stringify(chart)}) : { xMax: null, datasets: [] }`);
}

async function shot(page: Page, artifacts: string, name: string): Promise<void> {
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

/** Each view at 1440×900 and 1024×700, light and dark (the theme toggle), for the note's list of what was looked at. */
export async function screenshotsAtSizes(page: Page, artifacts: string, prefix: string): Promise<void> {
  const before = page.viewportSize();
  for (const size of [{ width: 1440, height: 900 }, { width: 1024, height: 700 }]) {
    await page.setViewportSize(size);
    for (const theme of ['light', 'dark'] as const) {
      await page.selectOption('select[aria-label=Theme]', theme);
      // The view re-renders on a theme change and builds its charts one per frame: let a loaded machine finish.
      await page.waitForTimeout(1200);
      await page.screenshot({ path: path.join(artifacts, `${prefix}-${size.width}-${theme}.png`), fullPage: false });
    }
  }
  await page.selectOption('select[aria-label=Theme]', 'auto');
  if (before) await page.setViewportSize(before);
}

/** The Results view of a finished sweep: its headline, its charts, its PNG names and its report. */
export async function resultsAtAGlance(session: Session, record: RunRecord, artifacts: string): Promise<string> {
  const { page } = session;
  const expected = runHeadline({ points: record.points, variants: record.variants, sloMs: null, running: false });
  assert.equal(await page.textContent('[data-testid=headline] .headline-text'), expected.text, 'the headline is the run JSON\'s answer');
  assert.match(expected.text, /^Best throughput: FP32 · cpu, batch \d+ — .* samples\/s, p99 .*Verdict: (valid|unstable)/);

  // The trade-off chart's x axis holds every point (it stopped at the last batch's throughput).
  const tradeoff = await drawn(page, 'tradeoff');
  const most = Math.max(...record.points.flatMap((p) => (p.verdict === 'failed' ? [] : [p.stats.throughput])));
  assert.ok(tradeoff.xMax !== null && tradeoff.xMax >= most, `x axis up to ${tradeoff.xMax}, highest throughput ${most}`);
  // p50 and p99 of one series are told apart in the legend (marker, dash, stroke).
  const latency = await drawn(page, 'latency');
  const p50 = latency.datasets.find((d) => d.label.endsWith(' p50'));
  const p99 = latency.datasets.find((d) => d.label.endsWith(' p99'));
  assert.ok(p50 && p99 && p50.pointStyle !== p99.pointStyle && p99.dashed && !p50.dashed && p50.color !== p99.color, JSON.stringify(latency.datasets));

  const [png] = await Promise.all([page.waitForEvent('download'), page.click('.chart-panel[data-chart=throughput] button:has-text("PNG")')]);
  assert.equal(png.suggestedFilename(), `${record.id.toLowerCase()}.throughput.png`, 'a PNG is named after its run and chart');

  const report = await session.savedText(() => page.click('.export-bar button:has-text("HTML report")'));
  const opening = /<p class="headline[^"]*" data-headline>([^<]*)<\/p>/.exec(report)?.[1] ?? '';
  assert.equal(opening.replace(/&amp;/g, '&'), expected.text, 'the report opens with the same answer');
  assert.ok(report.indexOf('data-headline') < report.indexOf('<h2>'), 'the answer comes before every section');
  assert.match(report, /<dt>Latency SLO<\/dt>/);
  assert.ok(!/click another point/.test(report), 'no on-screen hint in the report');
  const captions = [...report.matchAll(/<img alt="([^"]*)"[^>]*>(?:<figcaption>([^<]*)<\/figcaption>)?/g)];
  assert.ok(captions.length >= 4 && captions.every((c) => c[2] && c[2] !== c[1]), 'every chart has a caption that is not its title');

  // A reload reopens the run from its URL.
  assert.equal(new URL(page.url()).hash, `#/results/${record.id}`);
  const notFound: string[] = [];
  page.on('response', (r) => void (r.status() === 404 && notFound.push(r.url())));
  await page.reload();
  await page.waitForSelector(`.run-header h2:has-text("${record.id}")`, { timeout: 60_000 });
  assert.deepEqual(notFound, [], 'nothing the page loads is missing (there was a favicon 404)');
  await page.waitForSelector('[data-testid=results-table] tbody tr');
  assert.equal(await page.textContent('[data-testid=headline] .headline-text'), expected.text, 'the reopened run gives the same answer');
  await shot(page, artifacts, '4-results-reopened');
  return (await drawn(page, 'throughput')).datasets[0]?.color ?? '';
}

/** An invalid shape override blocks Next and Start; a bad batch list names every bad entry beside its field. */
export async function typedInputIsNeverDropped(page: Page, artifacts: string): Promise<void> {
  await page.click('button[data-view=model]');
  await page.fill('input[aria-label="Model path"]', 'builtin:mlp:tiny');
  await page.click('button:has-text("Inspect")');
  const shape = page.locator('input[aria-label$=" shape"]').first();
  await shape.waitFor({ timeout: 60_000 });
  await shape.fill('[abc, -3, 2x2]');
  assert.equal(await shape.getAttribute('aria-invalid'), 'true');
  const problem = (await page.textContent('.field-problem')) ?? '';
  assert.ok(problem.includes('"abc"') && problem.includes('"-3"'), problem);
  await page.click('button:has-text("Next: set up the run")');
  await page.waitForSelector('text=Fix the shape override');
  await shot(page, artifacts, '11-shape-blocked');
  assert.ok(await page.isVisible('h1:has-text("Model")'), 'Next stays on the Model tab');
  await page.click('button[data-view=run]');
  const before = page.url();
  await page.click('[data-testid=start]');
  await page.waitForSelector('.error:has-text("Fix the shape override")');
  assert.ok(await page.isVisible('h1:has-text("Run")') && page.url() === before, 'Start did not start a run');

  await page.click('button[data-view=model]');
  await page.locator('input[aria-label$=" shape"]').first().fill('');
  await page.click('button[data-view=run]');
  await page.fill('input[aria-label="Batch sizes"]', '0,abc,4');
  assert.equal(await page.getAttribute('input[aria-label="Batch sizes"]', 'aria-invalid'), 'true');
  const batch = (await page.textContent('[data-testid=batch-problem]')) ?? '';
  assert.ok(batch.includes('"0"') && batch.includes('"abc"') && !batch.includes('"4"'), batch);
  await page.click('[data-testid=start]');
  await page.waitForSelector('.error:has-text("abc")');
  assert.ok(await page.isVisible('h1:has-text("Run")'), 'a bad batch list starts nothing');
  await shot(page, artifacts, '12-batch-blocked');
  await page.fill('input[aria-label="Batch sizes"]', '1,2,4');
}

/** Runs `infermeter bench` against the page's data folder, its files to another --out: the run lands in History too. */
function cliRun(dataDir: string, model: string): string {
  const out = mkdtempSync(path.join(os.tmpdir(), 'infermeter-out-'));
  try {
    const args = [path.join(ROOT, 'bin', 'infermeter.js'), 'bench', model, '--batch', '1', '--ep', 'cpu', '--warmup', '2', '--warmup-ms', '0', '--min-time-ms', '50', '--max-time-ms', '400', '--quiet', '--out', out, '--json'];
    const result = spawnSync(process.execPath, args, { env: { ...process.env, INFERMETER_DATA_DIR: dataDir, INFERMETER_DEBUG: '' }, encoding: 'utf8', timeout: 240_000 });
    assert.ok(result.status === 0 || result.status === 3, `bench exited ${result.status}: ${result.stderr}`);
    return (JSON.parse(result.stdout) as RunRecord).id;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}

/** History: a CLI run listed, a duplicate import refused, different models warned about, a stale comparison cleared, a comparison's URL. */
export async function oneHistory(session: Session, dataDir: string, record: RunRecord, csvPath: string, artifacts: string, fp32Color: string): Promise<void> {
  const { page } = session;
  const cliId = cliRun(dataDir, 'builtin:bert-base:tiny');
  await page.click('button[data-view=machine]');
  await page.click('button[data-view=history]');
  await page.waitForSelector(`input[aria-label="select run ${cliId}"]`, { timeout: 30_000 });
  // Tags and a note on it, kept across a reload.
  const row = page.locator('.history-table tr', { has: page.locator(`input[aria-label="select run ${cliId}"]`) });
  await row.locator('button:has-text("Notes…")').click();
  await page.fill(`input[aria-label="Tags for run ${cliId}"]`, 'baseline, cli');
  await page.fill(`textarea[aria-label="Note for run ${cliId}"]`, 'bench from the command line');
  await page.click('button:has-text("Save notes")');
  await row.locator('.badge-tag:has-text("cli")').waitFor({ timeout: 30_000 });
  await page.reload();
  await page.waitForSelector(`input[aria-label="select run ${cliId}"]`, { timeout: 60_000 });
  assert.deepEqual(await row.locator('.badge-tag').allTextContents(), ['baseline', 'cli']);
  assert.equal(await row.locator('.run-notes .clamp').textContent(), 'bench from the command line');

  await session.importRunFile(csvPath);
  await page.waitForSelector('.error:has-text("already in the history")', { timeout: 30_000 });

  // Exactly the two runs selected (the list re-renders as it reloads: locators, not element handles).
  await page.waitForTimeout(500);
  const boxes = await page.$$eval('.history-table input[type=checkbox]', (list) => list.map((b) => b.getAttribute('aria-label') ?? ''));
  for (const label of boxes) await page.setChecked(`input[aria-label="${label}"]`, label === `select run ${record.id}` || label === `select run ${cliId}`);
  await page.click('button:has-text("Compare 2 runs")');
  await page.waitForSelector('[data-testid=different-models]', { timeout: 30_000 });
  await page.waitForTimeout(400);
  await shot(page, artifacts, '6-compare-different-models');
  const compared = await drawn(page, 'throughput');
  assert.ok(compared.datasets.length >= 2 && compared.datasets.every((d) => !d.label.includes('FP32 · cpu') || d.color === fp32Color), `FP32 · cpu keeps its Results colour (${fp32Color}) in Compare: ${JSON.stringify(compared.datasets)}`);
  assert.notEqual(compared.datasets[0]?.pointStyle, compared.datasets[1]?.pointStyle, 'two runs of one configuration are told apart by marker');
  const hash = new URL(page.url()).hash;
  assert.match(hash, /^#\/compare\//);
  await page.reload();
  await page.waitForSelector('[data-testid=comparison]', { timeout: 60_000 });
  assert.equal(new URL(page.url()).hash, hash, 'the comparison reopens from its URL');

  const third = page.locator('.history-table input[type=checkbox]:not(:checked)').first();
  await third.check();
  await page.waitForSelector('[data-testid=comparison-stale]');
  assert.equal(await page.$('[data-testid=comparison]'), null, 'no stale "Comparing 2 runs" panel beside "Compare 3 runs"');
  await third.uncheck();
}

/** Every view at both sizes and in both themes. */
export async function viewsAtSizes(page: Page, artifacts: string, runId: string): Promise<void> {
  for (const view of ['machine', 'model', 'run', 'recommend', 'history'] as const) {
    await page.click(`button[data-view=${view}]`);
    await page.waitForTimeout(1500);
    await screenshotsAtSizes(page, artifacts, `views/${view}`);
  }
  await page.evaluate(`window.location.hash = '#/results/${runId}'`);
  await page.waitForSelector('[data-testid=results-table] tbody tr', { timeout: 60_000 });
  await page.waitForTimeout(800);
  await screenshotsAtSizes(page, artifacts, 'views/results');
}

/**
 * An unstable answer offers to measure again: a run whose target interval no point can reach in its time (±0.0001%
 * in 300 ms) is unstable on any machine; the button runs that configuration again, alone.
 */
export async function remeasureUnstable(session: Session): Promise<void> {
  const { page } = session;
  await page.click('button[data-view=run]');
  await page.waitForSelector('label.check:has-text("cpu") input:checked');
  await page.fill('input[aria-label="Batch sizes"]', '1,2');
  await page.check('label.check:has-text("quick") input');
  await page.click('summary:has-text("Advanced")');
  await page.fill('input[aria-label="target 95% CI (fraction of mean)"]', '0.000001');
  await page.fill('input[aria-label="max time per point ms"]', '300');
  await page.click('[data-testid=start]');
  await page.waitForSelector('[data-testid=headline] .headline-text:has-text("Verdict: unstable")', { timeout: 120_000 });
  await page.waitForSelector('.badge-complete', { timeout: 120_000 });
  const first = (await page.textContent('.run-header h2')) ?? '';
  await page.click('button:has-text("Re-measure this configuration")');
  for (let i = 0; i < 600 && ((await page.textContent('.run-header h2')) ?? first) === first; i++) await page.waitForTimeout(100);
  assert.notEqual(await page.textContent('.run-header h2'), first, 'the re-measure opened a new run');
  await page.waitForSelector('.run-header .badge-complete', { timeout: 120_000 });
  const again = JSON.parse(await session.savedText(() => page.click('.export-bar button:has-text("JSON")'))) as RunRecord;
  assert.deepEqual([again.options.batches.length, again.options.precisions, again.plan.length], [1, ['fp32'], 1], 'the re-measure runs the answer\'s configuration alone');
}

/** The Model view's op histogram (the model's, as `inspect` counts it) and top operators by time from the run's profile. */
export async function modelFacts(page: Page, record: RunRecord, artifacts: string): Promise<void> {
  await page.click('button[data-view=model]');
  await page.waitForSelector('[data-testid=op-histogram] tbody tr', { timeout: 60_000 });
  const histogram = await page.$$eval('[data-testid=op-histogram] tbody tr', (rows) => rows.map((r) => [r.children[0]?.textContent ?? '', Number(r.children[1]?.textContent)]));
  assert.deepEqual(Object.fromEntries(histogram), record.model.opHistogram);
  await page.waitForSelector('[data-testid=op-times] tbody tr', { timeout: 30_000 });
  const timed = await page.$$eval('[data-testid=op-times] tbody tr td:first-child', (cells) => cells.map((c) => c.textContent ?? ''));
  const profiled = record.points.flatMap((p) => (p.verdict === 'failed' ? [] : (p.ortProfile?.opTimes ?? []).map((t) => t.op)));
  assert.ok(timed.length > 0 && timed.every((op) => profiled.includes(op) || / other ops$/.test(op)), `top ops ${timed.join(', ')} come from the run's profile (${profiled.join(', ')})`);
  await page.locator('[data-testid=op-times]').scrollIntoViewIfNeeded();
  await shot(page, artifacts, '2-model-operators');
}
